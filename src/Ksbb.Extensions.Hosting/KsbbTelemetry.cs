namespace Ksbb.Extensions.Hosting;

/// <summary>The names of the meters, activity sources and instruments this package publishes, for OpenTelemetry's
/// <c>AddMeter</c> and <c>AddSource</c> (for example <c>AddMeter(KsbbTelemetry.GeoName, KsbbTelemetry.AllocationName)</c>).</summary>
/// <remarks>
/// Instruments: <see cref="LookupsInstrument"/> (a counter of point lookups, tagged <see cref="ResultTag"/> =
/// <c>found</c> or <c>not_found</c>), <see cref="RunsInstrument"/> (a counter of allocation runs, tagged
/// <see cref="OutcomeTag"/> = <c>ok</c>, <c>invalid_problem</c>, <c>cancelled</c> or <c>error</c>),
/// <see cref="RunDurationInstrument"/> (a histogram of run time in seconds, same tag) and
/// <see cref="AllocatedInstrument"/> (a counter of items allocated). Activities: <c>ksbb.geo.locate_many</c> per batch
/// lookup and <c>ksbb.allocation.run</c> per allocation run. Single lookups start no activity (they take about 100 ns).
/// </remarks>
public static class KsbbTelemetry
{
    /// <summary>The meter and activity source name for boundary lookups.</summary>
    public const string GeoName = "Ksbb.Geo";

    /// <summary>The meter and activity source name for allocation runs.</summary>
    public const string AllocationName = "Ksbb.Allocation";

    /// <summary>The meter and activity source name for the reservation ledger.</summary>
    public const string LedgerName = "Ksbb.Ledger";

    /// <summary>The counter of reservation requests (unit <c>{request}</c>), tagged <see cref="OutcomeTag"/> = <c>reserved</c>, <c>replayed</c>, <c>refused</c>, <c>unknown_need</c> or <c>key_conflict</c>.</summary>
    public const string ReservationsInstrument = "ksbb.ledger.reservations";

    /// <summary>The counter of ledger requests not applied (unit <c>{request}</c>): refused reservations and failed transitions, tagged <see cref="OutcomeTag"/>.</summary>
    public const string RefusalsInstrument = "ksbb.ledger.refusals";

    /// <summary>The counter of release and delivery requests (unit <c>{request}</c>), tagged <see cref="TransitionTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string TransitionsInstrument = "ksbb.ledger.transitions";

    /// <summary>The tag naming a ledger transition: <c>release</c> or <c>deliver</c>.</summary>
    public const string TransitionTag = "ksbb.transition";

    /// <summary>The counter of point lookups (unit <c>{lookup}</c>).</summary>
    public const string LookupsInstrument = "ksbb.geo.lookups";

    /// <summary>The counter of allocation runs (unit <c>{run}</c>).</summary>
    public const string RunsInstrument = "ksbb.allocation.runs";

    /// <summary>The histogram of allocation run time (unit <c>s</c>).</summary>
    public const string RunDurationInstrument = "ksbb.allocation.run.duration";

    /// <summary>The counter of items allocated by successful runs (unit <c>{item}</c>).</summary>
    public const string AllocatedInstrument = "ksbb.allocation.allocated";

    /// <summary>The tag of <see cref="LookupsInstrument"/>: <c>found</c> or <c>not_found</c>.</summary>
    public const string ResultTag = "ksbb.result";

    /// <summary>The tag of the allocation instruments: <c>ok</c>, <c>invalid_problem</c>, <c>cancelled</c> or <c>error</c>.</summary>
    public const string OutcomeTag = "ksbb.outcome";

    /// <summary>The tag naming the item code on allocation instruments and activities.</summary>
    public const string ItemTag = "ksbb.item";
}
