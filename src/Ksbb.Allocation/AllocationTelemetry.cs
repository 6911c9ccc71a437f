using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ksbb.Allocation;

/// <summary>The meter, activity source and instrument names of allocation runs (<see cref="AllocationEngine"/>), for
/// OpenTelemetry's <c>AddMeter(AllocationTelemetry.Name)</c> and <c>AddSource(AllocationTelemetry.Name)</c>.</summary>
/// <remarks>
/// Every <see cref="AllocationEngine.Allocate(AllocationProblem, IProgress{AllocationProgress}?, CancellationToken)"/>
/// publishes, with no host and no registration: one <c>ksbb.allocation.run</c> activity (tags <see cref="ItemTag"/>,
/// <c>ksbb.units</c>, <c>ksbb.offers</c>, <c>ksbb.allocated</c>, <c>ksbb.need</c>, <c>ksbb.supply</c> and
/// <see cref="OutcomeTag"/>; status Error unless <c>ok</c>); <see cref="RunsInstrument"/> (a counter of runs) and
/// <see cref="RunDurationInstrument"/> (a histogram of run time in seconds), both tagged <see cref="OutcomeTag"/> =
/// <c>ok</c>, <c>invalid_problem</c>, <c>cancelled</c> or <c>error</c> and <see cref="ItemTag"/>; and
/// <see cref="AllocatedInstrument"/> (a counter of items allocated by successful runs, tagged <see cref="ItemTag"/>).
/// </remarks>
public static class AllocationTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Ksbb.Allocation";

    /// <summary>The counter of allocation runs (unit <c>{run}</c>).</summary>
    public const string RunsInstrument = "ksbb.allocation.runs";

    /// <summary>The histogram of allocation run time (unit <c>s</c>).</summary>
    public const string RunDurationInstrument = "ksbb.allocation.run.duration";

    /// <summary>The counter of items allocated by successful runs (unit <c>{item}</c>).</summary>
    public const string AllocatedInstrument = "ksbb.allocation.allocated";

    /// <summary>The tag of the run instruments: <c>ok</c>, <c>invalid_problem</c>, <c>cancelled</c> or <c>error</c>.</summary>
    public const string OutcomeTag = "ksbb.outcome";

    /// <summary>The tag naming the item code on the instruments and the activity.</summary>
    public const string ItemTag = "ksbb.item";

    private static readonly string? Version = typeof(AllocationTelemetry).Assembly.GetName().Version?.ToString();

    private static readonly ActivitySource Source = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(RunsInstrument, "{run}", "Allocation runs, by outcome and item.");

    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(RunDurationInstrument, "s", "Allocation run time, by outcome and item.");

    private static readonly Counter<long> Allocated = Meter.CreateCounter<long>(AllocatedInstrument, "{item}", "Items allocated by successful runs, by item.");

    // Runs one allocation inside its activity, counting and timing it by outcome.
    internal static AllocationResult Run(AllocationProblem problem, Func<AllocationResult> solve)
    {
        var item = problem.Item.ToString();
        using var activity = Source.StartActivity("ksbb.allocation.run");
        activity?.SetTag(ItemTag, item);
        activity?.SetTag("ksbb.units", problem.UnitCount);
        activity?.SetTag("ksbb.offers", problem.PledgeCount);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = solve();
            outcome = "ok";
            var summary = result.Summary;
            activity?.SetTag("ksbb.allocated", summary.Allocated);
            activity?.SetTag("ksbb.need", summary.Need);
            activity?.SetTag("ksbb.supply", summary.Supply);
            Allocated.Add(summary.Allocated, new KeyValuePair<string, object?>(ItemTag, item));
            return result;
        }
        catch (AllocationProblemException)
        {
            outcome = "invalid_problem";
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            activity?.SetTag(OutcomeTag, outcome);
            if (outcome != "ok")
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome);
            }

            var tags = new TagList { { OutcomeTag, outcome }, { ItemTag, item } };
            Runs.Add(1, tags);
            RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
