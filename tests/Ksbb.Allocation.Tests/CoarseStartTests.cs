using Ksbb.Allocation.Solver;
using Ksbb.SampleData;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// The solver's faster paths keep the optimum: the start from a coarse (kelurahan-group) problem's optimum, and the
/// AVX2 pricing loop, which must choose the same pivots as the scalar one.
/// </summary>
public sealed class CoarseStartTests
{
    private static readonly AllocationEngine CoarseAlwaysScalar = new AllocationEngineBuilder()
        .WithSolverOptions(new SolverOptions(CoarseMinimumUnits: 1, CoarseMinimumGroupSize: 1, VectorPricing: false, ComponentMinimumUnits: int.MaxValue))
        .Build();

    private static readonly AllocationEngine Scalar = new AllocationEngineBuilder()
        .WithSolverOptions(SolverOptions.Default with { VectorPricing = false })
        .Build();

    [Fact]
    public void RandomInstances_CoarseStartEverywhere_MatchOrTools() => Feasibility.AssertOptimalOnRandomInstances(CoarseAlwaysScalar);

    [Fact]
    public void FirstSeeds_EveryShape_CoarseStartEverywhere_MatchOrTools()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var problem = RandomInstances.Create(seed);
            var result = CoarseAlwaysScalar.Allocate(problem, TestContext.Current.CancellationToken);
            Feasibility.AssertOptimal(problem, result);
        }
    }

    [Theory]
    [InlineData(6_000, 400, 1)]
    [InlineData(9_000, 700, 2)]
    public void CityInstance_CoarseStart_MatchesOrToolsAndScalarPricing(int rts, int pledges, int seed)
    {
        var problem = AllocationProblem.Parse(AllocationInstances.City(rts, pledges, seed));
        var network = FlowNetwork.Build(problem, 1, SolverOptions.Default, TestContext.Current.CancellationToken);
        Assert.True(network.CoarseStarted, "the city instance should take the coarse start");

        var result = AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken);
        Feasibility.AssertOptimal(problem, result);

        // The vector loop only skips groups of arcs with no negative reduced cost: the same pivots, the same bytes.
        Assert.Equal(result.ToUtf8Json(), Scalar.Allocate(problem, TestContext.Current.CancellationToken).ToUtf8Json());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void LargerCandidateLists_ReachTheSameOptimum(int minimumCandidates)
    {
        // A major pricing step that collects several improving items (the online network's setting), or prices every
        // item when fewer improve, pivots differently from the first-block rule but ends at the same cost (same start).
        for (var seed = 0; seed < 120; seed++)
        {
            var problem = RandomInstances.Create(seed);
            Assert.Equal(Solve(problem, 1).Objective, Solve(problem, minimumCandidates).Objective);
        }

        var city = AllocationProblem.Parse(AllocationInstances.City(2_000, 150, 3));
        var (objective, pivots) = Solve(city, 1);
        var other = Solve(city, minimumCandidates);
        Assert.Equal(objective, other.Objective);
        Assert.NotEqual(pivots, other.Pivots);

        static (Int128 Objective, long Pivots) Solve(AllocationProblem problem, int minimumCandidates)
        {
            var network = FlowNetwork.Build(problem, 1, SolverOptions.Default, TestContext.Current.CancellationToken);
            network.Simplex.MinimumCandidates = minimumCandidates;
            network.Solve(_ => { }, 1000);
            return (network.Simplex.ObjectiveChange, network.Simplex.Pivots);
        }
    }

    [Fact]
    public void SmallProblem_KeepsTheGreedyStart()
    {
        var problem = AllocationProblem.Parse(AllocationInstances.City(1_000, 100));
        var network = FlowNetwork.Build(problem, 1, SolverOptions.Default, TestContext.Current.CancellationToken);
        Assert.False(network.CoarseStarted);
    }
}
