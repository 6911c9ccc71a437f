namespace Ksbb.Allocation.Solver;

/// <summary>
/// The allocation network laid out for changes, with the optimal basis of its last solve. Every change is a supply change
/// at a source, a new tier layout at a unit or a new source with appended arcs; each is followed by primal simplex pivots
/// from the previous basis (docs/allocation.md, "Online allocation").
/// </summary>
/// <remarks>
/// Nodes: every unit of the problem in code order (<c>[0, U)</c>, need 0 included), source slots (<c>[U, U + slots)</c>:
/// direct pledges, aggregators, then spare slots for pledges to come) and the sink as the root. Arcs: distance arcs of
/// the first slots (one run per slot, every unit of its areas); a reserved block of tier arcs per unit; a bypass per slot
/// (cost M); an artificial arc per unit (unit → sink) and per slot (sink → slot) with cost K &gt; 2M, at flow 0 except
/// while a change is being absorbed; then room for new pledges' arcs and moved tier blocks. Not thread-safe.
/// </remarks>
internal sealed class OnlineNetwork
{
    private const sbyte Lower = 1;
    private const sbyte Tree = 0;

    // Tier arcs reserved per unit beyond its current count, so that a need may grow without moving its block.
    private const int ReservedTiers = 8;

    // Room for pledges to come (slots, and arcs for theirs and for moved tier blocks); when it runs out, the session
    // solves the changed problem anew in a network with fresh room.
    private const int MinimumSpareSlots = 64;
    private const int MinimumSpareArcs = 1 << 16;

    private readonly AllocationPolicy _policy;
    private readonly int _unitCount;
    private readonly int _slotCapacity;
    private readonly int _root;
    private readonly ArcSet _arcs;
    private readonly int _bypassStart;
    private readonly int _upStart;
    private readonly int _downStart;
    private readonly TierBlock[] _blocks;
    private readonly Slot[] _slots;
    private readonly double[] _lat;
    private readonly double[] _lon;
    private readonly double[] _cos;
    private readonly NetworkSimplex _simplex;
    private readonly int _distanceEnd;
    private readonly int[] _inStart; // per unit node, its first entry in _inArcs; the first slots' distance arcs into each unit
    private readonly int[] _inArcs;
    private readonly int[] _inSource; // beside _inArcs: each arc's source and cost (fixed), read in order when pricing at a unit
    private readonly int[] _inCost;
    private int _slotCount;
    private int _extEnd;
    private Int128 _objectiveEdits;

    private OnlineNetwork(OnlineNetwork other)
    {
        _policy = other._policy;
        _unitCount = other._unitCount;
        _slotCapacity = other._slotCapacity;
        _root = other._root;
        _simplex = other._simplex.Clone();
        _arcs = _simplex.Arcs;
        _bypassStart = other._bypassStart;
        _upStart = other._upStart;
        _downStart = other._downStart;
        _blocks = (TierBlock[])other._blocks.Clone();
        _slots = (Slot[])other._slots.Clone();
        (_lat, _lon, _cos) = (other._lat, other._lon, other._cos);
        (_distanceEnd, _inStart, _inArcs, _inSource, _inCost) = (other._distanceEnd, other._inStart, other._inArcs, other._inSource, other._inCost);
        (_slotCount, _extEnd, _objectiveEdits, _prunedFree, Prunings) = (other._slotCount, other._extEnd, other._objectiveEdits, other._prunedFree, other.Prunings);
        (BypassCost, ArtificialCost, TotalSupply) = (other.BypassCost, other.ArtificialCost, other.TotalSupply);
    }

    private OnlineNetwork(AllocationPolicy policy, int unitCount, int slotCount, int slotCapacity, int arcCapacity, int distanceEnd, int bypassStart, long bypassCost, bool vector)
    {
        _distanceEnd = distanceEnd;
        _inStart = new int[unitCount + 1];
        _inArcs = new int[distanceEnd];
        _inSource = new int[distanceEnd];
        _inCost = new int[distanceEnd];
        _policy = policy;
        _unitCount = unitCount;
        _slotCount = slotCount;
        _slotCapacity = slotCapacity;
        _root = unitCount + slotCapacity;
        _arcs = new ArcSet(arcCapacity);
        _bypassStart = bypassStart;
        _upStart = bypassStart + slotCapacity;
        _downStart = _upStart + unitCount;
        _extEnd = _downStart + slotCapacity;
        _blocks = new TierBlock[unitCount];
        _slots = new Slot[slotCapacity];
        for (var t = 0; t < slotCapacity; t++)
        {
            _slots[t].Aggregator = -1;
        }

        _lat = new double[unitCount];
        _lon = new double[unitCount];
        _cos = new double[unitCount];
        BypassCost = bypassCost;
        ArtificialCost = checked((2 * bypassCost) + 1);
        _simplex = new NetworkSimplex(_root + 1, _arcs, vector) { MinimumCandidates = WarmStartCandidates };
    }

    // Improving arcs are few after a change (about one in ten thousand priced items on the full city): a major pricing
    // step collects this many before it stops, and the minor steps choose among them (a fifth fewer pivots there).
    private const int WarmStartCandidates = 64;

    // A source slot: its supply, its distance arcs [ArcFirst, ArcEnd), and its direct pledge's id or its aggregator.
    private struct Slot
    {
        public long Supply;
        public int ArcFirst;
        public int ArcEnd;
        public string? Pledge;
        public int Aggregator;
    }

    // A unit's reserved run of tier arcs [First, First + Size).
    private struct TierBlock
    {
        public int First;
        public int Size;
    }

    /// <summary>Gets the bypass cost M: more than any simple augmenting path can cost, whatever pledges join later.</summary>
    public long BypassCost { get; }

    /// <summary>Gets the cost K of the artificial arcs, more than any simple path with one bypass (2M + 1).</summary>
    public long ArtificialCost { get; }

    /// <summary>Gets the sum of the sources' supplies.</summary>
    public long TotalSupply { get; private set; }

    /// <summary>Gets the simplex pivots so far.</summary>
    public long Pivots => _simplex.Pivots;

    /// <summary>Gets the number of nodes.</summary>
    public int NodeCount => _root + 1;

    /// <summary>Gets the number of arcs in use.</summary>
    public long ArcCount => _extEnd;

    /// <summary>Returns the bypass cost M the online network uses for <paramref name="problem"/>: it bounds the cost of a
    /// simple augmenting path for any pledges (every unit a node, any distance up to half the circumference).</summary>
    public static long BypassCostFor(AllocationProblem problem) =>
        checked(((long)Math.Max(problem.Units.Count, 1) * AllocationProblem.MaxDistance) + (problem.Policy.FairnessWeight * (problem.Policy.FillRateTiers - 1)) + 1);

    /// <summary>Returns a deep copy, which changes and pivots exactly as this network would.</summary>
    public OnlineNetwork Clone() => new(this);

    /// <summary>
    /// Lays out the online network of <paramref name="index"/>'s problem (slots, distance arcs, tier blocks, bypasses and
    /// artificial arcs), without flow yet: it does not depend on the first solve, so it may be laid out beside it; then
    /// <see cref="Adopt"/> takes the solve over.
    /// </summary>
    /// <param name="index">The problem's index.</param>
    /// <param name="parallelism">Threads for the distance computation.</param>
    /// <param name="vector">Whether pricing may use AVX2.</param>
    public static OnlineNetwork Layout(ProblemIndex index, int parallelism, bool vector)
    {
        var problem = index.Problem;
        var policy = problem.Policy;
        var unitCount = problem.Units.Count;

        // Slots: direct pledges in input order, then aggregators, then spares.
        var slotPledges = new List<int>();
        for (var o = 0; o < problem.Pledges.Count; o++)
        {
            if (!problem.Pledges[o].IsVia)
            {
                slotPledges.Add(o);
            }
        }

        var slotCount = slotPledges.Count + problem.Aggregators.Count;
        var slotCapacity = slotCount + Math.Max(MinimumSpareSlots, slotCount / 2);
        var ranges = new List<(int Start, int End)>[slotCount];
        var slotArcFirst = new int[slotCount + 1];
        long distanceArcs = 0;
        for (var t = 0; t < slotCount; t++)
        {
            ranges[t] = t < slotPledges.Count
                ? index.Ranges(problem.Pledges[slotPledges[t]].Areas)
                : index.Ranges(problem.Aggregators[t - slotPledges.Count].ServiceAreas);
            slotArcFirst[t] = (int)Math.Min(distanceArcs, int.MaxValue);
            foreach (var (start, end) in ranges[t])
            {
                distanceArcs += end - start;
            }
        }

        var tiersMax = policy.FairnessWeight == 0 ? 1 : policy.FillRateTiers;
        long tierArcs = 0;
        var blockSize = new int[unitCount];
        for (var p = 0; p < unitCount; p++)
        {
            var count = FlowNetwork.TierArcCount(policy, problem.Units[index.Order[p]].Need);
            blockSize[p] = (int)Math.Max(count, Math.Min(ReservedTiers, tiersMax));
            tierArcs += blockSize[p];
        }

        var bypassStart = distanceArcs + tierArcs;
        var fixedEnd = bypassStart + (2L * slotCapacity) + unitCount;
        var arcCapacity = fixedEnd + Math.Max(MinimumSpareArcs, fixedEnd / 4);
        if (arcCapacity > Array.MaxLength)
        {
            throw new AllocationProblemException("$", $"the online flow network would have {arcCapacity} arcs, more than one array holds; split the problem");
        }

        var network = new OnlineNetwork(policy, unitCount, slotCount, slotCapacity, (int)arcCapacity, (int)distanceArcs, (int)bypassStart, BypassCostFor(problem), vector);
        network.Lay(problem, index, slotPledges, ranges, slotArcFirst, (int)distanceArcs, blockSize, parallelism);
        network.IndexArcsIntoUnits();
        network._slotPledges = slotPledges;
        return network;
    }

    /// <summary>
    /// Takes over the optimal flows and trees of <paramref name="solved"/>: the solved network of the whole problem laid
    /// out, or of each of its connected parts (<see cref="ComponentMap.Split"/>), all solved with
    /// <see cref="BypassCostFor"/>'s M, so the potentials and reduced costs are the same and the basis stays optimal.
    /// </summary>
    /// <param name="solved">The solved networks, each with its part (<see langword="null"/> for the whole problem).</param>
    /// <param name="index">The problem's index, the one laid out.</param>
    public void Adopt(IReadOnlyList<(FlowNetwork Network, ComponentMap? Part)> solved, ProblemIndex index)
    {
        TakeOver(solved, index, _slotPledges);

        // Arcs the solved networks did not have (at units without need, sources without supply or reaching no needy unit)
        // may price out negative: one pass over every arc makes the basis optimal for the whole online network, as after
        // each change.
        Reoptimise(null, long.MaxValue, everyArc: true);
        PrunePricedSet();
    }

    // The problem's direct pledges in slot order, from the layout to the takeover.
    private List<int> _slotPledges = [];

    private void Lay(AllocationProblem problem, ProblemIndex index, List<int> slotPledges, List<(int Start, int End)>[] ranges, int[] slotArcFirst, int distanceEnd, int[] blockSize, int parallelism)
    {
        var slotCount = ranges.Length;
        for (var p = 0; p < _unitCount; p++)
        {
            var g = problem.Units[index.Order[p]].Location;
            _lat[p] = Geodesy.Radians(g.Latitude);
            _lon[p] = Geodesy.Radians(g.Longitude);
            _cos[p] = Math.Cos(_lat[p]);
        }

        for (var t = 0; t < slotCount; t++)
        {
            if (t < slotPledges.Count)
            {
                var pledge = problem.Pledges[slotPledges[t]];
                _slots[t].Pledge = pledge.Id;
                _slots[t].Supply = pledge.Quantity;
            }
            else
            {
                var a = t - slotPledges.Count;
                _slots[t].Aggregator = a;
            }

            _slots[t].ArcFirst = slotArcFirst[t];
            _slots[t].ArcEnd = t + 1 < slotCount ? slotArcFirst[t + 1] : distanceEnd;
        }

        // Aggregators: their via pledges' quantity, at most their capacity.
        foreach (var pledge in problem.Pledges)
        {
            if (pledge.ViaAggregator is { } via)
            {
                _slots[slotPledges.Count + problem.IndexOfAggregator(via)].Supply += pledge.Quantity;
            }
        }

        for (var a = 0; a < problem.Aggregators.Count; a++)
        {
            var t = slotPledges.Count + a;
            _slots[t].Supply = Math.Min(_slots[t].Supply, problem.Aggregators[a].Capacity);
        }

        for (var t = 0; t < slotCount; t++)
        {
            TotalSupply += _slots[t].Supply;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
        Parallel.For(0, slotCount, options, t =>
        {
            var origin = _slots[t].Pledge is { } id ? problem.Pledges[problem.IndexOfPledge(id)].Origin : problem.Aggregators[_slots[t].Aggregator].Depot;
            WriteDistanceArcs(t, ranges[t], origin, _slots[t].ArcFirst);
        });

        var e = distanceEnd;
        for (var p = 0; p < _unitCount; p++)
        {
            _blocks[p].First = e;
            _blocks[p].Size = blockSize[p];
            e += blockSize[p];
            WriteTiers(p, problem.Units[index.Order[p]].Need);
        }

        for (var t = 0; t < _slotCapacity; t++)
        {
            _arcs.Set(_bypassStart + t, _unitCount + t, _root, BypassCost, NetworkSimplex.Infinite);
            _arcs.Set(_downStart + t, _root, _unitCount + t, ArtificialCost, NetworkSimplex.Infinite);
        }

        for (var p = 0; p < _unitCount; p++)
        {
            _arcs.Set(_upStart + p, p, _root, ArtificialCost, NetworkSimplex.Infinite);
        }
    }

    // The distance arcs into each unit (counting sort by target), for pricing the arcs at units whose potential changed.
    private void IndexArcsIntoUnits()
    {
        for (var e = 0; e < _distanceEnd; e++)
        {
            _inStart[_arcs.Target[e] + 1]++;
        }

        for (var p = 0; p < _unitCount; p++)
        {
            _inStart[p + 1] += _inStart[p];
        }

        var fill = (int[])_inStart.Clone();
        for (var e = 0; e < _distanceEnd; e++)
        {
            var i = fill[_arcs.Target[e]]++;
            _inArcs[i] = e;
            _inSource[i] = _arcs.Source[e];
            _inCost[i] = checked((int)_arcs.Cost[e]);
        }
    }

    private void WriteDistanceArcs(int slot, List<(int Start, int End)> ranges, Model.Regions.GeoPoint? origin, int first)
    {
        var e = first;
        var hasOrigin = origin is not null;
        var lat = hasOrigin ? Geodesy.Radians(origin!.Value.Latitude) : 0;
        var lon = hasOrigin ? Geodesy.Radians(origin!.Value.Longitude) : 0;
        var cos = Math.Cos(lat);
        foreach (var (start, end) in ranges)
        {
            for (var p = start; p < end; p++)
            {
                _arcs.Set(e++, _unitCount + slot, p, hasOrigin ? Geodesy.Hectometres(lat, lon, cos, _lat[p], _lon[p], _cos[p]) : 0, NetworkSimplex.Infinite);
            }
        }
    }

    // Writes unit p's tier arcs for a need into its block (flow 0, lower bound); the rest of the block has capacity 0.
    private int WriteTiers(int p, long need)
    {
        var e = _blocks[p].First;
        foreach (var (capacity, cost) in FlowNetwork.TierArcs(_policy, need))
        {
            _arcs.Set(e++, p, _root, cost, capacity);
        }

        var end = e;
        for (; e < _blocks[p].First + _blocks[p].Size; e++)
        {
            _arcs.Set(e, p, _root, 0, 0);
        }

        return end;
    }

    // Copies the solved networks' flows and trees (the whole problem's, or its connected parts', each rooted at its own
    // sink, which is the online root: the parts share no node but the root and no arc, so the union of their trees is a
    // spanning tree of the nodes they cover, strongly feasible, with the same potentials); nodes none of them has hang
    // below the root (units with need by their first tier arc, others by their artificial arc, slots by their bypass
    // carrying their supply), all strongly feasible.
    private void TakeOver(IReadOnlyList<(FlowNetwork Network, ComponentMap? Part)> solvedParts, ProblemIndex index, List<int> slotPledges)
    {
        var problem = index.Problem;
        var slotOfPledge = new int[problem.Pledges.Count];
        for (var t = 0; t < slotPledges.Count; t++)
        {
            slotOfPledge[slotPledges[t]] = t;
        }

        var parent = new int[_root + 1];
        var pred = new int[_root + 1];
        var covered = new bool[_root + 1];
        foreach (var (solved, part) in solvedParts)
        {
            TakeOverPart(solved, part, index, slotPledges, slotOfPledge, parent, pred, covered);
        }

        for (var p = 0; p < _unitCount; p++)
        {
            if (!covered[p])
            {
                parent[p] = _root;
                pred[p] = problem.Units[index.Order[p]].Need > 0 ? _blocks[p].First : _upStart + p;
            }
        }

        for (var t = 0; t < _slotCapacity; t++)
        {
            if (!covered[_unitCount + t])
            {
                parent[_unitCount + t] = _root;
                pred[_unitCount + t] = _bypassStart + t;
                _arcs.Flow[_bypassStart + t] = _slots[t].Supply;
            }
        }

        _simplex.InitTree(parent, pred);
        var groupFirst = new int[_unitCount];
        var groupEnd = new int[_unitCount];
        for (var p = 0; p < _unitCount; p++)
        {
            groupFirst[p] = _blocks[p].First;
            groupEnd[p] = _blocks[p].First + (int)FlowNetwork.TierArcCount(problem.Policy, problem.Units[index.Order[p]].Need);
        }

        _simplex.SetTierGroups(groupFirst, groupEnd, _distanceEnd, _arcs.Count);
        _simplex.SetFreeArcs(_distanceEnd);
        _simplex.CommitFree();
        _simplex.TrackPotentialChanges();
        for (var p = 0; p < _unitCount; p++)
        {
            _simplex.ActivateGroup(p);
        }

        for (var t = 0; t < _slotCapacity; t++)
        {
            _simplex.Activate(_bypassStart + t);
        }

        for (var e = 0; e < _extEnd; e++)
        {
            _objectiveEdits += (Int128)_arcs.Flow[e] * _arcs.Cost[e];
        }
    }

    // Copies one solved network's flows, states and tree into the online network, translating its problem's indexes
    // through its part (when a connected part of the problem), and marks its priced arcs and every arc with flow.
    private void TakeOverPart(FlowNetwork solved, ComponentMap? part, ProblemIndex index, List<int> slotPledges, int[] slotOfPledge, int[] parent, int[] pred, bool[] covered)
    {
        var problem = index.Problem;
        var s0 = solved.SourceCount;
        var unitOfNode = solved.UnitOfNode;
        var solvedNodes = s0 + unitOfNode.Length + 1;
        var nodeMap = new int[solvedNodes];
        var slotOfSource = new int[s0];
        for (var s = 0; s < s0; s++)
        {
            var (pledge, aggregator) = solved.SourceOf(s);
            slotOfSource[s] = pledge >= 0
                ? slotOfPledge[part is null ? pledge : part.Pledges[pledge]]
                : slotPledges.Count + (part is null ? aggregator : part.Aggregators[aggregator]);
            nodeMap[s] = _unitCount + slotOfSource[s];
        }

        for (var i = 0; i < unitOfNode.Length; i++)
        {
            nodeMap[s0 + i] = index.Position[part is null ? unitOfNode[i] : part.Units[unitOfNode[i]]];
        }

        nodeMap[solvedNodes - 1] = _root;

        var arcStart = solved.ArcStart;
        var targets = solved.Targets;
        var flows = solved.Flows;
        var states = solved.States;
        var arcMap = new int[solved.ArcCount];

        // A part's units are in the same code order as the whole problem's, so a source's arcs are found in one sweep.
        for (var s = 0; s < s0; s++)
        {
            var q = _slots[slotOfSource[s]].ArcFirst;
            for (var e = arcStart[s]; e < arcStart[s + 1]; e++)
            {
                var p = nodeMap[targets[e]];
                while (_arcs.Target[q] != p)
                {
                    q++;
                }

                Copy(e, q);
            }
        }

        var tier = arcStart[s0];
        for (var i = 0; i < unitOfNode.Length; i++)
        {
            var p = nodeMap[s0 + i];
            var count = FlowNetwork.TierArcCount(problem.Policy, problem.Units[index.Order[p]].Need);
            for (var k = 0; k < count; k++)
            {
                Copy(tier++, _blocks[p].First + k);
            }
        }

        for (var s = 0; s < s0; s++)
        {
            Copy(solved.BypassStart + s, _bypassStart + slotOfSource[s]);
        }

        var simplex = solved.Simplex;
        for (var v = 0; v < solvedNodes - 1; v++)
        {
            var w = nodeMap[v];
            parent[w] = nodeMap[simplex.Parent(v)];
            pred[w] = arcMap[simplex.TreeArc(v)];
            covered[w] = true;
        }

        // The priced set: the solved network's, and every arc with flow.
        for (var e = 0; e < arcStart[s0]; e++)
        {
            if (simplex.IsFreeActive(e) || flows[e] > 0)
            {
                _simplex.ActivateFree(arcMap[e]);
            }
        }

        void Copy(int from, int to)
        {
            arcMap[from] = to;
            _arcs.Flow[to] = flows[from];
            _arcs.State[to] = states[from];
        }
    }

    /// <summary>
    /// Re-optimises from the current basis (after a change) and checks that no artificial arc carries flow.
    /// </summary>
    /// <remarks>
    /// Sifting as in the engine, but incremental: before the change every arc priced out (reduced cost ≥ 0), and a
    /// reduced cost changes only with its end nodes' potentials. So after the simplex is optimal on the priced set, only
    /// the arcs outside it at nodes whose potential changed are priced (all arcs when that is a large share of the nodes,
    /// or when <paramref name="everyArc"/>); the improving ones join and the simplex continues, until none is left: then
    /// every arc prices out and the flow is optimal for the whole network.
    /// </remarks>
    public void Reoptimise(Action<long>? onPivots, long interval, bool everyArc = false)
    {
        while (true)
        {
            _simplex.Run(onPivots, interval);
            var changed = _simplex.TakeChangedNodes();
            var added = 0;
            if (everyArc || changed.Count > (_root + 1) / ScanAllShare)
            {
                for (var e = 0; e < _distanceEnd; e++)
                {
                    added += PriceOutside(e);
                }
            }
            else
            {
                foreach (var v in changed)
                {
                    if (v < _unitCount)
                    {
                        // The same test as PriceOutside, from the copies in order (the arc arrays only for an improving arc).
                        var pi = _simplex.Potentials;
                        var piUnit = pi[v];
                        for (var i = _inStart[v]; i < _inStart[v + 1]; i++)
                        {
                            if (_inCost[i] + pi[_inSource[i]] - piUnit < 0)
                            {
                                added += PriceOutside(_inArcs[i]);
                            }
                        }
                    }
                    else if (v < _root)
                    {
                        var slot = v - _unitCount;
                        for (var e = _slots[slot].ArcFirst; e < Math.Min(_slots[slot].ArcEnd, _distanceEnd); e++)
                        {
                            added += PriceOutside(e);
                        }
                    }
                }
            }

            everyArc = false;
            if (added == 0)
            {
                break;
            }
        }

        for (var e = _upStart; e < _downStart + _slotCapacity; e++)
        {
            if (_arcs.Flow[e] != 0)
            {
                throw new InvalidOperationException("An artificial arc still carries flow after re-optimisation; this is a bug.");
            }
        }

        // Arcs that joined the priced set stay in it: once it has grown by half, it is pruned again (one pass over the
        // distance arcs, cheap beside the scans of a set half again as large).
        if (_simplex.FreeCount > _prunedFree + (_prunedFree / 2))
        {
            PrunePricedSet();
        }
    }

    // At an optimum, keeps in the priced set only the distance arcs that carry flow or price out at 0 (the others become
    // improving only when an end node's potential moves, and then join again): a change's pivots scan far fewer arcs.
    // New pledges' arcs (past the first slots' arcs) stay priced, since the pricing at changed nodes does not reach them;
    // the compact copies are rebuilt in arc order, so arcs of one source form one run again.
    private void PrunePricedSet()
    {
        for (var e = 0; e < _distanceEnd; e++)
        {
            if (_simplex.IsFreeActive(e) && _arcs.Flow[e] == 0 && _arcs.State[e] != Tree && _simplex.ReducedCost(e) > 0)
            {
                _simplex.DeactivateFree(e);
            }
        }

        var extra = new List<(int First, int End)>();
        for (var t = 0; t < _slotCount; t++)
        {
            if (_slots[t].ArcFirst >= _distanceEnd)
            {
                extra.Add((_slots[t].ArcFirst, _slots[t].ArcEnd));
            }
        }

        _simplex.CommitFree(extra);
        _prunedFree = _simplex.FreeCount;
        Prunings++;
    }

    /// <summary>Gets how often the priced set was pruned (once when laid out, then whenever it had grown by half).</summary>
    public int Prunings { get; private set; }

    // The number of priced distance arcs after the last pruning.
    private int _prunedFree;

    // Past this share of changed nodes (1 / ScanAllShare), one pass over all arcs is cheaper than the arcs at each.
    private const int ScanAllShare = 4;

    private int PriceOutside(int arc)
    {
        if (!_simplex.IsFreeActive(arc) && _simplex.ReducedCost(arc) < 0)
        {
            _simplex.AppendFree(arc);
            return 1;
        }

        return 0;
    }

    /// <summary>Gets the total allocated: the supply not sent over a bypass.</summary>
    public long Allocated
    {
        get
        {
            var bypassed = 0L;
            for (var t = 0; t < _slotCount; t++)
            {
                bypassed += _arcs.Flow[_bypassStart + t];
            }

            return TotalSupply - bypassed;
        }
    }

    /// <summary>Gets the contract's cost of the current flow: Σ cost × flow without the bypasses' and artificial arcs' share.</summary>
    public long Cost
    {
        get
        {
            var total = _objectiveEdits + _simplex.ObjectiveChange;
            for (var t = 0; t < _slotCount; t++)
            {
                total -= (Int128)_arcs.Flow[_bypassStart + t] * BypassCost;
                total -= (Int128)_arcs.Flow[_downStart + t] * ArtificialCost;
            }

            for (var p = 0; p < _unitCount; p++)
            {
                total -= (Int128)_arcs.Flow[_upStart + p] * ArtificialCost;
            }

            return (long)total;
        }
    }

    /// <summary>
    /// Sets the supply of slot <paramref name="slot"/>: more leaves over its bypass, less is first taken off its bypass,
    /// and what is left comes in over its artificial arc; either arc joins the basis when it is off its bounds.
    /// </summary>
    public void SetSupply(int slot, long supply)
    {
        var delta = supply - _slots[slot].Supply;
        _slots[slot].Supply = supply;
        TotalSupply += delta;
        var bypass = _bypassStart + slot;
        if (delta > 0)
        {
            AddFlow(bypass, delta);
        }
        else if (delta < 0)
        {
            var take = Math.Min(_arcs.Flow[bypass], -delta);
            AddFlow(bypass, -take);
            if (-delta > take)
            {
                AddFlow(_downStart + slot, -delta - take);
            }
        }
    }

    // Changes an arc's flow (within its bounds) by an edit of the network, and restores a valid basis when the arc is out
    // of the tree and now off its bounds.
    private void AddFlow(int arc, long amount)
    {
        _arcs.Flow[arc] += amount;
        _objectiveEdits += (Int128)amount * _arcs.Cost[arc];
        if (_arcs.State[arc] != Tree && _arcs.Flow[arc] != 0)
        {
            _simplex.ForceIntoBasis(arc);
        }
    }

    /// <summary>
    /// Sets the need of the unit at code position <paramref name="p"/>: its inflow moves to its artificial arc, its tier
    /// arcs are laid out anew (flow 0) in its block, or in a new block when the block is too small.
    /// </summary>
    /// <returns><see langword="false"/> when the network has no room left for a larger block (nothing changed).</returns>
    public bool SetNeed(int p, long need)
    {
        var count = (int)FlowNetwork.TierArcCount(_policy, need);
        if (count > _blocks[p].Size && _extEnd + count > _arcs.Count)
        {
            return false;
        }

        var first = _simplex.GroupFirst(p);
        var end = _simplex.GroupEnd(p);
        var up = _upStart + p;
        var inflow = 0L;
        for (var e = first; e < end; e++)
        {
            inflow += _arcs.Flow[e];
            _objectiveEdits -= (Int128)_arcs.Flow[e] * _arcs.Cost[e];
        }

        var treeArc = _simplex.TreeArc(p);
        if (treeArc >= first && treeArc < end)
        {
            _simplex.ReplaceTreeArc(p, up);
        }

        if (count > _blocks[p].Size)
        {
            for (var e = first; e < first + _blocks[p].Size; e++)
            {
                _arcs.Set(e, p, _root, 0, 0);
            }

            _blocks[p].First = _extEnd;
            _blocks[p].Size = count;
            _extEnd += count;
        }

        var newEnd = WriteTiers(p, need);
        _simplex.SetTierGroup(p, _blocks[p].First, newEnd);
        AddFlow(up, inflow);
        return true;
    }

    /// <summary>
    /// Adds a direct pledge in a spare slot: its distance arcs to every unit of its areas are appended and priced, then
    /// its supply is set.
    /// </summary>
    /// <returns>The slot, or -1 when the network has no spare slot or room for the arcs (nothing changed).</returns>
    public int AddDirectPledge(SolverPledge pledge, ProblemIndex index)
    {
        var ranges = index.Ranges(pledge.Areas);
        long count = 0;
        foreach (var (start, end) in ranges)
        {
            count += end - start;
        }

        if (_slotCount == _slotCapacity || _extEnd + count > _arcs.Count)
        {
            return -1;
        }

        var slot = _slotCount++;
        _slots[slot].Pledge = pledge.Id;
        _slots[slot].ArcFirst = _extEnd;
        WriteDistanceArcs(slot, ranges, pledge.Origin, _extEnd);
        _extEnd += (int)count;
        _slots[slot].ArcEnd = _extEnd;
        for (var e = _slots[slot].ArcFirst; e < _extEnd; e++)
        {
            _simplex.AppendFree(e);
        }

        SetSupply(slot, pledge.Quantity);
        return slot;
    }

    /// <summary>Withdraws the direct pledge of a slot: its supply drops to 0 and the slot is not used again.</summary>
    public void RemoveDirectPledge(int slot)
    {
        SetSupply(slot, 0);
        _slots[slot].Pledge = null;
    }

    /// <summary>Returns the slot of a direct pledge, or -1.</summary>
    public int SlotOfPledge(string id)
    {
        for (var t = 0; t < _slotCount; t++)
        {
            if (_slots[t].Pledge == id)
            {
                return t;
            }
        }

        return -1;
    }

    /// <summary>Returns the slot of an aggregator.</summary>
    public int SlotOfAggregator(int aggregator)
    {
        for (var t = 0; t < _slotCount; t++)
        {
            if (_slots[t].Aggregator == aggregator)
            {
                return t;
            }
        }

        return -1;
    }

    /// <summary>Gets the supply of a slot.</summary>
    public long SupplyOf(int slot) => _slots[slot].Supply;

    /// <summary>Adds the current flow's lines for the problem of <paramref name="index"/> (its units in the same code order).</summary>
    public void CollectLines(ProblemIndex index, List<AllocationResult.Line> lines, long[] received, long[] pledgeSent, long[] aggregatorSent)
    {
        var problem = index.Problem;
        var collector = new LineCollector(problem, null, lines, received, pledgeSent, aggregatorSent);
        for (var t = 0; t < _slotCount; t++)
        {
            if (_slots[t].Supply == 0)
            {
                continue;
            }

            collector.BeginSource(_slots[t].Pledge is { } id ? problem.IndexOfPledge(id) : -1, _slots[t].Aggregator);
            for (var e = _slots[t].ArcFirst; e < _slots[t].ArcEnd; e++)
            {
                if (_arcs.Flow[e] > 0)
                {
                    collector.Add(index.Order[_arcs.Target[e]], _arcs.Flow[e], _arcs.Cost[e]);
                }
            }
        }
    }
}
