using System.Diagnostics;
using Ksbb.Allocation;
using Microsoft.Extensions.Logging;

namespace Ksbb.Extensions.Hosting;

/// <summary>Runs the registered <see cref="AllocationEngine"/> with logging, metrics and a trace per run.</summary>
/// <remarks>
/// Each run is one <c>ksbb.allocation.run</c> activity (tags: item, units, offers, allocated), counted in
/// <see cref="KsbbTelemetry.RunsInstrument"/> and timed in <see cref="KsbbTelemetry.RunDurationInstrument"/> by
/// outcome, and logged: a summary at Information, an invalid problem at Warning, an unexpected failure at Error.
/// Resolve it from the container (<c>AddKsbbAllocation</c> registers it as a singleton). Thread-safe.
/// </remarks>
public sealed partial class AllocationRunner
{
    private readonly KsbbInstrumentation _instrumentation;
    private readonly ILogger<AllocationRunner> _logger;

    internal AllocationRunner(AllocationEngine engine, KsbbInstrumentation instrumentation, ILogger<AllocationRunner> logger)
    {
        Engine = engine;
        _instrumentation = instrumentation;
        _logger = logger;
    }

    /// <summary>Gets the engine.</summary>
    public AllocationEngine Engine { get; }

    /// <summary>Allocates a problem's offers to its units.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="progress">Receives progress reports, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">The problem is invalid (as <see cref="AllocationEngine.Allocate(AllocationProblem, IProgress{AllocationProgress}?, CancellationToken)"/>).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public AllocationResult Allocate(AllocationProblem problem, IProgress<AllocationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var item = problem.Item.ToString();
        using var activity = KsbbInstrumentation.AllocationSource.StartActivity("ksbb.allocation.run");
        activity?.SetTag(KsbbTelemetry.ItemTag, item);
        activity?.SetTag("ksbb.units", problem.UnitCount);
        activity?.SetTag("ksbb.offers", problem.OfferCount);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = Engine.Allocate(problem, progress, cancellationToken);
            outcome = "ok";
            var summary = result.Summary;
            activity?.SetTag("ksbb.allocated", summary.Allocated);
            _instrumentation.Allocated.Add(summary.Allocated, new KeyValuePair<string, object?>(KsbbTelemetry.ItemTag, item));
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogAllocated(item, problem.UnitCount, problem.OfferCount, summary.Allocated, summary.Need, summary.Supply, summary.MinimumFillRate, milliseconds);

            return result;
        }
        catch (AllocationProblemException ex)
        {
            outcome = "invalid_problem";
            LogInvalidProblem(ex, item, ex.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, item);
            throw;
        }
        finally
        {
            activity?.SetTag(KsbbTelemetry.OutcomeTag, outcome);
            if (outcome != "ok")
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome);
            }

            var tags = new TagList { { KsbbTelemetry.OutcomeTag, outcome }, { KsbbTelemetry.ItemTag, item } };
            _instrumentation.Runs.Add(1, tags);
            _instrumentation.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Allocated {Item}: {Units} units, {Offers} offers, {Allocated} of need {Need} (supply {Supply}), minimum fill rate {MinimumFillRate:P1}, in {Milliseconds:F0} ms")]
    private partial void LogAllocated(string item, int units, int offers, long allocated, long need, long supply, double minimumFillRate, double milliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Allocation of {Item} refused an invalid problem: {Reason}")]
    private partial void LogInvalidProblem(Exception exception, string item, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Allocation of {Item} failed")]
    private partial void LogFailed(Exception exception, string item);
}
