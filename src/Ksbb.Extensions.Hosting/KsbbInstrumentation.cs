using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ksbb.Extensions.Hosting;

/// <summary>The meters and instruments of one container: created through the host's <see cref="IMeterFactory"/> when it
/// has one (so they are scoped to the container), else owned here and disposed with the container.</summary>
internal sealed class KsbbInstrumentation : IDisposable
{
    public static readonly ActivitySource GeoSource = new(KsbbTelemetry.GeoName);
    public static readonly ActivitySource AllocationSource = new(KsbbTelemetry.AllocationName);
    public static readonly ActivitySource LedgerSource = new(KsbbTelemetry.LedgerName);

    private readonly Meter? _ownedGeo;
    private readonly Meter? _ownedAllocation;
    private readonly Meter? _ownedLedger;

    public KsbbInstrumentation(IMeterFactory? factory)
    {
        var geo = factory?.Create(KsbbTelemetry.GeoName) ?? (_ownedGeo = new Meter(KsbbTelemetry.GeoName));
        var allocation = factory?.Create(KsbbTelemetry.AllocationName) ?? (_ownedAllocation = new Meter(KsbbTelemetry.AllocationName));
        Lookups = geo.CreateCounter<long>(KsbbTelemetry.LookupsInstrument, "{lookup}", "Point lookups, by result.");
        Runs = allocation.CreateCounter<long>(KsbbTelemetry.RunsInstrument, "{run}", "Allocation runs, by outcome.");
        RunDuration = allocation.CreateHistogram<double>(KsbbTelemetry.RunDurationInstrument, "s", "Allocation run time, by outcome.");
        var ledger = factory?.Create(KsbbTelemetry.LedgerName) ?? (_ownedLedger = new Meter(KsbbTelemetry.LedgerName));
        Reservations = ledger.CreateCounter<long>(KsbbTelemetry.ReservationsInstrument, "{request}", "Reservation requests, by outcome.");
        Refusals = ledger.CreateCounter<long>(KsbbTelemetry.RefusalsInstrument, "{request}", "Ledger requests not applied, by outcome.");
        Transitions = ledger.CreateCounter<long>(KsbbTelemetry.TransitionsInstrument, "{request}", "Release and delivery requests, by transition and outcome.");
        Allocated = allocation.CreateCounter<long>(KsbbTelemetry.AllocatedInstrument, "{item}", "Items allocated by successful runs.");
    }

    public Counter<long> Lookups { get; }

    public Counter<long> Runs { get; }

    public Histogram<double> RunDuration { get; }

    public Counter<long> Allocated { get; }

    public Counter<long> Reservations { get; }

    public Counter<long> Refusals { get; }

    public Counter<long> Transitions { get; }

    public void Dispose()
    {
        _ownedGeo?.Dispose();
        _ownedAllocation?.Dispose();
        _ownedLedger?.Dispose();
    }
}
