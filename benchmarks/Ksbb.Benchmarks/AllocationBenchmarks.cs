using BenchmarkDotNet.Attributes;
using Ksbb.Allocation;
using Ksbb.Allocation.Oracle;
using Ksbb.SampleData;

namespace Ksbb.Benchmarks;

/// <summary>
/// The allocation engine against OR-Tools' min-cost flow (build + <c>SolveMaxFlowWithMinCost</c>) on the same problem,
/// network construction included on both sides: the Ratio column is the figure.
/// </summary>
/// <remarks>
/// One operation takes seconds, so run it as a short monitoring job in-process (see benchmarks/README.md):
/// <c>-- --filter '*AllocationBenchmarks*' --inProcess --strategy Monitoring --launchCount 1 --warmupCount 1 --iterationCount 3</c>.
/// </remarks>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    private AllocationProblem _problem = null!;

    /// <summary>The instance: a 5,000-RT city with 350 pledges, or the full city (30,017 RTs, 2,000 pledges).</summary>
    [Params("city-5k", "full-city")]
    public string Instance { get; set; } = "full-city";

    [GlobalSetup]
    public void Setup() => _problem = Instance == "full-city"
        ? AllocationProblem.Parse(AllocationInstances.FullCity(SampleSeed.Default))
        : AllocationProblem.Parse(AllocationInstances.City(5_000, 350, SampleSeed.Default));

    [Benchmark(Baseline = true, Description = "OR-Tools build + solve")]
    public long OrTools() => OrToolsOracle.Solve(_problem).OptimalCost;

    [Benchmark(Description = "Ksbb engine build + solve")]
    public long Engine() => AllocationEngine.Default.Allocate(_problem, CancellationToken.None).Summary.Cost;
}
