namespace Ksbb.Allocation.Solver;

/// <summary>
/// One connected part of a problem (sources and the needy units they reach, linked by eligibility) as a problem of
/// its own, with the indexes of its units, pledges and aggregators in the whole problem.
/// </summary>
internal sealed record ComponentMap(AllocationProblem Problem, int[] Units, int[] Pledges, int[] Aggregators)
{
    /// <summary>
    /// Splits a problem into its connected parts. No flow can pass between two parts, so their optima together are the
    /// optimum of the whole; each is solved on its own (and in parallel). Units with no need or out of every source's
    /// reach, and sources that reach no needy unit, belong to no part: they get nothing in any allocation.
    /// </summary>
    /// <returns>The parts in order of their first source, or <see langword="null"/> when there are fewer than two.</returns>
    public static List<ComponentMap>? Split(AllocationProblem problem, ProblemIndex index)
    {
        var units = problem.Units;
        var n = units.Count;
        var needyBefore = index.NeedyBefore();

        // The flow network's own sources (every one reaches a needy unit), so each part holds exactly its sources.
        var sources = index.Sources(needyBefore);

        // Ranges sharing a needy unit join their sources (union-find). In needy-rank space (the r-th needy unit in code
        // order) two ranges share a needy unit exactly when they overlap, so one sweep in start order finds every join.
        var needyPosition = new int[needyBefore[n]];
        for (var p = 0; p < n; p++)
        {
            if (needyBefore[p + 1] > needyBefore[p])
            {
                needyPosition[needyBefore[p]] = p;
            }
        }

        var events = new List<(int Start, int End, int Source)>();
        for (var s = 0; s < sources.Count; s++)
        {
            foreach (var (start, end) in sources[s].Ranges)
            {
                if (needyBefore[end] > needyBefore[start])
                {
                    events.Add((needyBefore[start], needyBefore[end], s));
                }
            }
        }

        events.Sort();
        var parent = new int[sources.Count];
        for (var s = 0; s < parent.Length; s++)
        {
            parent[s] = s;
        }

        var blocks = new List<(int Start, int End, int Source)>();
        foreach (var (start, end, source) in events)
        {
            if (blocks.Count > 0 && start < blocks[^1].End)
            {
                Union(source, blocks[^1].Source);
                blocks[^1] = (blocks[^1].Start, Math.Max(blocks[^1].End, end), blocks[^1].Source);
            }
            else
            {
                blocks.Add((start, end, source));
            }
        }

        // Number the parts by their first source.
        var partOf = new int[parent.Length];
        Array.Fill(partOf, -1);
        var parts = 0;
        for (var s = 0; s < parent.Length; s++)
        {
            if (partOf[Find(s)] < 0)
            {
                partOf[Find(s)] = parts++;
            }
        }

        if (parts < 2)
        {
            return null;
        }

        var partUnits = new List<int>[parts];
        var partPledges = new List<int>[parts];
        var partAggregators = new List<int>[parts];
        for (var k = 0; k < parts; k++)
        {
            partUnits[k] = [];
            partPledges[k] = [];
            partAggregators[k] = [];
        }

        // Blocks are disjoint in needy-rank space: each needy unit in one block, of one part.
        foreach (var (start, end, source) in blocks)
        {
            var k = partOf[Find(source)];
            for (var r = start; r < end; r++)
            {
                partUnits[k].Add(index.Order[needyPosition[r]]);
            }
        }

        var aggregatorPart = new int[problem.Aggregators.Count];
        Array.Fill(aggregatorPart, -1);
        for (var s = 0; s < parent.Length; s++)
        {
            var k = partOf[Find(s)];
            if (sources[s].Pledge >= 0)
            {
                partPledges[k].Add(sources[s].Pledge);
            }
            else
            {
                aggregatorPart[sources[s].Aggregator] = k;
                partAggregators[k].Add(sources[s].Aggregator);
            }
        }

        for (var o = 0; o < problem.Pledges.Count; o++)
        {
            if (problem.Pledges[o].ViaAggregator is { } via && aggregatorPart[problem.IndexOfAggregator(via)] is var k and >= 0)
            {
                partPledges[k].Add(o);
            }
        }

        var result = new List<ComponentMap>(parts);
        for (var k = 0; k < parts; k++)
        {
            // Units in input order, pledges in input order, so that each part keeps the whole problem's tie-breaking order.
            partUnits[k].Sort();
            partPledges[k].Sort();
            var sub = AllocationProblem.Create(
                problem.Item,
                problem.Policy,
                partUnits[k].Select(u => units[u]),
                partAggregators[k].Select(a => problem.Aggregators[a]),
                partPledges[k].Select(o => problem.Pledges[o]));
            result.Add(new ComponentMap(sub, [.. partUnits[k]], [.. partPledges[k]], [.. partAggregators[k]]));
        }

        return result;

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Union(int x, int y)
        {
            x = Find(x);
            y = Find(y);
            if (x != y)
            {
                // The smaller index becomes the root, so the numbering does not depend on the order of unions.
                if (x < y)
                {
                    parent[y] = x;
                }
                else
                {
                    parent[x] = y;
                }
            }
        }
    }
}
