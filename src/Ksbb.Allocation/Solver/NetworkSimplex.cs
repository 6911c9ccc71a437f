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
    private readonly int _arcCount;
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
    private readonly int _blockSize;

    public NetworkSimplex(int nodeCount, int[] source, int[] target, long[] cost, long[] cap, long[] flow, sbyte[] state, int arcCount)
    {
        _nodeCount = nodeCount;
        _arcCount = arcCount;
        _source = source;
        _target = target;
        _cost = cost;
        _cap = cap;
        _flow = flow;
        _state = state;
        _parent = new int[nodeCount];
        _pred = new int[nodeCount];
        _thread = new int[nodeCount];
        _revThread = new int[nodeCount];
        _succNum = new int[nodeCount];
        _lastSucc = new int[nodeCount];
        _predDir = new sbyte[nodeCount];
        _pi = new long[nodeCount];
        _blockSize = Math.Max((int)Math.Ceiling(Math.Sqrt(Math.Max(arcCount, 1))), 10);
    }

    public long Pivots { get; private set; }

    public ReadOnlySpan<long> Potentials => _pi;

    /// <summary>Sets up the star tree: node <paramref name="node"/> hangs from the root by <paramref name="treeArc"/>.</summary>
    /// <remarks>The arc must join the node and the root; its flow must already be set; call for every non-root node in order.</remarks>
    public void SetStarArc(int node, int treeArc)
    {
        var root = _nodeCount - 1;
        _parent[node] = root;
        _pred[node] = treeArc;
        _thread[node] = node + 1;
        _revThread[node + 1] = node;
        _succNum[node] = 1;
        _lastSucc[node] = node;
        _state[treeArc] = StateTree;
        if (_source[treeArc] == node)
        {
            _predDir[node] = DirUp;
            _pi[node] = -_cost[treeArc];
        }
        else
        {
            _predDir[node] = DirDown;
            _pi[node] = _cost[treeArc];
        }
    }

    /// <summary>Finishes the star tree after every <see cref="SetStarArc"/> call.</summary>
    public void SetRoot()
    {
        var root = _nodeCount - 1;
        _parent[root] = -1;
        _pred[root] = -1;
        _thread[root] = _nodeCount > 1 ? 0 : root;
        _revThread[_nodeCount > 1 ? 0 : root] = root;
        _succNum[root] = _nodeCount;
        _lastSucc[root] = _nodeCount > 1 ? root - 1 : root;
        _pi[root] = 0;
        _predDir[root] = 0;
    }

    /// <summary>Pivots until optimal.</summary>
    /// <param name="onPivots">Called every <paramref name="interval"/> pivots with the pivot count (may throw to cancel).</param>
    /// <param name="interval">The callback interval, ≥ 1.</param>
    public void Run(Action<long>? onPivots, long interval)
    {
        var nextReport = interval;
        while (FindEnteringArc())
        {
            FindJoinNode();
            var change = FindLeavingArc();
            ChangeFlow(change);
            if (change)
            {
                UpdateTreeStructure();
                UpdatePotential();
            }

            Pivots++;
            if (Pivots == nextReport)
            {
                nextReport += interval;
                onPivots?.Invoke(Pivots);
            }
        }
    }

    private bool FindEnteringArc()
    {
        var cost = _cost;
        var pi = _pi;
        var source = _source;
        var target = _target;
        var state = _state;
        long min = 0;
        var count = _blockSize;
        var arcs = _arcCount;
        int e;
        for (e = _nextArc; e < arcs; e++)
        {
            var s = state[e];
            if (s != 0)
            {
                var c = s * (cost[e] + pi[source[e]] - pi[target[e]]);
                if (c < min)
                {
                    min = c;
                    _inArc = e;
                }
            }

            if (--count == 0)
            {
                if (min < 0)
                {
                    _nextArc = e + 1;
                    return true;
                }

                count = _blockSize;
            }
        }

        for (e = 0; e < _nextArc; e++)
        {
            var s = state[e];
            if (s != 0)
            {
                var c = s * (cost[e] + pi[source[e]] - pi[target[e]]);
                if (c < min)
                {
                    min = c;
                    _inArc = e;
                }
            }

            if (--count == 0)
            {
                if (min < 0)
                {
                    _nextArc = e + 1;
                    return true;
                }

                count = _blockSize;
            }
        }

        if (min >= 0)
        {
            return false;
        }

        _nextArc = e;
        return true;
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
            _state[_inArc] = StateTree;
            _state[_pred[_uOut]] = _flow[_pred[_uOut]] == 0 ? StateLower : StateUpper;
        }
        else
        {
            _state[_inArc] = (sbyte)-_state[_inArc];
        }
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
