using Ksbb.Ledger;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ksbb.Extensions.Hosting;

/// <summary>Reports the ledger store healthy when it answers with the schema version this package writes.</summary>
internal sealed class LedgerHealthCheck(LedgerRecorder recorder) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var store = recorder.Ledger.Store;
        try
        {
            var version = await store.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
            return version == store.LatestSchemaVersion
                ? HealthCheckResult.Healthy($"{store.Description}: schema {version}.")
                : HealthCheckResult.Unhealthy($"{store.Description}: schema {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {store.LatestSchemaVersion}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Description}: {ex.Message}", ex);
        }
    }
}
