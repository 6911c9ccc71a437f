namespace Ksbb.Allocation.Solver;

internal sealed partial class FlowNetwork
{
    /// <summary>
    /// A starting basis from the optimum of a coarse problem: units of one kelurahan with the same eligible sources form
    /// one group (need summed, need-weighted mean location), the coarse problem is solved exactly, each group's items
    /// are spread over its units tier by tier (lowest tier first, so fill rates come out even), and each unit takes its
    /// items from one of the sources that served its group. The tree is the same shape as <see cref="GreedyStart"/>'s
    /// (units below their source, sources and unserved units below the sink), so it is feasible and strongly feasible.
    /// </summary>
    /// <returns>The tree, or <see langword="null"/> when the network is too small or does not group well.</returns>
    private static (int[] Parent, int[] Pred)? CoarseStart(
        AllocationProblem problem,
        ProblemIndex index,
        List<SourceInfo> sources,
        List<int> unitNodes,
        int[] arcStart,
        int[] target,
        long[] cost,
        long[] cap,
        long[] flow,
        sbyte[] state,
        int[] firstTier,
        int bypassStart,
        bool[] active,
        int parallelism,
        SolverOptions options,
        CancellationToken cancellationToken)
    {
        var unitCount = unitNodes.Count;
        var sourceCount = sources.Count;
        if (unitCount < options.CoarseMinimumUnits || sourceCount == 0)
        {
            return null;
        }

        // Group boundaries: a change of kelurahan, or the start or end of some source's eligible range in between.
        var n = problem.Units.Count;
        var cutPrefix = new int[n + 1];
        foreach (var info in sources)
        {
            foreach (var (start, end) in info.Ranges)
            {
                cutPrefix[start] = 1;
                cutPrefix[end] = 1;
            }
        }

        for (var p = 1; p <= n; p++)
        {
            cutPrefix[p] += cutPrefix[p - 1];
        }

        var groupStart = new List<int>();
        var previous = -1;
        for (var i = 0; i < unitCount; i++)
        {
            var position = index.Position[unitNodes[i]];
            if (i == 0 || index.Keys[position] / KelurahanSpan != index.Keys[previous] / KelurahanSpan || cutPrefix[position] != cutPrefix[previous])
            {
                groupStart.Add(i);
            }

            previous = position;
        }

        var groupCount = groupStart.Count;
        if ((long)groupCount * options.CoarseMinimumGroupSize > unitCount)
        {
            return null;
        }

        groupStart.Add(unitCount);
        var units = problem.Units;
        var groupUnits = new SolverUnit[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            long need = 0;
            double lon = 0, lat = 0;
            for (var i = groupStart[g]; i < groupStart[g + 1]; i++)
            {
                var unit = units[unitNodes[i]];
                need += unit.Need;
                lon += unit.Location.Longitude * unit.Need;
                lat += unit.Location.Latitude * unit.Need;
            }

            var first = units[unitNodes[groupStart[g]]];
            groupUnits[g] = new SolverUnit(first.Code, need, Model.Regions.GeoPoint.Create(lon / need, lat / need));
        }

        var coarseProblem = AllocationProblem.Create(problem.Item, problem.Policy, groupUnits, problem.Aggregators, problem.Pledges);
        var coarse = Build(coarseProblem, parallelism, options with { CoarseMinimumUnits = int.MaxValue }, cancellationToken);
        if (coarse._sourceCount != sourceCount || coarse._unitOfNode.Length != groupCount)
        {
            return null;
        }

        for (var s = 0; s < sourceCount; s++)
        {
            if (coarse._sources[s].Pledge != sources[s].Pledge || coarse._sources[s].Aggregator != sources[s].Aggregator)
            {
                return null;
            }
        }

        coarse.Solve(_ => cancellationToken.ThrowIfCancellationRequested(), 4096);

        // The coarse flows per group, and the distance arcs worth pricing from the start (coarse reduced cost ≤ 0).
        var served = new List<(int Source, long Quantity)>[groupCount];
        var attractive = new List<int>[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            served[g] = [];
            attractive[g] = [];
        }

        var coarseSimplex = coarse._simplex!;
        for (var s = 0; s < sourceCount; s++)
        {
            for (var e = coarse._arcStart[s]; e < coarse._arcStart[s + 1]; e++)
            {
                var g = coarse._arcs.Target[e] - sourceCount;
                if (coarse._arcs.Flow[e] > 0)
                {
                    served[g].Add((s, coarse._arcs.Flow[e]));
                }

                if (coarse._arcs.Flow[e] > 0 || coarseSimplex.ReducedCost(e) <= 0)
                {
                    attractive[g].Add(s);
                }
            }
        }

        var root = sourceCount + unitCount;
        var parent = new int[root + 1];
        var pred = new int[root + 1];
        var left = new long[sourceCount];
        for (var s = 0; s < sourceCount; s++)
        {
            left[s] = sources[s].Supply;
        }

        var isServed = new bool[unitCount];
        var takenEnd = new int[unitCount];
        var tiers = new List<(long Cost, int Unit, int Arc)>();
        for (var g = 0; g < groupCount; g++)
        {
            var from = groupStart[g];
            var to = groupStart[g + 1];

            // Spread the group's items over its units, cheapest tier first (ties: code order), each unit's tiers in order.
            long items = 0;
            foreach (var (_, quantity) in served[g])
            {
                items += quantity;
            }

            tiers.Clear();
            for (var i = from; i < to; i++)
            {
                takenEnd[i] = firstTier[i];
                var tierEnd = i + 1 < unitCount ? firstTier[i + 1] : bypassStart;
                for (var t = firstTier[i]; t < tierEnd; t++)
                {
                    tiers.Add((cost[t], i, t));
                }
            }

            tiers.Sort();
            foreach (var (_, i, t) in tiers)
            {
                if (takenEnd[i] == t && cap[t] <= items)
                {
                    items -= cap[t];
                    takenEnd[i] = t + 1;
                }
            }

            // Each unit takes its items from one source, sources in turn (a unit that does not fit a source's rest gets a
            // whole-tier part of it, or moves on to the next source).
            var k = 0;
            var rest = served[g].Count > 0 ? served[g][0].Quantity : 0;
            for (var i = from; i < to && k < served[g].Count;)
            {
                if (takenEnd[i] == firstTier[i])
                {
                    i++;
                    continue;
                }

                var s = served[g][k].Source;
                long amount = 0;
                var t = firstTier[i];
                while (t < takenEnd[i] && amount + cap[t] <= rest)
                {
                    amount += cap[t];
                    t++;
                }

                if (amount == 0)
                {
                    if (++k < served[g].Count)
                    {
                        rest = served[g][k].Quantity;
                    }

                    continue;
                }

                for (var u = firstTier[i]; u < t; u++)
                {
                    flow[u] = cap[u];
                    state[u] = -1;
                }

                var node = sourceCount + i;
                var e = Array.BinarySearch(target, arcStart[s], arcStart[s + 1] - arcStart[s], node);
                flow[e] = amount;
                active[e] = true;
                parent[node] = s;
                pred[node] = e;
                isServed[i] = true;
                left[s] -= amount;
                rest -= amount;
                i++;
                if (rest == 0 && ++k < served[g].Count)
                {
                    rest = served[g][k].Quantity;
                }
            }

            // Price from the start the arcs from sources the coarse optimum found attractive for this group.
            foreach (var s in attractive[g])
            {
                var lo = Array.BinarySearch(target, arcStart[s], arcStart[s + 1] - arcStart[s], sourceCount + from);
                for (var e = lo; e < arcStart[s + 1] && target[e] < sourceCount + to; e++)
                {
                    active[e] = true;
                }
            }
        }

        for (var s = 0; s < sourceCount; s++)
        {
            parent[s] = root;
            pred[s] = bypassStart + s;
            flow[bypassStart + s] = left[s];
        }

        HangUnservedBelowRoot(isServed, firstTier, sourceCount, parent, pred);
        return (parent, pred);
    }

    // Packed region codes end in three RW and three RT digits: dividing by this keeps the kelurahan.
    private const ulong KelurahanSpan = 1_000_000;
}
