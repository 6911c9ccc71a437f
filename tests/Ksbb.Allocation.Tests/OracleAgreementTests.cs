using FsCheck;
using FsCheck.Fluent;

namespace Ksbb.Allocation.Tests;

/// <summary>Exactness: the engine's total and cost equal OR-Tools' maximum flow and optimal cost, and the lines are feasible.</summary>
public sealed class OracleAgreementTests
{
    [Fact]
    public void RandomInstances_MatchOrToolsAndAreFeasible() => Feasibility.AssertOptimalOnRandomInstances(AllocationEngine.Default);

    /// <summary>Structured problems of up to 400 units (shrunk to a small counterexample on failure) against OR-Tools.</summary>
    [Fact]
    public void StructuredInstances_UpToHundredsOfUnits_MatchOrToolsAndAreFeasible()
    {
        var large = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(StructuredInstances.Problems(maxUnits: 400), spec =>
        {
            var problem = spec.ToProblem();
            var result = AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken);
            Feasibility.AssertOptimal(problem, result);
            if (problem.Units.Count >= 200 && result.Summary.Allocated > 0)
            {
                Interlocked.Increment(ref large);
            }
        }));

        // The generator reaches the sizes it promises: many runs had hundreds of units and allocated something.
        Assert.True(large >= 20, $"only {large} of 200 problems had 200 units or more and allocated anything");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void DegenerateShapes_MatchOrTools(int shape)
    {
        // Seeds whose first draw selects the shape (no pledges, no need, zero capacity, ties, one huge pledge).
        var found = 0;
        for (var seed = 0; found < 25 && seed < 100_000; seed++)
        {
            if (new Random(seed).Next(10) != shape)
            {
                continue;
            }

            found++;
            var problem = RandomInstances.Create(seed);
            Feasibility.AssertOptimal(problem, AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken));
        }

        Assert.Equal(25, found);
    }
}
