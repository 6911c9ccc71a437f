using Ksbb.Model.Regions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ksbb.Portal;

/// <summary>Prepares the map and the demo round before the server listens (seeding an empty data directory); the
/// <c>portal</c> health check reports ready once this is done.</summary>
internal sealed class PortalStartup(IConfiguration configuration, IServiceProvider services, ILogger<PortalStartup> logger) : IHostedService, IHealthCheck
{
    private readonly TaskCompletionSource<(MapData Map, DemoRound Round)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(MapData Map, DemoRound Round)> Ready => _ready.Task;

    /// <summary>A unit's point on the portal's map (for the pooled round); the map must be ready.</summary>
    public GeoPoint Place(RegionCode unit) =>
        _ready.Task.IsCompletedSuccessfully && _ready.Task.Result.Map.TryGet(unit, out var info)
            ? info.Centre
            : throw new InvalidOperationException($"Unit {unit} has no place on the portal's map (or the map is not ready).");

    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["data-dir"] is { Length: > 0 } dir ? dir : "portal-data");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var dataDir = DataDirectory(configuration);
            Directory.CreateDirectory(dataDir);
            var area = RegionCode.Parse(configuration["seed-area"] is { Length: > 0 } a ? a : "31.71");
            var map = new MapData(area, 2012);
            var seeding = !File.Exists(Path.Combine(dataDir, DemoRound.RoundFile));
            if (seeding && File.Exists(Path.Combine(dataDir, DemoRound.LedgerFile)))
            {
                throw new InvalidOperationException($"{dataDir}: holds {DemoRound.LedgerFile} but no {DemoRound.RoundFile} (an interrupted seed?); give an empty directory.");
            }

            var round = await DemoRound.LoadOrSeedAsync(dataDir, map, 2012, services.GetRequiredService<Ksbb.Ledger.ReservationLedger>(), cancellationToken);
            Log.Ready(logger, dataDir, seeding ? "seeded" : "loaded", round.Households.Count);
            _ready.SetResult((map, round));
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready.Task.IsCompletedSuccessfully ? HealthCheckResult.Healthy("Map and demo round ready.") : HealthCheckResult.Unhealthy("Starting."));
}

/// <summary>The portal's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Portal data in {DataDir} {Action}: {Needs} RT needs")]
    public static partial void Ready(ILogger logger, string dataDir, string action, int needs);
}
