namespace Ksbb.Extensions.Hosting;

/// <summary>The names of the meters and activity sources the Ksbb packages publish, for OpenTelemetry's
/// <c>AddMeter</c> and <c>AddSource</c> (for example <c>.AddMeter([.. KsbbTelemetry.Names])</c>).</summary>
/// <remarks>
/// The core types own their telemetry, with or without a host: <see cref="Ksbb.Geo.BoundaryIndex"/>
/// (<see cref="Ksbb.Geo.GeoTelemetry"/>), <see cref="Ksbb.Allocation.AllocationEngine"/>
/// (<see cref="Ksbb.Allocation.AllocationTelemetry"/>), <see cref="Ksbb.Round.PooledRound"/>
/// (<see cref="Ksbb.Round.RoundTelemetry"/>) and the ledger's store and commands (<see cref="Ksbb.Ledger.LedgerTelemetry"/>);
/// those classes name the instruments and tags. This package adds none.
/// </remarks>
public static class KsbbTelemetry
{
    /// <summary>Gets the meter and activity source names: <c>Ksbb.Geo</c>, <c>Ksbb.Allocation</c>, <c>Ksbb.Ledger</c> and <c>Ksbb.Round</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [Ksbb.Geo.GeoTelemetry.Name, Ksbb.Allocation.AllocationTelemetry.Name, Ksbb.Ledger.LedgerTelemetry.Name, Ksbb.Round.RoundTelemetry.Name];
}
