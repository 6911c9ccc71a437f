namespace Ksbb.Allocation.Solver;

/// <summary>
/// The allocation as a min-cost flow network in flat arrays. Nodes: sources (direct pledges, then aggregators with the
/// via pledges merged into them), units with need that some source reaches (in code order), and the sink as the root.
/// Arcs: source → unit (cost = distance, uncapacitated), unit → sink per fill-rate tier (convex costs), and one bypass
/// arc per source to the sink with cost M (uncapacitated), which makes "maximise the total first" a plain min-cost flow.
/// </summary>
internal sealed partial class FlowNetwork
{
    private readonly ProblemIndex _index;
    private readonly SourceInfo[] _sources;
    private readonly int[] _unitOfNode; // unit index per unit node
    private readonly int _sourceCount;
    private readonly int[] _arcStart; // per source, first distance arc; _arcStart[S] = end of distance arcs
    private readonly ArcSet _arcs;
    private readonly int _bypassStart;
    private readonly long _bypassCost;
    private NetworkSimplex? _simplex;

    private FlowNetwork(
        ProblemIndex index,
        SourceInfo[] sources,
        int[] unitOfNode,
        int[] arcStart,
        ArcSet arcs,
        int bypassStart,
        long bypassCost)
    {
        _index = index;
        _sources = sources;
        _sourceCount = sources.Length;
        _unitOfNode = unitOfNode;
        _arcStart = arcStart;
        _arcs = arcs;
        _bypassStart = bypassStart;
        _bypassCost = bypassCost;
    }

    public int NodeCount => _sourceCount + _unitOfNode.Length + 1;

    public long ArcCount => _arcs.Count;

    public long Pivots => _simplex?.Pivots ?? 0;

    public long BypassCost => _bypassCost;

    /// <summary>Gets the solved simplex (its tree and flows), for the online network to start from.</summary>
    internal NetworkSimplex Simplex => _simplex!;

    internal int SourceCount => _sourceCount;

    /// <summary>Returns the direct pledge (or -1) and the aggregator (or -1) of source <paramref name="s"/>.</summary>
    internal (int Pledge, int Aggregator) SourceOf(int s) => (_sources[s].Pledge, _sources[s].Aggregator);

    /// <summary>Gets the unit index of each unit node (node = source count + i).</summary>
    internal int[] UnitOfNode => _unitOfNode;

    /// <summary>Gets, per source, the first distance arc; the last entry ends the distance arcs.</summary>
    internal int[] ArcStart => _arcStart;

    internal int[] Targets => _arcs.Target;

    internal long[] Flows => _arcs.Flow;

    internal sbyte[] States => _arcs.State;

    internal int BypassStart => _bypassStart;

    private readonly record struct SourceInfo(int Pledge, int Aggregator, long Supply, List<(int Start, int End)> Ranges, bool HasOrigin, double Lat, double Lon, double CosLat);

    public static FlowNetwork Build(AllocationProblem problem, int parallelism, SolverOptions solver, CancellationToken cancellationToken) =>
        Build(new ProblemIndex(problem), parallelism, solver, cancellationToken);

    /// <param name="index">The problem's index.</param>
    /// <param name="parallelism">Threads for the distance computation and the coarse start.</param>
    /// <param name="solver">The solver switches.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <param name="bypassCost">A bypass cost M to use instead of this network's own bound (it must be at least that bound).</param>
    public static FlowNetwork Build(ProblemIndex index, int parallelism, SolverOptions solver, CancellationToken cancellationToken, long? bypassCost = null)
    {
        var problem = index.Problem;
        var units = problem.Units;
        var n = units.Count;

        var needyBefore = index.NeedyBefore();
        var sources = new List<SourceInfo>();
        foreach (var (pledge, aggregator, supply, ranges) in index.Sources(needyBefore))
        {
            var origin = pledge >= 0 ? problem.Pledges[pledge].Origin : problem.Aggregators[aggregator].Depot;
            sources.Add(origin is { } g
                ? new SourceInfo(pledge, aggregator, supply, ranges, true, Geodesy.Radians(g.Latitude), Geodesy.Radians(g.Longitude), Math.Cos(Geodesy.Radians(g.Latitude)))
                : new SourceInfo(pledge, aggregator, supply, ranges, false, 0, 0, 1));
        }

        // Units reached by some source (difference array over code order) and with need become nodes.
        var cover = new int[n + 1];
        foreach (var s in sources)
        {
            foreach (var (start, end) in s.Ranges)
            {
                cover[start]++;
                cover[end]--;
            }
        }

        var sourceCount = sources.Count;
        var nodeOfPosition = new int[n];
        var unitNodes = new List<int>();
        var running = 0;
        for (var p = 0; p < n; p++)
        {
            running += cover[p];
            var unit = index.Order[p];
            if (running > 0 && units[unit].Need > 0)
            {
                nodeOfPosition[p] = sourceCount + unitNodes.Count;
                unitNodes.Add(unit);
            }
            else
            {
                nodeOfPosition[p] = -1;
            }
        }

        var policy = problem.Policy;
        var unitCount = unitNodes.Count;
        var root = sourceCount + unitCount;

        // Arc counts: distance arcs per source, tier arcs per unit (one when the fairness weight is 0), one bypass per source.
        var arcStart = new int[sourceCount + 1];
        long total = 0;
        for (var s = 0; s < sourceCount; s++)
        {
            arcStart[s] = (int)Math.Min(total, int.MaxValue);
            total += ProblemIndex.CountNeedy(sources[s].Ranges, needyBefore);
        }

        long tierArcs = 0;
        foreach (var unit in unitNodes)
        {
            tierArcs += TierArcCount(policy, units[unit].Need);
        }

        if (total + tierArcs + sourceCount > Array.MaxLength)
        {
            throw new AllocationProblemException("$", $"the flow network would have {total + tierArcs + sourceCount} arcs, more than one array holds; split the problem");
        }

        arcStart[sourceCount] = (int)total;
        var tierStart = (int)total;
        var bypassStart = (int)(total + tierArcs);
        var arcCount = bypassStart + sourceCount;
        var arcs = new ArcSet(arcCount);
        var (source, target, cost, cap, flow, state) = (arcs.Source, arcs.Target, arcs.Cost, arcs.Cap, arcs.Flow, arcs.State);

        // Unit geometry in node order.
        var uLat = new double[unitCount];
        var uLon = new double[unitCount];
        var uCos = new double[unitCount];
        for (var i = 0; i < unitCount; i++)
        {
            var g = units[unitNodes[i]].Location;
            uLat[i] = Geodesy.Radians(g.Latitude);
            uLon[i] = Geodesy.Radians(g.Longitude);
            uCos[i] = Math.Cos(uLat[i]);
        }

        var maxDistance = new long[sourceCount];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        Parallel.For(0, sourceCount, options, s =>
        {
            var info = sources[s];
            var e = arcStart[s];
            long max = 0;
            foreach (var (start, end) in info.Ranges)
            {
                for (var p = start; p < end; p++)
                {
                    var node = nodeOfPosition[p];
                    if (node < 0)
                    {
                        continue;
                    }

                    var u = node - sourceCount;
                    var d = info.HasOrigin ? Geodesy.Hectometres(info.Lat, info.Lon, info.CosLat, uLat[u], uLon[u], uCos[u]) : 0;
                    source[e] = s;
                    target[e] = node;
                    cost[e] = d;
                    cap[e] = NetworkSimplex.Infinite;
                    state[e] = 1;
                    max = Math.Max(max, d);
                    e++;
                }
            }

            maxDistance[s] = max;
        });

        var firstTier = new int[unitCount];
        var t = tierStart;
        for (var i = 0; i < unitCount; i++)
        {
            firstTier[i] = t;
            foreach (var (count, tierCost) in TierArcs(policy, units[unitNodes[i]].Need))
            {
                Set(t++, sourceCount + i, root, tierCost, count);
            }
        }

        // M > the cost of any simple augmenting path: at most min(units, sources) distance arcs forward and one tier arc.
        var dmax = sourceCount == 0 ? 0 : maxDistance.Max();
        var ownBypassCost = checked((Math.Min(unitCount, sourceCount) * dmax) + (policy.FairnessWeight * (policy.FillRateTiers - 1)) + 1);
        var bypassCostUsed = Math.Max(bypassCost ?? ownBypassCost, ownBypassCost);
        for (var s = 0; s < sourceCount; s++)
        {
            Set(bypassStart + s, s, root, bypassCostUsed, NetworkSimplex.Infinite);
        }

        var network = new FlowNetwork(index, [.. sources], [.. unitNodes], arcStart, arcs, bypassStart, bypassCostUsed);
        var simplex = new NetworkSimplex(root + 1, arcs, solver.VectorPricing);
        var active = new bool[arcCount];
        var coarse = CoarseStart(problem, index, sources, unitNodes, arcStart, target, cost, cap, flow, state, firstTier, bypassStart, active, parallelism, solver, cancellationToken);
        var (parent, pred) = coarse ?? GreedyStart(sources, unitNodes, units, arcStart, target, cost, cap, flow, state, firstTier, bypassStart, policy, active);
        simplex.InitTree(parent, pred);
        var groupFirst = new int[unitCount + 1];
        Array.Copy(firstTier, groupFirst, unitCount);
        groupFirst[unitCount] = bypassStart;
        simplex.SetTierGroups(groupFirst);
        simplex.SetFreeArcs(tierStart);
        for (var e = 0; e < tierStart; e++)
        {
            if (active[e])
            {
                simplex.ActivateFree(e);
            }
        }

        simplex.CommitFree();

        for (var i = 0; i < unitCount; i++)
        {
            simplex.ActivateGroup(i);
        }

        for (var e = bypassStart; e < arcCount; e++)
        {
            simplex.Activate(e);
        }

        network._simplex = simplex;
        network.CoarseStarted = coarse is not null;
        return network;

        void Set(int e, int from, int to, long c, long capacity) => arcs.Set(e, from, to, c, capacity);
    }

    /// <summary>
    /// A feasible, strongly feasible starting basis close to the optimum: sources from the most to the least restricted
    /// fill their still unserved units (nearest first) up to the overall fill rate, each unit from one source, on a
    /// tier boundary. Units hang below their source (arc flow &gt; 0), sources and unserved units below the sink.
    /// </summary>
    private static (int[] Parent, int[] Pred) GreedyStart(
        List<SourceInfo> sources, List<int> unitNodes, IReadOnlyList<SolverUnit> units, int[] arcStart, int[] target, long[] cost,
        long[] cap, long[] flow, sbyte[] state, int[] firstTier, int bypassStart, AllocationPolicy policy, bool[] active)
    {
        var sourceCount = sources.Count;
        var unitCount = unitNodes.Count;
        var root = sourceCount + unitCount;
        var parent = new int[root + 1];
        var pred = new int[root + 1];
        long totalSupply = 0, totalNeed = 0;
        foreach (var s in sources)
        {
            totalSupply += s.Supply;
        }

        foreach (var u in unitNodes)
        {
            totalNeed += units[u].Need;
        }

        var fill = (totalNeed == 0 ? 0.0 : Math.Min(1.0, (double)totalSupply / totalNeed)) * StartFill;
        var served = new bool[unitCount];
        var order = Enumerable.Range(0, sourceCount).OrderBy(s => arcStart[s + 1] - arcStart[s]).ThenBy(s => s).ToArray();
        var keys = Array.Empty<long>();
        var arcs = Array.Empty<int>();
        foreach (var s in order)
        {
            var left = sources[s].Supply;
            var n = arcStart[s + 1] - arcStart[s];
            if (keys.Length < n)
            {
                keys = new long[n];
                arcs = new int[n];
            }

            for (var k = 0; k < n; k++)
            {
                keys[k] = cost[arcStart[s] + k];
                arcs[k] = arcStart[s] + k;
            }

            Array.Sort(keys, arcs, 0, n);
            var servedHere = 0;
            int i;
            for (i = 0; i < n && left > 0; i++)
            {
                var e = arcs[i];
                var u = target[e] - sourceCount;
                if (served[u])
                {
                    continue;
                }

                var need = units[unitNodes[u]].Need;
                var want = Math.Min(left, Math.Max(1, (long)Math.Round(fill * need)));
                // Round down to a tier boundary so that every tier arc sits at a bound.
                long x = 0;
                var t = firstTier[u];
                while (x + cap[t] <= want && t < firstTier[u] + TierArcCount(policy, need))
                {
                    x += cap[t];
                    flow[t] = cap[t];
                    state[t] = -1;
                    t++;
                }

                if (x == 0)
                {
                    continue;
                }

                served[u] = true;
                servedHere++;
                active[e] = true;
                flow[e] = x;
                parent[sourceCount + u] = s;
                pred[sourceCount + u] = e;
                left -= x;
            }

            // The nearest units beyond those served start in the priced set; the rest join when their reduced cost turns negative.
            for (var j = 0; j < Math.Min(n, i + ActiveExtra + servedHere); j++)
            {
                active[arcs[j]] = true;
            }

            parent[s] = root;
            pred[s] = bypassStart + s;
            flow[bypassStart + s] = left;
        }

        HangUnservedBelowRoot(served, firstTier, sourceCount, parent, pred);
        return (parent, pred);
    }

    // Units without flow hang below the sink by their first tier arc (flow 0, room to push up).
    private static void HangUnservedBelowRoot(bool[] served, int[] firstTier, int sourceCount, int[] parent, int[] pred)
    {
        var root = parent.Length - 1;
        for (var u = 0; u < served.Length; u++)
        {
            if (!served[u])
            {
                parent[sourceCount + u] = root;
                pred[sourceCount + u] = firstTier[u];
            }
        }
    }

    private const int ActiveExtra = 16;

    // The starting basis aims a little below the overall supply/need ratio: the optimum rarely fills every unit evenly.
    private const double StartFill = 0.9;

    internal static long TierArcCount(AllocationPolicy policy, long need) =>
        need <= 0 ? 0 : policy.FairnessWeight == 0 ? 1 : Math.Min(need, policy.FillRateTiers);

    /// <summary>The tier arcs of a unit with <paramref name="need"/>: capacity and cost of each, cheapest first (one arc of cost 0 when the fairness weight is 0).</summary>
    internal static IEnumerable<(long Capacity, long Cost)> TierArcs(AllocationPolicy policy, long need)
    {
        if (policy.FairnessWeight == 0)
        {
            if (need > 0)
            {
                yield return (need, 0);
            }

            yield break;
        }

        foreach (var (count, tier) in policy.Tiers(need))
        {
            yield return (count, tier * policy.FairnessWeight);
        }
    }

    /// <summary>
    /// Solves by sifting: network simplex on the priced arcs, then one pass over the distance arcs outside that set adds
    /// those with negative reduced cost; when none is left, every arc prices out and the flow is optimal for the whole
    /// network (arcs outside the set have flow 0 at their lower bound).
    /// </summary>
    public void Solve(Action<long> onPivots, long interval)
    {
        var simplex = _simplex!;
        while (true)
        {
            simplex.Run(onPivots, interval);
            Rounds++;
            var added = 0;
            var distanceEnd = _arcStart[_sourceCount];
            for (var e = 0; e < distanceEnd; e++)
            {
                if (!simplex.IsFreeActive(e) && simplex.ReducedCost(e) < 0)
                {
                    simplex.ActivateFree(e);
                    added++;
                }
            }

            if (added == 0)
            {
                return;
            }

            simplex.CommitFree();
        }
    }

    public int Rounds { get; private set; }

    /// <summary>Gets whether the starting basis came from the coarse problem's optimum.</summary>
    public bool CoarseStarted { get; private set; }

    /// <summary>
    /// Adds the optimal flow's lines to <paramref name="lines"/> and the quantities to the totals, translating this
    /// network's problem indexes through <paramref name="map"/> (a component of a larger problem) when given.
    /// </summary>
    public void CollectLines(List<AllocationResult.Line> lines, long[] received, long[] pledgeSent, long[] aggregatorSent, ComponentMap? map)
    {
        var collector = new LineCollector(_index.Problem, map, lines, received, pledgeSent, aggregatorSent);
        for (var s = 0; s < _sourceCount; s++)
        {
            collector.BeginSource(_sources[s].Pledge, _sources[s].Aggregator);
            for (var e = _arcStart[s]; e < _arcStart[s + 1]; e++)
            {
                if (_arcs.Flow[e] > 0)
                {
                    var unit = _unitOfNode[_arcs.Target[e] - _sourceCount];
                    collector.Add(map is null ? unit : map.Units[unit], _arcs.Flow[e], _arcs.Cost[e]);
                }
            }
        }
    }

    /// <summary>Sorts the lines, explains the unallocated supply and builds the result of the whole problem.</summary>
    public static AllocationResult Assemble(
        ProblemIndex index, List<AllocationResult.Line> lines, long[] received, long[] pledgeSent, long[] aggregatorSent, long pivots, int nodes, long arcs)
    {
        var problem = index.Problem;

        // Lines in pledge input order, then unit code order.
        var position = index.Position;
        lines.Sort((x, y) => x.Pledge != y.Pledge ? x.Pledge.CompareTo(y.Pledge) : position[x.Unit].CompareTo(position[y.Unit]));

        var unallocated = new List<UnallocatedPledge>();
        for (var o = 0; o < problem.Pledges.Count; o++)
        {
            var pledge = problem.Pledges[o];
            var left = pledge.Quantity - pledgeSent[o];
            if (left <= 0)
            {
                continue;
            }

            UnallocatedReason reason;
            if (pledge.ViaAggregator is { } via)
            {
                var a = problem.IndexOfAggregator(via);
                var aggregator = problem.Aggregators[a];
                if (aggregatorSent[a] >= aggregator.Capacity)
                {
                    reason = UnallocatedReason.AggregatorAtCapacity;
                }
                else
                {
                    reason = AnyUnit(index.Ranges(aggregator.ServiceAreas)) ? UnallocatedReason.EveryEligibleUnitFull : UnallocatedReason.NoEligibleUnit;
                }
            }
            else
            {
                reason = AnyUnit(index.Ranges(pledge.Areas)) ? UnallocatedReason.EveryEligibleUnitFull : UnallocatedReason.NoEligibleUnit;
            }

            unallocated.Add(new UnallocatedPledge(pledge.PledgeId, left, reason));
        }

        return new AllocationResult(index, [.. lines], received, [.. unallocated], pivots, nodes, arcs);

        static bool AnyUnit(List<(int Start, int End)> ranges) => ranges.Count > 0;
    }
}
