using Ksbb.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ksbb.Extensions.Hosting;

/// <summary>Reports the ledger store healthy when it answers with the schema version this package reads; unhealthy,
/// with the reason, when it cannot be reached, holds no ledger or another schema (checked with
/// <see cref="LedgerStore.EnsureReadyAsync"/> without creating anything).</summary>
internal sealed class LedgerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var store = services.GetRequiredService<ReservationLedger>().Store;
            await store.EnsureReadyAsync(create: false, cancellationToken).ConfigureAwait(false);
            var version = await store.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false); // reaches the database on every check
            return version == store.LatestSchemaVersion
                ? HealthCheckResult.Healthy($"{store.Description}: schema {version}.")
                : HealthCheckResult.Unhealthy($"{store.Description}: schema {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {store.LatestSchemaVersion}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The ledger store is not ready: {ex.Message}", ex);
        }
    }
}
