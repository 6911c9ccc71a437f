using Google.OrTools.Graph;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Oracle;

/// <summary>
/// Solves an allocation problem with OR-Tools' min-cost flow on the network the contract describes, as an independent
/// oracle: pledges (supply = quantity) → units (direct, cost d) or → aggregator-in → aggregator-out (capacity) → units
/// in its service areas (cost d); each unit → sink with one arc per fill-rate tier. Shared by the tests and benchmarks.
/// </summary>
public static class OrToolsOracle
{
    /// <summary>The optimal total and cost of <c>SolveMaxFlowWithMinCost</c>.</summary>
    public readonly record struct Solution(long MaximumFlow, long OptimalCost, int Arcs);

    public static Solution Solve(AllocationProblem problem)
    {
        using var flow = Build(problem, out var arcs);
        var status = flow.SolveMaxFlowWithMinCost();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"OR-Tools returned {status}.");
        }

        return new Solution(flow.MaximumFlow(), flow.OptimalCost(), arcs);
    }

    public static MinCostFlow Build(AllocationProblem problem, out int arcs)
    {
        var units = problem.Units;
        var order = Enumerable.Range(0, units.Count).OrderBy(u => units[u].Code).ToArray();
        var pledgesCount = problem.Pledges.Count;
        var aggregatorsCount = problem.Aggregators.Count;
        // Nodes: pledges, aggregator-in, aggregator-out, units, sink.
        var aggIn = pledgesCount;
        var aggOut = aggIn + aggregatorsCount;
        var unit0 = aggOut + aggregatorsCount;
        var sink = unit0 + units.Count;
        var flow = new MinCostFlow(sink + 1, 0);
        arcs = 0;
        for (var o = 0; o < pledgesCount; o++)
        {
            var pledge = problem.Pledges[o];
            flow.SetNodeSupply(o, pledge.Quantity);
            if (pledge.ViaAggregator is { } via)
            {
                var a = problem.Aggregators.Select((x, i) => (x, i)).First(p => p.x.Id == via).i;
                flow.AddArcWithCapacityAndUnitCost(o, aggIn + a, pledge.Quantity, 0);
                arcs++;
            }
            else
            {
                arcs += AddUnitArcs(flow, problem, order, o, pledge.Origin, pledge.Areas, unit0);
            }
        }

        for (var a = 0; a < aggregatorsCount; a++)
        {
            var aggregator = problem.Aggregators[a];
            flow.AddArcWithCapacityAndUnitCost(aggIn + a, aggOut + a, aggregator.Capacity, 0);
            arcs++;
            arcs += AddUnitArcs(flow, problem, order, aggOut + a, aggregator.Depot, aggregator.ServiceAreas, unit0);
        }

        var policy = problem.Policy;
        for (var u = 0; u < units.Count; u++)
        {
            var need = units[u].Need;
            // The contract's tiers: item k (1..need) costs fairnessWeight × floor(fillRateTiers × (k−1) / need).
            long k = 1;
            while (k <= need)
            {
                var tier = Tier(policy, k, need);
                var start = k;
                while (k <= need && Tier(policy, k, need) == tier)
                {
                    k++;
                }

                flow.AddArcWithCapacityAndUnitCost(unit0 + u, sink, k - start, tier * policy.FairnessWeight);
                arcs++;
            }
        }

        flow.SetNodeSupply(sink, -problem.Pledges.Sum(o => o.Quantity));
        return flow;
    }

    private static long Tier(AllocationPolicy policy, long k, long need) => (long)((Int128)policy.FillRateTiers * (k - 1) / need);

    private static int AddUnitArcs(MinCostFlow flow, AllocationProblem problem, int[] order, int from, GeoPoint? origin, IReadOnlyList<RegionCode> areas, int unit0)
    {
        var units = problem.Units;
        var eligible = new SortedSet<int>();
        if (areas.Count == 0)
        {
            eligible.UnionWith(order);
        }
        else
        {
            foreach (var area in areas)
            {
                // Binary search for the first unit not below the area, then take units while the area contains them.
                int lo = 0, hi = order.Length;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    if (units[order[mid]].Code.CompareTo(area) < 0)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                for (var p = lo; p < order.Length && area.Contains(units[order[p]].Code); p++)
                {
                    eligible.Add(order[p]);
                }
            }
        }

        var count = 0;
        foreach (var u in eligible)
        {
            if (units[u].Need == 0)
            {
                continue;
            }

            var d = origin is { } g ? Haversine(g, units[u].Location) : 0;
            flow.AddArcWithCapacityAndUnitCost(from, unit0 + u, units[u].Need, d);
            count++;
        }

        return count;
    }

    /// <summary>An independent haversine: radius 6,371,008.8 m, hectometres rounded half away from zero.</summary>
    public static long Haversine(GeoPoint a, GeoPoint b)
    {
        const double r = 6_371_008.8;
        var p1 = a.Latitude * Math.PI / 180;
        var p2 = b.Latitude * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (b.Longitude - a.Longitude) * Math.PI / 180;
        var h = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        var metres = 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(h)));
        return (long)Math.Round(metres / 100, MidpointRounding.AwayFromZero);
    }
}
