using FsCheck;
using FsCheck.Fluent;
using Ksbb.Allocation.Oracle;

namespace Ksbb.Allocation.Tests;

/// <summary>Exactness: the engine's total and cost equal OR-Tools' maximum flow and optimal cost, and the lines are feasible.</summary>
public sealed class OracleAgreementTests
{
    [Fact]
    public void RandomInstances_MatchOrToolsAndAreFeasible()
    {
        var seeds = Gen.Choose(0, int.MaxValue).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(seeds, seed =>
        {
            var problem = RandomInstances.Create(seed);
            var result = AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken);
            var oracle = OrToolsOracle.Solve(problem);
            Assert.Equal(oracle.MaximumFlow, result.Summary.Allocated);
            Assert.Equal(oracle.OptimalCost, result.Summary.Cost);
            Feasibility.AssertFeasible(problem, result);
        }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void DegenerateShapes_MatchOrTools(int shape)
    {
        // Seeds whose first draw selects the shape (no offers, no need, zero capacity, ties, one huge offer).
        var found = 0;
        for (var seed = 0; found < 25 && seed < 100_000; seed++)
        {
            if (new Random(seed).Next(10) != shape)
            {
                continue;
            }

            found++;
            var problem = RandomInstances.Create(seed);
            var result = AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken);
            var oracle = OrToolsOracle.Solve(problem);
            Assert.Equal(oracle.MaximumFlow, result.Summary.Allocated);
            Assert.Equal(oracle.OptimalCost, result.Summary.Cost);
            Feasibility.AssertFeasible(problem, result);
        }

        Assert.Equal(25, found);
    }
}
