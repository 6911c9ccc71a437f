using FsCheck;
using FsCheck.Fluent;
using Ksbb.Allocation.Oracle;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>Independent checks of a result against the contract's constraints and objective.</summary>
internal static class Feasibility
{
    /// <summary>FsCheck: on 400 generated problems the engine's result is optimal (OR-Tools) and feasible.</summary>
    public static void AssertOptimalOnRandomInstances(AllocationEngine engine, Action<AllocationResult>? alsoCheck = null)
    {
        var seeds = Gen.Choose(0, int.MaxValue).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(seeds, seed =>
        {
            var problem = RandomInstances.Create(seed);
            var result = engine.Allocate(problem, TestContext.Current.CancellationToken);
            AssertOptimal(problem, result);
            alsoCheck?.Invoke(result);
        }));
    }

    /// <summary>Asserts the total and cost equal OR-Tools' maximum flow and optimal cost, and the result is feasible.</summary>
    public static void AssertOptimal(AllocationProblem problem, AllocationResult result)
    {
        var oracle = OrToolsOracle.Solve(problem);
        Assert.Equal(oracle.MaximumFlow, result.Summary.Allocated);
        Assert.Equal(oracle.OptimalCost, result.Summary.Cost);
        AssertFeasible(problem, result);
    }

    public static void AssertFeasible(AllocationProblem problem, AllocationResult result)
    {
        var perPledge = new Dictionary<string, long>();
        var perUnit = new Dictionary<Model.Regions.RegionCode, long>();
        var perAggregator = new Dictionary<string, long>();
        long distanceCost = 0;
        foreach (var line in result.Allocations)
        {
            Assert.True(line.Quantity > 0);
            var pledge = problem.Pledges.Single(o => o.Id == line.Pledge.Value);
            var unit = problem.Units.Single(u => u.Code == line.Unit);
            perPledge[line.Pledge.Value] = perPledge.GetValueOrDefault(line.Pledge.Value) + line.Quantity;
            perUnit[line.Unit] = perUnit.GetValueOrDefault(line.Unit) + line.Quantity;
            Model.Regions.RegionCode[] areas;
            GeoPoint? from;
            if (pledge.ViaAggregator is { } via)
            {
                var aggregator = problem.Aggregators.Single(a => a.Id == via);
                perAggregator[via] = perAggregator.GetValueOrDefault(via) + line.Quantity;
                areas = [.. aggregator.ServiceAreas];
                from = aggregator.Depot;
            }
            else
            {
                areas = [.. pledge.Areas];
                from = pledge.Origin;
            }

            Assert.True(areas.Length == 0 || areas.Any(a => a.Contains(unit.Code)), $"{line.Pledge} → {line.Unit} is not eligible");
            var d = from is { } g ? OrToolsOracle.Haversine(g, unit.Location) : 0;
            Assert.Equal(d, line.Distance);
            distanceCost += d * line.Quantity;
        }

        foreach (var pledge in problem.Pledges)
        {
            Assert.True(perPledge.GetValueOrDefault(pledge.Id) <= pledge.Quantity);
        }

        foreach (var aggregator in problem.Aggregators)
        {
            Assert.True(perAggregator.GetValueOrDefault(aggregator.Id) <= aggregator.Capacity);
        }

        long fairness = 0;
        foreach (var unit in problem.Units)
        {
            var x = perUnit.GetValueOrDefault(unit.Code);
            Assert.True(x <= unit.Need);
            Assert.Equal(x, result.ReceivedBy(unit.Code));
            for (long k = 1; k <= x; k++)
            {
                fairness += problem.Policy.FairnessWeight * (problem.Policy.FillRateTiers * (k - 1) / unit.Need);
            }
        }

        Assert.Equal(fairness + distanceCost, result.Summary.Cost);
        var allocated = perUnit.Values.Sum();
        Assert.Equal(allocated, result.Summary.Allocated);
        Assert.Equal(problem.TotalSupply - allocated, result.Summary.UndistributedSupply);
        Assert.Equal(problem.TotalNeed - allocated, result.Summary.UnmetNeed);
        Assert.Equal(result.Summary.UndistributedSupply, result.Unallocated.Sum(u => u.Quantity));

        // Explanations: moving one item of a line to an unfilled alternative never lowers the cost.
        foreach (var line in result.Allocations.Take(20))
        {
            var explanation = result.Explain(line.Pledge, line.Unit);
            Assert.Equal(line.Quantity, explanation.Quantity);
            foreach (var alternative in new[] { explanation.Nearer, explanation.Emptier })
            {
                if (alternative is { IsFull: false })
                {
                    Assert.True(alternative.CostDelta >= 0, explanation.Text);
                }
            }
        }
    }
}
