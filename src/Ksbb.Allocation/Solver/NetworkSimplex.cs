using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ksbb.Allocation.Solver;

/// <summary>
/// Primal network simplex with block-search pivoting on flat arrays (a managed port of the design of LEMON's
/// NetworkSimplex: spanning tree stored as parent/thread/successor-count arrays, strongly feasible bases, Cunningham's
/// leaving-arc rule, so it terminates without cycling).
/// </summary>
/// <remarks>
/// The caller supplies a feasible strongly feasible starting tree rooted at the last node (every other node has one tree
/// arc to or from the root, along which it can push flow up). Arc costs are 64-bit; capacities 64-bit
/// (<see cref="Infinite"/> for uncapacitated arcs). Single-threaded and deterministic.
/// </remarks>
internal sealed class NetworkSimplex
{
    public const long Infinite = long.MaxValue;

    private const sbyte StateUpper = -1;
    private const sbyte StateTree = 0;
    private const sbyte StateLower = 1;
    private const sbyte DirUp = 1;
    private const sbyte DirDown = -1;

    private readonly int _nodeCount;
    private readonly ArcSet _arcs;
    private readonly int[] _source;
    private readonly int[] _target;
    private readonly long[] _cost;
    private readonly long[] _cap;
    private readonly long[] _flow;
    private readonly sbyte[] _state;

    private readonly int[] _parent;
    private readonly int[] _pred;
    private readonly int[] _thread;
    private readonly int[] _revThread;
    private readonly int[] _succNum;
    private readonly int[] _lastSucc;
    private readonly sbyte[] _predDir;
    private readonly long[] _pi;
    private readonly List<int> _dirtyRevs = [];

    private int _inArc;
    private int _join;
    private int _uIn;
    private int _vIn;
    private int _uOut;
    private long _delta;
    private int _nextArc;

    // Priced set, part 1: the active uncapacitated arcs [0, _freeEnd) in arc order, with endpoints and cost copied beside
    // them so that the major scans read memory in order. Such an arc is never at its upper bound, and a tree arc has
    // reduced cost 0, so a negative reduced cost alone marks an improving arc.
    private int _freeEnd;
    private readonly bool[] _freeActive;
    private int[] _freeArc = [];
    private int[] _freeTarget = [];
    private int[] _freeCost = [];
    private int[] _runStart = [0]; // runs of priced uncapacitated arcs with the same source: [_runStart[r], _runStart[r + 1])
    private int[] _runSource = [];
    private int _runCount;
    private int _freeCount;

    // The potentials at the last TakeChangedNodes (only when tracking is on): a node whose potential differs has moved.
    // Comparing once per sifting round costs a pass over the nodes; marking in every potential update cost more.
    private long[] _piAtRest = [];
    private readonly bool _vector;

    // Priced set, part 2: other arcs and tier groups (~group), priced through their state.
    private int[] _active;
    private int[] _groupFirst = [];
    private int[] _groupEnd = [];
    private int[] _cursor = [];

    // Per tier group, what its pricing reads, kept beside the cursor so that a scan reads four sequential arrays instead
    // of the arc arrays at every group's cursor: the cost of the cursor arc when it is at its lower bound (else
    // NoLower), the cost of the arc before the cursor (else NoUpper), and the group's end nodes.
    private long[] _groupLow = [];
    private long[] _groupUp = [];
    private int[] _groupSource = [];
    private int[] _groupTarget = [];

    // Sentinels far beyond any reduced cost (|cost + potential difference| stays below 2^50 for every network the
    // engine lays out), so that a missing arc never prices as improving.
    private const long NoLower = 1L << 60;
    private const long NoUpper = -(1L << 60);
    private int[] _tierOwner = [];
    private int _tierBase;
    private readonly int[] _candidates = new int[CandidateLimit];
    private int _candidateCount;
    private int _minor;

    // Candidate list length and minor-iteration limit, tuned on the full-city instance (benchmarks/README.md).
    private const int CandidateLimit = 200;
    private const int MinorLimit = 100;
    private int _activeCount;

    public NetworkSimplex(int nodeCount, ArcSet arcs, bool vectorPricing)
    {
        _vector = vectorPricing && Avx2.IsSupported;
        _nodeCount = nodeCount;
        _arcs = arcs;
        _source = arcs.Source;
        _target = arcs.Target;
        _cost = arcs.Cost;
        _cap = arcs.Cap;
        _flow = arcs.Flow;
        _state = arcs.State;
        var arcCount = arcs.Count;
        _parent = new int[nodeCount];
        _pred = new int[nodeCount];
        _thread = new int[nodeCount];
        _revThread = new int[nodeCount];
        _succNum = new int[nodeCount];
        _lastSucc = new int[nodeCount];
        _predDir = new sbyte[nodeCount];
        _pi = new long[nodeCount];
        _active = new int[nodeCount];
        _freeActive = new bool[arcCount];
    }

    /// <summary>
    /// Declares the arcs <c>[0, end)</c> uncapacitated (<see cref="Infinite"/>): they are priced from compact copies
    /// (<see cref="ActivateFree"/>, <see cref="CommitFree()"/>).
    /// </summary>
    public void SetFreeArcs(int end) => _freeEnd = end;

    /// <summary>Marks an uncapacitated arc for the priced set; it joins at the next <see cref="CommitFree()"/>.</summary>
    public void ActivateFree(int arc) => _freeActive[arc] = true;

    /// <summary>Unmarks an uncapacitated arc; it leaves the priced set at the next <see cref="CommitFree()"/> (it must be at flow 0 out of the tree).</summary>
    public void DeactivateFree(int arc) => _freeActive[arc] = false;

    /// <summary>Gets whether an uncapacitated arc is in the priced set (or marked for it).</summary>
    public bool IsFreeActive(int arc) => _freeActive[arc];

    /// <summary>Rebuilds the compact copies of the priced uncapacitated arcs, in arc order.</summary>
    public void CommitFree() => CommitFree([]);

    /// <summary>
    /// Rebuilds the compact copies of the priced uncapacitated arcs: those of <c>[0, end)</c> (<see cref="SetFreeArcs"/>)
    /// in arc order, then those of each of <paramref name="extra"/>'s ranges (uncapacitated arcs appended beyond it), in
    /// the order given. Arcs with the same source in a row form one run, so the scans read them together.
    /// </summary>
    public void CommitFree(IReadOnlyList<(int First, int End)> extra)
    {
        var count = 0;
        for (var e = 0; e < _freeEnd; e++)
        {
            if (_freeActive[e])
            {
                count++;
            }
        }

        foreach (var (first, end) in extra)
        {
            for (var e = first; e < end; e++)
            {
                if (_freeActive[e])
                {
                    count++;
                }
            }
        }

        if (_freeArc.Length < count)
        {
            var size = Math.Max(count, count + (count / 8));
            _freeArc = new int[size];
            _freeTarget = new int[size];
            _freeCost = new int[size];
        }

        _runCount = 0;
        _freeCount = 0;
        _runStart[0] = 0;
        for (var e = 0; e < _freeEnd; e++)
        {
            if (_freeActive[e])
            {
                PutFree(e);
            }
        }

        foreach (var (first, end) in extra)
        {
            for (var e = first; e < end; e++)
            {
                if (_freeActive[e])
                {
                    PutFree(e);
                }
            }
        }

        _nextArc = 0;
        _candidateCount = 0;
    }

    // Appends an arc to the compact copies (which have room), opening a run when its source differs from the last run's.
    private void PutFree(int arc)
    {
        var cost = _cost[arc];
        if (cost is < int.MinValue or > int.MaxValue)
        {
            throw new InvalidOperationException("An uncapacitated arc's cost does not fit 32 bits; this is a bug in the network construction.");
        }

        var i = _freeCount++;
        _freeArc[i] = arc;
        _freeTarget[i] = _target[arc];
        _freeCost[i] = (int)cost;
        if (_runCount == 0 || _runSource[_runCount - 1] != _source[arc])
        {
            if (_runCount + 1 >= _runStart.Length)
            {
                Array.Resize(ref _runStart, Math.Max(16, _runStart.Length * 2));
                Array.Resize(ref _runSource, _runStart.Length);
            }

            _runSource[_runCount] = _source[arc];
            _runStart[_runCount] = i;
            _runCount++;
        }

        _runStart[_runCount] = _freeCount;
    }

    /// <summary>
    /// Adds an uncapacitated arc to the priced set at once (appended to the compact copies, as a run of its own when its
    /// source differs from the last run's); no-op when it is already there.
    /// </summary>
    public void AppendFree(int arc)
    {
        if (_freeActive[arc])
        {
            return;
        }

        _freeActive[arc] = true;
        if (_freeCount == _freeArc.Length)
        {
            var size = Math.Max(16, _freeArc.Length * 2);
            Array.Resize(ref _freeArc, size);
            Array.Resize(ref _freeTarget, size);
            Array.Resize(ref _freeCost, size);
        }

        PutFree(arc);
    }

    /// <summary>Starts recording the nodes whose potential changes (see <see cref="TakeChangedNodes"/>).</summary>
    public void TrackPotentialChanges() => _piAtRest = (long[])_pi.Clone();

    /// <summary>
    /// Returns the nodes whose potential differs from the last call's (in node order) and takes the current potentials
    /// as the new reference. Only arcs at such nodes can have turned improving, so an online re-optimisation prices the
    /// arcs outside the priced set at those nodes only.
    /// </summary>
    public List<int> TakeChangedNodes()
    {
        var nodes = new List<int>();
        var pi = _pi;
        var atRest = _piAtRest;
        for (var v = 0; v < atRest.Length; v++)
        {
            if (pi[v] != atRest[v])
            {
                nodes.Add(v);
                atRest[v] = pi[v];
            }
        }

        return nodes;
    }

    public long Pivots { get; private set; }

    public ReadOnlySpan<long> Potentials => _pi;

    /// <summary>Returns the reduced cost of an arc with the current potentials.</summary>
    public long ReducedCost(int arc) => _cost[arc] + _pi[_source[arc]] - _pi[_target[arc]];

    /// <summary>Sets up the starting spanning tree rooted at the last node.</summary>
    /// <param name="parent">The parent of every node (ignored for the root).</param>
    /// <param name="predArc">The tree arc joining every non-root node to its parent.</param>
    /// <remarks>
    /// Flows and the states of the non-tree arcs must already be set (each at a bound) and consistent with the supplies;
    /// the tree must be strongly feasible: every node can push positive flow up to the root along its tree path.
    /// </remarks>
    public void InitTree(int[] parent, int[] predArc)
    {
        var root = _nodeCount - 1;
        var childCount = new int[_nodeCount + 1];
        for (var v = 0; v < root; v++)
        {
            childCount[parent[v] + 1]++;
        }

        for (var v = 0; v < _nodeCount; v++)
        {
            childCount[v + 1] += childCount[v];
        }

        var children = new int[Math.Max(root, 1)];
        var fill = (int[])childCount.Clone();
        for (var v = 0; v < root; v++)
        {
            children[fill[parent[v]]++] = v;
        }

        // Preorder (thread) by an explicit stack; children in index order.
        var order = new int[_nodeCount];
        var stack = new Stack<int>();
        stack.Push(root);
        var count = 0;
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            order[count++] = v;
            for (var i = childCount[v + 1] - 1; i >= childCount[v]; i--)
            {
                stack.Push(children[i]);
            }
        }

        for (var i = 0; i < count; i++)
        {
            var v = order[i];
            var next = order[(i + 1) % count];
            _thread[v] = next;
            _revThread[next] = v;
            if (v == root)
            {
                _parent[v] = -1;
                _pred[v] = -1;
                _predDir[v] = 0;
                _pi[v] = 0;
                continue;
            }

            var e = predArc[v];
            _parent[v] = parent[v];
            _pred[v] = e;
            _state[e] = StateTree;
            if (_source[e] == v)
            {
                _predDir[v] = DirUp;
                _pi[v] = _pi[parent[v]] - _cost[e];
            }
            else
            {
                _predDir[v] = DirDown;
                _pi[v] = _pi[parent[v]] + _cost[e];
            }
        }

        for (var i = count - 1; i >= 0; i--)
        {
            var v = order[i];
            _succNum[v] += 1;
            if (v != root)
            {
                _succNum[parent[v]] += _succNum[v];
            }
        }

        // The last successor of a node is the last node of its subtree in preorder.
        for (var i = 0; i < count; i++)
        {
            var v = order[i];
            _lastSucc[v] = order[i + _succNum[v] - 1];
        }
    }

    /// <summary>Pivots until optimal.</summary>
    /// <param name="onPivots">Called every <paramref name="interval"/> pivots with the pivot count (may throw to cancel).</param>
    /// <param name="interval">The callback interval, ≥ 1.</param>
    public void Run(Action<long>? onPivots, long interval)
    {
        // Pivots carry over between sifting rounds: report on every multiple of the interval.
        var nextReport = ((Pivots / interval) + 1) * interval;
        while (FindEnteringArc())
        {
            Pivot();
            Pivots++;
            if (Pivots >= nextReport)
            {
                nextReport += interval;
                onPivots?.Invoke(Pivots);
            }
        }
    }

    // One pivot on the chosen entering arc; the objective changes by the cycle's cost (the entering arc's reduced cost in
    // the direction its flow moves) times the amount pushed.
    private void Pivot()
    {
        var rc = _state[_inArc] * ReducedCost(_inArc);
        FindJoinNode();
        var change = FindLeavingArc();
        ObjectiveChange += (Int128)rc * _delta;
        ChangeFlow(change);
        if (change)
        {
            UpdateTreeStructure();
            UpdatePotential();
        }
    }

    /// <summary>Gets the change of Σ cost × flow over all pivots so far (the caller accounts for its own flow edits).</summary>
    public Int128 ObjectiveChange { get; private set; }

    /// <summary>
    /// Brings a non-tree arc whose flow lies strictly between its bounds back to a valid basis: with its capacity
    /// temporarily equal to its flow it stands at its upper bound and enters as in a pivot that lowers its flow, so it
    /// either drops to 0 (and stays out of the tree) or joins the tree when another arc blocks first. Cunningham's
    /// leaving rule keeps the tree strongly feasible. The arc's capacity is restored afterwards.
    /// </summary>
    public void ForceIntoBasis(int arc)
    {
        var capacity = _cap[arc];
        _cap[arc] = _flow[arc];
        _state[arc] = StateUpper;
        _inArc = arc;
        Pivot();
        _candidateCount = 0;
        _cap[arc] = capacity;
    }

    /// <summary>Returns the tree arc joining a node to its parent, or -1 for the root.</summary>
    public int TreeArc(int node) => _pred[node];

    /// <summary>Returns the first arc of tier group <paramref name="group"/>.</summary>
    public int GroupFirst(int group) => _groupFirst[group];

    /// <summary>Returns the end (exclusive) of tier group <paramref name="group"/>.</summary>
    public int GroupEnd(int group) => _groupEnd[group];

    /// <summary>Returns the parent of a node in the spanning tree, or -1 for the root.</summary>
    public int Parent(int node) => _parent[node];

    /// <summary>
    /// Replaces the tree arc of <paramref name="node"/> by <paramref name="arc"/>, which joins the same two nodes in the
    /// same direction; the old arc leaves the tree (the caller sets its state and flow) and the potentials of the
    /// node's subtree follow the new arc's cost.
    /// </summary>
    public void ReplaceTreeArc(int node, int arc)
    {
        var old = _pred[node];
        _pred[node] = arc;
        _state[arc] = StateTree;
        var sigma = (_predDir[node] == DirUp ? -1 : 1) * (_cost[arc] - _cost[old]);
        var u = node;
        for (var i = 0; i < _succNum[node]; i++)
        {
            _pi[u] += sigma;
            u = _thread[u];
        }
    }

    /// <summary>
    /// Returns a copy over a copy of the arcs: the same tree and flows, tier groups and priced set (in the same order);
    /// the pricing position starts afresh, so the copy reaches an optimum as exact as this one, perhaps another among ties.
    /// </summary>
    public NetworkSimplex Clone()
    {
        var copy = new NetworkSimplex(_nodeCount, _arcs.Clone(), _vector) { Pivots = Pivots, ObjectiveChange = ObjectiveChange, MinimumCandidates = MinimumCandidates };
        copy.InitTree(_parent, _pred);
        copy.SetTierGroups((int[])_groupFirst.Clone(), (int[])_groupEnd.Clone(), _tierBase, _tierBase + _tierOwner.Length);
        copy.SetFreeArcs(_freeEnd);
        for (var i = 0; i < _freeCount; i++)
        {
            copy.AppendFree(_freeArc[i]);
        }

        for (var i = 0; i < _activeCount; i++)
        {
            copy.AddActive(_active[i]);
        }

        if (_piAtRest.Length > 0)
        {
            copy._piAtRest = (long[])_piAtRest.Clone();
        }

        return copy;
    }

    /// <summary>Gets the arcs this simplex pivots on.</summary>
    public ArcSet Arcs => _arcs;

    /// <summary>Adds a capacitated arc to the priced set (arcs outside it must stay at their lower bound with flow 0).</summary>
    public void Activate(int arc) => AddActive(arc);

    /// <summary>
    /// Declares the convex tier groups: the arcs <c>[groupFirst[g], groupFirst[g + 1])</c> are parallel with increasing
    /// costs. They are priced as one item (<see cref="ActivateGroup"/>): only the cheapest arc at its lower bound and the
    /// dearest at its upper bound can improve, and the states stay ordered (upper…, at most one tree arc, lower…).
    /// </summary>
    public void SetTierGroups(int[] groupFirst)
    {
        var groups = groupFirst.Length - 1;
        var first = groups > 0 ? groupFirst[0] : 0;
        var last = groups > 0 ? groupFirst[groups] : 0;
        SetTierGroups(groupFirst[..groups], groupFirst[1..], first, last);
    }

    /// <summary>
    /// Declares the convex tier groups <c>[groupFirst[g], groupEnd[g])</c>, which lie in the arcs <c>[tierBase, tierLimit)</c>
    /// (arcs of that span outside every group are never priced; <see cref="SetTierGroup"/> may move a group inside it).
    /// </summary>
    public void SetTierGroups(int[] groupFirst, int[] groupEnd, int tierBase, int tierLimit)
    {
        _groupFirst = groupFirst;
        _groupEnd = groupEnd;
        var groups = groupFirst.Length;
        _cursor = new int[groups];
        _groupLow = new long[groups];
        _groupUp = new long[groups];
        _groupSource = new int[groups];
        _groupTarget = new int[groups];
        _tierOwner = new int[tierLimit - tierBase];
        Array.Fill(_tierOwner, -1);
        _tierBase = tierBase;
        for (var g = 0; g < groups; g++)
        {
            var b = groupFirst[g];
            while (b < groupEnd[g] && _state[b] == StateUpper)
            {
                b++;
            }

            _cursor[g] = b;
            for (var e = groupFirst[g]; e < groupEnd[g]; e++)
            {
                _tierOwner[e - tierBase] = g;
            }

            RefreshGroup(g);
        }
    }

    /// <summary>
    /// Moves or resizes tier group <paramref name="group"/> to the arcs <c>[first, end)</c>, every one of them out of the
    /// tree at its lower bound (the caller has set flows and states); the arcs it leaves are no longer priced.
    /// </summary>
    public void SetTierGroup(int group, int first, int end)
    {
        for (var e = _groupFirst[group]; e < _groupEnd[group]; e++)
        {
            _tierOwner[e - _tierBase] = -1;
        }

        _groupFirst[group] = first;
        _groupEnd[group] = end;
        _cursor[group] = first;
        for (var e = first; e < end; e++)
        {
            _tierOwner[e - _tierBase] = group;
        }

        RefreshGroup(group);
    }

    /// <summary>Adds a tier group to the priced set.</summary>
    public void ActivateGroup(int group) => AddActive(~group);

    private void AddActive(int item)
    {
        if (_activeCount == _active.Length)
        {
            Array.Resize(ref _active, Math.Max(16, _active.Length * 2));
        }

        if (_activeCount == _denseGroups && item == ~_denseGroups)
        {
            _denseGroups++;
        }

        _active[_activeCount++] = item;
    }

    // The length of the prefix of the other priced items that reads ~0, ~1, … (every tier group in order, as both networks
    // activate them): that stretch is scanned four groups at a time.
    private int _denseGroups;

    private void SetState(int arc, sbyte state) => _state[arc] = state;

    private void UpdateCursor(int arc)
    {
        var i = arc - _tierBase;
        if (_cursor.Length == 0 || (uint)i >= (uint)_tierOwner.Length)
        {
            return;
        }

        var g = _tierOwner[i];
        if (g < 0)
        {
            return;
        }

        _cursor[g] = _state[arc] == StateUpper ? arc + 1 : Math.Min(_cursor[g], arc);
        RefreshGroup(g);
    }

    // Recomputes what a group's pricing reads from its cursor, states and costs; called whenever any of them changes.
    private void RefreshGroup(int g)
    {
        var b = _cursor[g];
        var first = _groupFirst[g];
        var end = _groupEnd[g];
        if (first < end)
        {
            _groupSource[g] = _source[first];
            _groupTarget[g] = _target[first];
        }

        _groupLow[g] = b < end && _state[b] == StateLower ? _cost[b] : NoLower;
        _groupUp[g] = b > first ? _cost[b - 1] : NoUpper;
    }

    /// <summary>
    /// Gets or sets how many improving items a major pricing step collects before it stops at the end of a block (or it
    /// has priced every item); 1 by default, the first block with an improving item. From a warm start improving items
    /// are few and far apart: collecting more of them per scan lets the minor steps choose among them, which takes fewer
    /// pivots for about the same pricing work.
    /// </summary>
    public int MinimumCandidates { get; set; } = 1;

    /// <summary>Gets the number of priced uncapacitated arcs.</summary>
    public int FreeCount => _freeCount;

    /// <summary>Gets the number of priced items (uncapacitated arcs, other arcs and tier groups).</summary>
    public int ActiveCount => _freeCount + _activeCount;

    // The reduced-cost violation of a priced item (an arc, or ~group for a tier group), negative when it can improve.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private long Price(int item, out int arc)
    {
        var cost = _cost;
        var pi = _pi;
        var source = _source;
        var target = _target;
        arc = -1;
        if (item >= 0)
        {
            var s = _state[item];
            arc = item;
            return s == 0 ? 0 : s * (cost[item] + pi[source[item]] - pi[target[item]]);
        }

        // A convex tier group: only the cheapest arc at its lower bound and the dearest at its upper bound can improve. All
        // its arcs join the same two nodes, so they share the potential difference.
        var g = ~item;
        var d = pi[_groupSource[g]] - pi[_groupTarget[g]];
        long best = 0;
        var low = _groupLow[g] + d;
        if (low < 0)
        {
            best = low;
            arc = _cursor[g];
        }

        var up = -(_groupUp[g] + d);
        if (up < best)
        {
            best = up;
            arc = _cursor[g] - 1;
        }

        return best;
    }

    // Candidate-list pricing: a major step scans blocks of the priced items and keeps every improving item found; minor
    // steps re-price only that list (dropping items that stopped improving) and take its best, until it runs dry or
    // the minor limit is reached. Arc choice is deterministic.
    private bool FindEnteringArc()
    {
        var candidates = _candidates;
        if (_minor < MinorLimit && _candidateCount > 0)
        {
            long best = 0;
            var kept = 0;
            for (var i = 0; i < _candidateCount; i++)
            {
                var item = candidates[i];
                var c = Price(item, out var arc);
                if (c < 0)
                {
                    candidates[kept++] = item;
                    if (c < best)
                    {
                        best = c;
                        _inArc = arc;
                    }
                }
            }

            _candidateCount = kept;
            if (best < 0)
            {
                _minor++;
                return true;
            }
        }

        _minor = 0;
        _candidateCount = 0;
        var freeCount = _freeCount;
        var total = freeCount + _activeCount;
        var blockSize = Math.Max((int)Math.Sqrt(total), 10);
        long min = 0;
        var p = _nextArc < total ? _nextArc : 0;
        var left = total;
        while (left > 0)
        {
            // One block, split where it wraps around or crosses from the uncapacitated arcs to the other items.
            var block = Math.Min(blockSize, left);
            left -= block;
            while (block > 0)
            {
                var end = p < freeCount ? Math.Min(freeCount, p + block) : Math.Min(total, p + block);
                block -= end - p;
                if (p < freeCount)
                {
                    ScanFree(p, end, ref min);
                }
                else
                {
                    ScanOther(p - freeCount, end - freeCount, ref min);
                }

                p = end == total ? 0 : end;
            }

            if (min < 0 && _candidateCount >= MinimumCandidates)
            {
                _nextArc = p;
                return true;
            }
        }

        if (min < 0)
        {
            _nextArc = p;
            return true;
        }

        _nextArc = p;
        return false;
    }

    // Scans priced uncapacitated arcs [from, to), run by run (one source each). With AVX2, four reduced costs at a time
    // (one gather of potentials); groups with a negative one go through the scalar step, so the choice is the same on
    // every machine.
    private void ScanFree(int from, int to, ref long min)
    {
        var r = Array.BinarySearch(_runStart, 0, _runCount + 1, from);
        if (r < 0)
        {
            r = ~r - 1;
        }

        var p = from;
        while (p < to)
        {
            // Skip empty runs (several runs can start at the same position only if empty; there are none, but stay safe).
            while (_runStart[r + 1] <= p)
            {
                r++;
            }

            var end = Math.Min(to, _runStart[r + 1]);
            ScanRun(p, end, _runSource[r], ref min);
            p = end;
        }
    }

    private unsafe void ScanRun(int from, int to, int source, ref long min)
    {
        var p = from;
        var piSource = _pi[source];
        if (_vector && to - from >= 8)
        {
            var baseline = Vector256.Create(piSource);
            fixed (long* pi = _pi)
            fixed (int* target = _freeTarget)
            fixed (int* cost = _freeCost)
            {
                for (; p + 8 <= to; p += 8)
                {
                    var c0 = Avx2.ConvertToVector256Int64(cost + p) + baseline - Avx2.GatherVector256(pi, Sse2.LoadVector128(target + p), 8);
                    var c1 = Avx2.ConvertToVector256Int64(cost + p + 4) + baseline - Avx2.GatherVector256(pi, Sse2.LoadVector128(target + p + 4), 8);
                    if ((c0 | c1).ExtractMostSignificantBits() != 0)
                    {
                        ScanRunScalar(p, p + 8, piSource, ref min);
                    }
                }
            }
        }

        ScanRunScalar(p, to, piSource, ref min);
    }

    private void ScanRunScalar(int from, int to, long piSource, ref long min)
    {
        var pi = _pi;
        var freeTarget = _freeTarget;
        var freeCost = _freeCost;
        for (var p = from; p < to; p++)
        {
            var c = freeCost[p] + piSource - pi[freeTarget[p]];
            if (c < 0)
            {
                Improving(c, _freeArc[p], _freeArc[p], ref min);
            }
        }
    }

    private void ScanOther(int from, int to, ref long min)
    {
        if (_vector && from < _denseGroups)
        {
            var end = Math.Min(to, _denseGroups);
            ScanGroups(from, end, ref min);
            from = end;
        }

        ScanOtherScalar(from, to, ref min);
    }

    // Tier groups [from, to) of the dense prefix (item p is group p), four at a time from the per-group arrays; a
    // quadruple with an improving group goes through the scalar step in order, so the choice is the same as without AVX2.
    private unsafe void ScanGroups(int from, int to, ref long min)
    {
        var p = from;
        fixed (long* pi = _pi)
        fixed (long* low = _groupLow)
        fixed (long* up = _groupUp)
        fixed (int* source = _groupSource)
        fixed (int* target = _groupTarget)
        {
            for (; p + 4 <= to; p += 4)
            {
                var d = Avx2.GatherVector256(pi, Sse2.LoadVector128(source + p), 8) - Avx2.GatherVector256(pi, Sse2.LoadVector128(target + p), 8);
                var lower = Avx.LoadVector256(low + p) + d;
                var upper = -(Avx.LoadVector256(up + p) + d);
                if ((lower | upper).ExtractMostSignificantBits() != 0)
                {
                    ScanOtherScalar(p, p + 4, ref min);
                }
            }
        }

        ScanOtherScalar(p, to, ref min);
    }

    private void ScanOtherScalar(int from, int to, ref long min)
    {
        var active = _active;
        for (var p = from; p < to; p++)
        {
            var item = active[p];
            var c = Price(item, out var arc);
            if (c < 0)
            {
                Improving(c, item, arc, ref min);
            }
        }
    }

    // A major scan met an improving item (reduced cost c < 0): it joins the candidate list, and enters if the best so far.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Improving(long c, int item, int arc, ref long min)
    {
        if (_candidateCount < _candidates.Length)
        {
            _candidates[_candidateCount++] = item;
        }

        if (c < min)
        {
            min = c;
            _inArc = arc;
        }
    }

    private void FindJoinNode()
    {
        var u = _source[_inArc];
        var v = _target[_inArc];
        while (u != v)
        {
            if (_succNum[u] < _succNum[v])
            {
                u = _parent[u];
            }
            else
            {
                v = _parent[v];
            }
        }

        _join = u;
    }

    private bool FindLeavingArc()
    {
        int first, second;
        if (_state[_inArc] == StateLower)
        {
            first = _source[_inArc];
            second = _target[_inArc];
        }
        else
        {
            first = _target[_inArc];
            second = _source[_inArc];
        }

        _delta = _cap[_inArc];
        var result = 0;
        for (var u = first; u != _join; u = _parent[u])
        {
            var e = _pred[u];
            var d = _flow[e];
            if (_predDir[u] == DirDown)
            {
                var c = _cap[e];
                d = c == Infinite ? Infinite : c - d;
            }

            if (d < _delta)
            {
                _delta = d;
                _uOut = u;
                result = 1;
            }
        }

        for (var u = second; u != _join; u = _parent[u])
        {
            var e = _pred[u];
            var d = _flow[e];
            if (_predDir[u] == DirUp)
            {
                var c = _cap[e];
                d = c == Infinite ? Infinite : c - d;
            }

            if (d <= _delta)
            {
                _delta = d;
                _uOut = u;
                result = 2;
            }
        }

        if (result == 1)
        {
            _uIn = first;
            _vIn = second;
        }
        else
        {
            _uIn = second;
            _vIn = first;
        }

        if (_delta == Infinite)
        {
            throw new InvalidOperationException("The flow network is unbounded; this is a bug in the network construction.");
        }

        return result != 0;
    }

    private void ChangeFlow(bool change)
    {
        if (_delta > 0)
        {
            var val = _state[_inArc] * _delta;
            _flow[_inArc] += val;
            for (var u = _source[_inArc]; u != _join; u = _parent[u])
            {
                _flow[_pred[u]] -= _predDir[u] * val;
            }

            for (var u = _target[_inArc]; u != _join; u = _parent[u])
            {
                _flow[_pred[u]] += _predDir[u] * val;
            }
        }

        if (change)
        {
            SetState(_inArc, StateTree);
            var leaving = _pred[_uOut];
            SetState(leaving, _flow[leaving] == 0 ? StateLower : StateUpper);
            UpdateCursor(leaving);
        }
        else
        {
            SetState(_inArc, (sbyte)-_state[_inArc]);
        }

        UpdateCursor(_inArc);
    }

    private void UpdateTreeStructure()
    {
        var oldRevThread = _revThread[_uOut];
        var oldSuccNum = _succNum[_uOut];
        var oldLastSucc = _lastSucc[_uOut];
        var vOut = _parent[_uOut];
        var uIn = _uIn;
        var vIn = _vIn;
        var uOut = _uOut;
        var join = _join;

        if (uIn == uOut)
        {
            _parent[uIn] = vIn;
            _pred[uIn] = _inArc;
            _predDir[uIn] = uIn == _source[_inArc] ? DirUp : DirDown;
            if (_thread[vIn] != uOut)
            {
                var after = _thread[oldLastSucc];
                _thread[oldRevThread] = after;
                _revThread[after] = oldRevThread;
                after = _thread[vIn];
                _thread[vIn] = uOut;
                _revThread[uOut] = vIn;
                _thread[oldLastSucc] = after;
                _revThread[after] = oldLastSucc;
            }
        }
        else
        {
            var threadContinue = oldRevThread == vIn ? _thread[oldLastSucc] : _thread[vIn];
            var stem = uIn;
            var parStem = vIn;
            var last = _lastSucc[uIn];
            var after = _thread[last];
            _thread[vIn] = uIn;
            _dirtyRevs.Clear();
            _dirtyRevs.Add(vIn);
            while (stem != uOut)
            {
                var nextStem = _parent[stem];
                _thread[last] = nextStem;
                _dirtyRevs.Add(last);

                var before = _revThread[stem];
                _thread[before] = after;
                _revThread[after] = before;

                _parent[stem] = parStem;
                parStem = stem;
                stem = nextStem;

                last = _lastSucc[stem] == _lastSucc[parStem] ? _revThread[parStem] : _lastSucc[stem];
                after = _thread[last];
            }

            _parent[uOut] = parStem;
            _thread[last] = threadContinue;
            _revThread[threadContinue] = last;
            _lastSucc[uOut] = last;

            if (oldRevThread != vIn)
            {
                _thread[oldRevThread] = after;
                _revThread[after] = oldRevThread;
            }

            foreach (var u in _dirtyRevs)
            {
                _revThread[_thread[u]] = u;
            }

            var tmpSc = 0;
            var tmpLs = _lastSucc[uOut];
            for (int u = uOut, p = _parent[u]; u != uIn; u = p, p = _parent[u])
            {
                _pred[u] = _pred[p];
                _predDir[u] = (sbyte)-_predDir[p];
                tmpSc += _succNum[u] - _succNum[p];
                _succNum[u] = tmpSc;
                _lastSucc[p] = tmpLs;
            }

            _pred[uIn] = _inArc;
            _predDir[uIn] = uIn == _source[_inArc] ? DirUp : DirDown;
            _succNum[uIn] = oldSuccNum;
        }

        var upLimitOut = _lastSucc[join] == vIn ? join : -1;
        var lastSuccOut = _lastSucc[uOut];
        for (var u = vIn; u != -1 && _lastSucc[u] == vIn; u = _parent[u])
        {
            _lastSucc[u] = lastSuccOut;
        }

        if (join != oldRevThread && vIn != oldRevThread)
        {
            for (var u = vOut; u != upLimitOut && _lastSucc[u] == oldLastSucc; u = _parent[u])
            {
                _lastSucc[u] = oldRevThread;
            }
        }
        else if (lastSuccOut != oldLastSucc)
        {
            for (var u = vOut; u != upLimitOut && _lastSucc[u] == oldLastSucc; u = _parent[u])
            {
                _lastSucc[u] = lastSuccOut;
            }
        }

        for (var u = vIn; u != join; u = _parent[u])
        {
            _succNum[u] += oldSuccNum;
        }

        for (var u = vOut; u != join; u = _parent[u])
        {
            _succNum[u] -= oldSuccNum;
        }
    }

    private void UpdatePotential()
    {
        var sigma = _pi[_vIn] - _pi[_uIn] - (_predDir[_uIn] * _cost[_inArc]);
        var end = _thread[_lastSucc[_uIn]];
        for (var u = _uIn; u != end; u = _thread[u])
        {
            _pi[u] += sigma;
        }
    }
}
