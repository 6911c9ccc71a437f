using Ksbb.Allocation.Solver;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// Problems that fall apart into parts with no eligible pair between them are solved part by part (in parallel); the
/// optimum of the whole must not change, and the bytes must not depend on the parallelism.
/// </summary>
public sealed class ComponentTests
{
    private static AllocationEngine SplitAlways(int parallelism) => new AllocationEngineBuilder()
        .WithMaxDegreeOfParallelism(parallelism)
        .WithSolverOptions(new SolverOptions(CoarseMinimumUnits: 1, CoarseMinimumGroupSize: 1, VectorPricing: true, ComponentMinimumUnits: 1))
        .Build();

    [Fact]
    public void RandomInstances_SolvedInParts_MatchOrToolsAndAccountForEveryItem() =>
        Feasibility.AssertOptimalOnRandomInstances(
            SplitAlways(2),
            result => Assert.Equal(result.Summary.UndistributedSupply, result.Unallocated.Sum(u => u.Quantity)));

    [Fact]
    public void SplitInstances_MatchOrToolsWithTheSameBytesWhateverTheParallelism()
    {
        var split = 0;
        for (var seed = 0; seed < 3000; seed++)
        {
            var problem = RandomInstances.Create(seed);
            if (ComponentMap.Split(problem, new ProblemIndex(problem)) is not { } parts)
            {
                continue;
            }

            split++;

            // Every needy unit a pledge reaches is in that pledge's part, and the parts share no unit or pledge.
            Assert.Equal(parts.Sum(p => p.Units.Length), parts.SelectMany(p => p.Units).Distinct().Count());
            Assert.Equal(parts.Sum(p => p.Pledges.Length), parts.SelectMany(p => p.Pledges).Distinct().Count());
            foreach (var part in parts)
            {
                Assert.All(part.Problem.Units, u => Assert.True(u.Need > 0));
            }

            var one = SplitAlways(1).Allocate(problem, TestContext.Current.CancellationToken);
            Feasibility.AssertOptimal(problem, one);
            Assert.Equal(one.ToUtf8Json(), SplitAlways(2).Allocate(problem, TestContext.Current.CancellationToken).ToUtf8Json());
        }

        Assert.True(split >= 100, $"only {split} of 3000 instances fell apart; the test needs more");
    }

    [Fact]
    public void Parts_ReportProgressInOrderAndHonourCancellation()
    {
        var problem = Enumerable.Range(0, 1000).Select(RandomInstances.Create).First(p => ComponentMap.Split(p, new ProblemIndex(p)) is not null);
        var reports = new List<AllocationProgress>();
        var engine = new AllocationEngineBuilder()
            .WithProgressInterval(1)
            .WithSolverOptions(SolverOptions.Default with { ComponentMinimumUnits = 1 })
            .Build();
        var result = engine.Allocate(problem, new LockedProgress(reports), TestContext.Current.CancellationToken);
        Assert.Equal(AllocationStage.Building, reports[0].Stage);
        Assert.Equal(AllocationStage.Completed, reports[^1].Stage);
        Assert.Equal(result.Pivots, reports[^1].Pivots);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Pivots <= p.Second.Pivots), "pivot counts only grow");

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Allocate(problem, cancelled.Token));
    }

    private sealed class LockedProgress(List<AllocationProgress> reports) : IProgress<AllocationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(AllocationProgress value)
        {
            lock (_gate)
            {
                reports.Add(value);
            }
        }
    }
}
