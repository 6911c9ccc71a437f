namespace Ksbb.Allocation.Tests;

/// <summary>Exactness: the engine's total and cost equal OR-Tools' maximum flow and optimal cost, and the lines are feasible.</summary>
public sealed class OracleAgreementTests
{
    [Fact]
    public void RandomInstances_MatchOrToolsAndAreFeasible() => Feasibility.AssertOptimalOnRandomInstances(AllocationEngine.Default);

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
            Feasibility.AssertOptimal(problem, AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken));
        }

        Assert.Equal(25, found);
    }
}
