using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ksbb.Model.Catalog;
using Ksbb.Model.Time;

namespace Ksbb.Round;

/// <summary>The meter, activity source and instrument names of pooled rounds (<see cref="PooledRound"/>), for
/// OpenTelemetry's <c>AddMeter(RoundTelemetry.Name)</c> and <c>AddSource(RoundTelemetry.Name)</c>.</summary>
/// <remarks>
/// Every <see cref="PooledRound"/> publishes, with no host and no registration: one <c>ksbb.round.plan</c> activity
/// per <see cref="PooledRound.PlanAsync"/> (tags <see cref="ItemTag"/>, <c>ksbb.period</c>, <c>ksbb.need</c>,
/// <c>ksbb.supply</c>, <c>ksbb.allocated</c>, <c>ksbb.lines</c>; the allocation run is its child
/// <c>ksbb.allocation.run</c>, the ledger's reads and writes its <c>Ksbb.Ledger</c> children), counted in
/// <see cref="PlansInstrument"/>; and one <c>ksbb.round.commit</c> activity per commit (tags <see cref="ItemTag"/>,
/// <c>ksbb.lines</c>, <c>ksbb.reserved</c>, <c>ksbb.replayed</c>, <c>ksbb.refused</c>), with every line counted in
/// <see cref="LinesInstrument"/> by <see cref="OutcomeTag"/> = <c>reserved</c>, <c>replayed</c> or <c>refused</c> and
/// the quantity reserved in <see cref="CommittedInstrument"/>. All instruments are tagged <see cref="ItemTag"/>.
/// </remarks>
public static class RoundTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Ksbb.Round";

    /// <summary>The counter of plans made (unit <c>{plan}</c>).</summary>
    public const string PlansInstrument = "ksbb.round.plans";

    /// <summary>The counter of plan lines committed (unit <c>{line}</c>), tagged <see cref="OutcomeTag"/>.</summary>
    public const string LinesInstrument = "ksbb.round.lines";

    /// <summary>The counter of the quantity reserved by commits (unit <c>{item}</c>).</summary>
    public const string CommittedInstrument = "ksbb.round.committed";

    /// <summary>The tag of <see cref="LinesInstrument"/>: <c>reserved</c>, <c>replayed</c> or <c>refused</c>.</summary>
    public const string OutcomeTag = "ksbb.outcome";

    /// <summary>The tag naming the item code.</summary>
    public const string ItemTag = "ksbb.item";

    private static readonly string? Version = typeof(RoundTelemetry).Assembly.GetName().Version?.ToString();

    private static readonly ActivitySource Source = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> Plans = Meter.CreateCounter<long>(PlansInstrument, "{plan}", "Pooled plans made, by item.");

    private static readonly Counter<long> Lines = Meter.CreateCounter<long>(LinesInstrument, "{line}", "Pooled plan lines committed, by outcome and item.");

    private static readonly Counter<long> Committed = Meter.CreateCounter<long>(CommittedInstrument, "{item}", "Quantity reserved by pooled commits, by item.");

    internal static async Task<PooledPlan> PlanAsync(ItemCode item, DistributionPeriod period, Func<Task<PooledPlan>> plan)
    {
        using var activity = Source.StartActivity("ksbb.round.plan");
        activity?.SetTag(ItemTag, item.ToString());
        activity?.SetTag("ksbb.period", period.ToString());
        try
        {
            var result = await plan().ConfigureAwait(false);
            activity?.SetTag("ksbb.need", result.Need);
            activity?.SetTag("ksbb.supply", result.Supply);
            activity?.SetTag("ksbb.allocated", result.Allocated);
            activity?.SetTag("ksbb.lines", result.Lines.Count);
            Plans.Add(1, new KeyValuePair<string, object?>(ItemTag, item.ToString()));
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    internal static async Task<PooledCommit> CommitAsync(PooledPlan plan, Func<Task<PooledCommit>> commit)
    {
        var item = plan.Item.ToString();
        using var activity = Source.StartActivity("ksbb.round.commit");
        activity?.SetTag(ItemTag, item);
        activity?.SetTag("ksbb.lines", plan.Lines.Count);
        try
        {
            var result = await commit().ConfigureAwait(false);
            activity?.SetTag("ksbb.reserved", result.Reserved);
            activity?.SetTag("ksbb.replayed", result.Replayed);
            activity?.SetTag("ksbb.refused", result.Refused);
            var itemTag = new KeyValuePair<string, object?>(ItemTag, item);
            Count(result.Reserved, "reserved", itemTag);
            Count(result.Replayed, "replayed", itemTag);
            Count(result.Refused, "refused", itemTag);
            Committed.Add(result.Lines.Where(l => l.Outcome.Kind == Ksbb.Ledger.LedgerOutcomeKind.Applied).Sum(l => l.Line.Quantity), itemTag);
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private static void Count(int lines, string outcome, KeyValuePair<string, object?> item)
    {
        if (lines > 0)
        {
            Lines.Add(lines, new KeyValuePair<string, object?>(OutcomeTag, outcome), item);
        }
    }
}
