using BenchmarkDotNet.Attributes;
using Ksbb.Allocation;
using Ksbb.Allocation.Oracle;
using Ksbb.SampleData;

namespace Ksbb.Benchmarks;

/// <summary>
/// Online re-optimisation on the full city: 200 seeded mixed changes (pledges added and withdrawn, quantities, needs to
/// and from zero, aggregator capacities) applied one at a time from the previous optimal basis, beside from-scratch
/// solves of the changed problem by the engine and by OR-Tools (the baseline). The Ratio column of
/// <c>'one change'</c> is the figure (target ≤ 0.01 of the engine's own from-scratch time); the global cleanup prints
/// the median and p99 of one change over the 200.
/// </summary>
/// <remarks>
/// One operation of the from-scratch methods takes seconds: run it as a short monitoring job in-process (see
/// benchmarks/README.md, "Online allocation").
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(1)] // one job for every method (the per-change method needs a fresh session per iteration), so the Ratio column compares them
public class OnlineAllocationBenchmarks
{
    private const int Changes = 200;
    private AllocationProblem _problem = null!;
    private AllocationProblem _changed = null!;
    private List<AllocationChange> _changes = null!;
    private OnlineAllocation _session = null!;
    private readonly List<double> _perChange = [];

    [GlobalSetup]
    public void Setup()
    {
        _problem = AllocationProblem.Parse(AllocationInstances.FullCity(SampleSeed.Default));
        _changes = OnlineEvents.Create(_problem, 2020, Changes);
        var session = AllocationEngine.Default.StartOnline(_problem, CancellationToken.None);
        foreach (var change in _changes)
        {
            session.Apply(change, CancellationToken.None);
        }

        _changed = session.Problem;
    }

    [IterationSetup(Target = nameof(OneChange))]
    public void StartSession() => _session = AllocationEngine.Default.StartOnline(_problem, CancellationToken.None);

    [Benchmark(Baseline = true, Description = "OR-Tools from scratch (changed problem)")]
    public long OrTools() => OrToolsOracle.Solve(_changed).OptimalCost;

    [Benchmark(Description = "engine from scratch (changed problem)")]
    public long EngineFromScratch() => AllocationEngine.Default.Allocate(_changed, CancellationToken.None).Summary.Cost;

    /// <summary>The 200 changes from the first optimum, timed one by one; the mean per change is the reported time.</summary>
    [Benchmark(OperationsPerInvoke = Changes, Description = "one change (online, mean of 200)")]
    public long OneChange()
    {
        long cost = 0;
        foreach (var change in _changes)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            cost = _session.Apply(change, CancellationToken.None).Cost;
            _perChange.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return cost;
    }

    [Benchmark(Description = "first solve + 200 changes (online)")]
    public long FirstSolveAndChanges()
    {
        var session = AllocationEngine.Default.StartOnline(_problem, CancellationToken.None);
        foreach (var change in _changes)
        {
            session.Apply(change, CancellationToken.None);
        }

        return session.Cost;
    }

    [GlobalCleanup(Target = nameof(OneChange))]
    public void Report()
    {
        var times = _perChange.ToArray();
        Console.WriteLine($"// one change over {times.Length} timed changes: median {OnlineRunner.Percentile(times, 0.5):F2} ms, p99 {OnlineRunner.Percentile(times, 0.99):F2} ms");
    }
}
