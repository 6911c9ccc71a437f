using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ksbb.Extensions.Hosting;

/// <summary>Reports the ledger store healthy when it opens and answers with the schema version this package writes;
/// unhealthy, with the reason, when it cannot be opened or reached or holds another schema.</summary>
internal sealed class LedgerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var store = services.GetRequiredService<LedgerRecorder>().Ledger.Store;
            var version = await store.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
            return version == store.LatestSchemaVersion
                ? HealthCheckResult.Healthy($"{store.Description}: schema {version}.")
                : HealthCheckResult.Unhealthy($"{store.Description}: schema {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {store.LatestSchemaVersion}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The ledger store is not usable: {ex.Message}", ex);
        }
    }
}
