using System.Globalization;
using Ksbb.Allocation.Solver;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>
/// An allocation kept optimal while its problem changes: started from a solved problem
/// (<see cref="AllocationEngine.StartOnline(AllocationProblem, CancellationToken)"/>), it applies one
/// <see cref="AllocationChange"/> at a time and re-optimises from the previous optimal basis of the network simplex.
/// </summary>
/// <remarks>
/// After every change the optimum is exact under the same contract as <see cref="AllocationEngine.Allocate(AllocationProblem, CancellationToken)"/>
/// on the changed problem: the same total and the same cost (when several allocations share that optimum, the lines may
/// differ from a from-scratch solve's). The same problem and changes always give the same lines and bytes.
/// <see cref="PreviewPledge(Ksbb.Model.Pledges.Pledge, CancellationToken)"/> answers "where would this pledge go?" without changing anything. A session is mutable and
/// not thread-safe: use it from one thread at a time. See docs/allocation.md, "Online allocation".
/// </remarks>
public sealed class OnlineAllocation
{
    private readonly AllocationEngine _engine;
    private readonly AllocationProblem _initial;
    private readonly ProblemIndex _unitOrder;
    private readonly SolverUnit[] _units;
    private readonly SolverAggregator[] _aggregators;
    private readonly List<SolverPledge> _pledges;
    private readonly Dictionary<string, SolverPledge> _pledgeById;
    private readonly long[] _viaSupply;
    private OnlineNetwork _network;
    private long _pivotBudget;
    private long _retiredPivots;
    private long _totalNeed;
    private long _totalSupply;
    private AllocationProblem? _problem;
    private AllocationResult? _result;

    internal OnlineAllocation(AllocationEngine engine, AllocationProblem problem, CancellationToken cancellationToken)
    {
        _engine = engine;
        _initial = problem;
        _unitOrder = new ProblemIndex(problem);
        _units = [.. problem.Units];
        _aggregators = [.. problem.Aggregators];
        _pledges = [.. problem.Pledges];
        _pledgeById = new Dictionary<string, SolverPledge>(StringComparer.Ordinal);
        _viaSupply = new long[_aggregators.Length];
        foreach (var pledge in _pledges)
        {
            _pledgeById.Add(pledge.Id, pledge);
            if (pledge.ViaAggregator is { } via)
            {
                _viaSupply[problem.IndexOfAggregator(via)] += pledge.Quantity;
            }
        }

        _totalNeed = problem.TotalNeed;
        _totalSupply = problem.TotalSupply;
        _problem = problem;
        _network = Solve(_unitOrder, cancellationToken);
    }

    private OnlineAllocation(OnlineAllocation other)
    {
        _engine = other._engine;
        _initial = other._initial;
        _unitOrder = other._unitOrder;
        _units = (SolverUnit[])other._units.Clone();
        _aggregators = (SolverAggregator[])other._aggregators.Clone();
        _pledges = [.. other._pledges];
        _pledgeById = new Dictionary<string, SolverPledge>(other._pledgeById, StringComparer.Ordinal);
        _viaSupply = (long[])other._viaSupply.Clone();
        _network = other._network.Clone();
        _pivotBudget = other._pivotBudget;
        _retiredPivots = other._retiredPivots;
        _totalNeed = other._totalNeed;
        _totalSupply = other._totalSupply;
        _problem = other._problem;
        _result = other._result;
        Version = other.Version;
    }

    /// <summary>Gets the number of changes applied so far.</summary>
    public int Version { get; private set; }

    /// <summary>Gets the total allocated by the current optimum.</summary>
    public long Allocated => _network.Allocated;

    /// <summary>Gets the cost of the current optimum (the contract's objective, as <see cref="AllocationSummary.Cost"/>).</summary>
    public long Cost => _network.Cost;

    /// <summary>Gets the simplex pivots so far, the first solve's included.</summary>
    public long Pivots => _retiredPivots + _network.Pivots;

    /// <summary>Gets the current problem: the first one with every change applied (pledges added last, in order).</summary>
    /// <remarks>Built on first use after a change (in time linear in the problem's size), then kept.</remarks>
    public AllocationProblem Problem => _problem ??= AllocationProblem.Create(_initial.Item, _initial.Policy, _units, _aggregators, _pledges);

    /// <summary>Gets the current optimal allocation, in the same form as <see cref="AllocationEngine.Allocate(AllocationProblem, CancellationToken)"/> returns.</summary>
    /// <remarks>Built on first use after a change (in time linear in the network's size), then kept.</remarks>
    public AllocationResult Result => _result ??= BuildResult();

    /// <summary>Applies one change and re-optimises from the previous optimal basis.</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the re-optimisation (checked every few thousand pivots); a cancelled session must not be used further.</param>
    /// <returns>The new optimum's total and cost.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">
    /// The change does not fit the problem (an unknown pledge, unit or aggregator, a duplicate pledge id, an unknown
    /// aggregator for a via pledge, or totals that would overflow); the JSON path names the member of the change
    /// (<c>$.id</c>, <c>$.offer.id</c>…). Nothing changed.
    /// </exception>
    /// <exception cref="OperationCanceledException">The re-optimisation was cancelled.</exception>
    public AllocationUpdate Apply(AllocationChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var pivots = Pivots;
        switch (change.Kind)
        {
            case AllocationChangeKind.AddPledge:
                AddPledge(change.Pledge!, cancellationToken);
                break;
            case AllocationChangeKind.RemovePledge:
                RemovePledge(FindPledge(change.PledgeId!, "$.id"), cancellationToken);
                break;
            case AllocationChangeKind.SetQuantity:
                SetQuantity(FindPledge(change.PledgeId!, "$.offer"), change.Value, cancellationToken);
                break;
            case AllocationChangeKind.SetNeed:
                SetNeed(change.Unit, change.Value, cancellationToken);
                break;
            default:
                SetCapacity(change.AggregatorId!, change.Value, cancellationToken);
                break;
        }

        Version++;
        _result = null;
        _problem = null;
        return new AllocationUpdate(change, Version, Allocated, Cost, Pivots - pivots);
    }

    /// <summary>
    /// "Where should my pledge go?": the lines a prospective pledge would get in the re-optimised plan, and what would
    /// change for the other pledges, without committing it.
    /// </summary>
    /// <param name="pledge">The prospective pledge (direct with its origin and areas, or via an aggregator).</param>
    /// <param name="cancellationToken">Cancels the re-optimisation.</param>
    /// <returns>The preview; this session is left exactly as it was.</returns>
    /// <remarks>Works on a copy of the session (its network included), so it costs about a copy of the network's arrays plus one change.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="pledge"/> is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">The pledge's id is taken, or its aggregator is unknown.</exception>
    public PledgePreview PreviewPledge(Ksbb.Model.Pledges.Pledge pledge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pledge);
        return PreviewPledge(SolverPledge.From(pledge), cancellationToken);
    }

    internal PledgePreview PreviewPledge(SolverPledge pledge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pledge);
        var before = Result;
        var copy = new OnlineAllocation(this);
        copy.Apply(AllocationChange.AddPledge(pledge), cancellationToken);
        var after = copy.Result;
        var lines = after.Allocations.Where(l => l.Pledge == pledge.PledgeId).ToArray();
        var changes = after.ChangesFrom(before).Where(c => c.Pledge != pledge.PledgeId).ToArray();
        return new PledgePreview(pledge.PledgeId, lines, changes, before.Summary, after.Summary);
    }

    /// <summary>Gets how often the current network pruned its priced set (for tests).</summary>
    internal int PricedSetPrunings => _network.Prunings;

    private OnlineNetwork Solve(ProblemIndex unitOrder, CancellationToken cancellationToken)
    {
        var index = new ProblemIndex(Problem, unitOrder);
        var parallelism = _engine.MaxDegreeOfParallelism;
        var vector = _engine.Solver.VectorPricing;

        // The online layout (the distances of every slot to every unit of its areas) does not depend on the solve: with
        // more than one thread it is laid out beside the simplex. Same arrays either way.
        var layout = parallelism > 1 ? Task.Run(() => OnlineNetwork.Layout(index, parallelism - 1, vector), CancellationToken.None) : null;
        (FlowNetwork Network, ComponentMap? Part)[] solved;
        try
        {
            solved = SolveParts(index, cancellationToken);
        }
        catch
        {
            // Nothing of the layout is used; observe its failure, if any, so that it is not reported as unobserved.
            _ = layout?.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        var pivots = solved.Sum(s => s.Network.Pivots);
        _pivotBudget = Math.Max(_engine.Solver.OnlineMinimumPivotBudget, pivots / PivotBudgetShare);
        _retiredPivots += pivots;
        var online = layout is null ? OnlineNetwork.Layout(index, parallelism, vector) : layout.GetAwaiter().GetResult();
        online.Adopt(solved, index);
        return online;
    }

    // The first solve as the engine's from scratch: the connected parts of a large problem (they share no arc) each on
    // its own network, up to MaxDegreeOfParallelism at a time, else one network; every network with the online bypass
    // cost M, so that the online network takes their optimal trees over as one optimal basis. Each part is solved on one
    // thread, so the bases are the same whatever the parallelism.
    private (FlowNetwork Network, ComponentMap? Part)[] SolveParts(ProblemIndex index, CancellationToken cancellationToken)
    {
        var problem = index.Problem;
        var solver = _engine.Solver;
        var bypassCost = OnlineNetwork.BypassCostFor(problem);
        var interval = Math.Min(_engine.ProgressInterval, 4096);
        var parts = problem.Units.Count >= solver.ComponentMinimumUnits ? ComponentMap.Split(problem, index) : null;
        if (parts is null)
        {
            var whole = FlowNetwork.Build(index, _engine.MaxDegreeOfParallelism, solver, cancellationToken, bypassCost);
            whole.Solve(_ => cancellationToken.ThrowIfCancellationRequested(), interval);
            return [(whole, null)];
        }

        var solved = new (FlowNetwork Network, ComponentMap? Part)[parts.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = _engine.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, parts.Count, options, k =>
            {
                var network = FlowNetwork.Build(new ProblemIndex(parts[k].Problem), 1, solver, cancellationToken, bypassCost);
                network.Solve(_ => cancellationToken.ThrowIfCancellationRequested(), interval);
                solved[k] = (network, parts[k]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }

        return solved;
    }

    // A change the network has no room for (spare slots or arcs used up) is applied by solving the changed problem anew
    // in a network with fresh room; the result is the same optimum.
    private void Rebuild(CancellationToken cancellationToken)
    {
        _problem = null;
        _retiredPivots += _network.Pivots;
        _network = Solve(_unitOrder, cancellationToken);
    }

    // A change that moves much of the supply (an aggregator's capacity to zero, say) can take more pivots from the old
    // basis than a solve from scratch, whose start is built for the whole problem: past a budget (a share of the first
    // solve's pivots) the session solves the changed problem anew, which gives the same optimum.
    private const int PivotBudgetShare = 5;

    private void Reoptimise(CancellationToken cancellationToken)
    {
        var start = _network.Pivots;
        try
        {
            _network.Reoptimise(
                done =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (done - start > _pivotBudget)
                    {
                        throw new PivotBudgetExceededException();
                    }
                },
                Math.Min(_engine.ProgressInterval, 4096));
        }
        catch (PivotBudgetExceededException)
        {
            Rebuild(cancellationToken);
        }
    }

    private sealed class PivotBudgetExceededException : Exception;

    private SolverPledge FindPledge(string id, string path) =>
        _pledgeById.TryGetValue(id, out var pledge) ? pledge : throw new AllocationProblemException(path, $"unknown offer '{id}'");

    private void CheckTotals(long totalSupply, long totalNeed) =>
        AllocationProblem.CheckArithmetic(_units.Length, (long)_pledges.Count + _aggregators.Length + 1, _initial.Policy, totalSupply, totalNeed);

    private long CheckedSupply(long delta)
    {
        try
        {
            var total = checked(_totalSupply + delta);
            CheckTotals(total, _totalNeed);
            return total;
        }
        catch (OverflowException)
        {
            throw new AllocationProblemException("$", "the total supply would overflow a 64-bit integer");
        }
    }

    private int AggregatorIndex(string id) => Array.FindIndex(_aggregators, a => a.Id == id);

    private void SetAggregatorSupply(int aggregator) =>
        _network.SetSupply(_network.SlotOfAggregator(aggregator), Math.Min(_viaSupply[aggregator], _aggregators[aggregator].Capacity));

    private void AddPledge(SolverPledge pledge, CancellationToken cancellationToken)
    {
        if (_pledgeById.ContainsKey(pledge.Id))
        {
            throw new AllocationProblemException("$.offer.id", $"duplicate offer id '{pledge.Id}'");
        }

        var aggregator = pledge.ViaAggregator is { } via ? AggregatorIndex(via) : -1;
        if (pledge.ViaAggregator is not null && aggregator < 0)
        {
            throw new AllocationProblemException("$.offer.via", $"unknown aggregator '{pledge.ViaAggregator}'");
        }

        _totalSupply = CheckedSupply(pledge.Quantity);
        _pledges.Add(pledge);
        _pledgeById.Add(pledge.Id, pledge);
        if (aggregator >= 0)
        {
            _viaSupply[aggregator] += pledge.Quantity;
            SetAggregatorSupply(aggregator);
        }
        else if (_network.AddDirectPledge(pledge, _unitOrder) < 0)
        {
            Rebuild(cancellationToken);
            return;
        }

        Reoptimise(cancellationToken);
    }

    private void RemovePledge(SolverPledge pledge, CancellationToken cancellationToken)
    {
        _totalSupply -= pledge.Quantity;
        _pledges.Remove(pledge);
        _pledgeById.Remove(pledge.Id);
        if (pledge.ViaAggregator is { } via)
        {
            var aggregator = AggregatorIndex(via);
            _viaSupply[aggregator] -= pledge.Quantity;
            SetAggregatorSupply(aggregator);
        }
        else
        {
            _network.RemoveDirectPledge(_network.SlotOfPledge(pledge.Id));
        }

        Reoptimise(cancellationToken);
    }

    private void SetQuantity(SolverPledge pledge, long quantity, CancellationToken cancellationToken)
    {
        _totalSupply = CheckedSupply(quantity - pledge.Quantity);
        var changed = pledge.IsVia
            ? SolverPledge.Via(pledge.Id, pledge.Collaborator, quantity, pledge.ViaAggregator!)
            : SolverPledge.Direct(pledge.Id, pledge.Collaborator, quantity, pledge.Origin, pledge.Areas);
        _pledges[_pledges.IndexOf(pledge)] = changed;
        _pledgeById[pledge.Id] = changed;
        if (pledge.ViaAggregator is { } via)
        {
            var aggregator = AggregatorIndex(via);
            _viaSupply[aggregator] += quantity - pledge.Quantity;
            SetAggregatorSupply(aggregator);
        }
        else
        {
            _network.SetSupply(_network.SlotOfPledge(pledge.Id), quantity);
        }

        Reoptimise(cancellationToken);
    }

    private void SetNeed(RegionCode code, long need, CancellationToken cancellationToken)
    {
        var u = _initial.IndexOfUnit(code);
        if (u < 0)
        {
            throw new AllocationProblemException("$.unit", $"unknown unit '{code}'");
        }

        long total;
        try
        {
            total = checked(_totalNeed + need - _units[u].Need);
        }
        catch (OverflowException)
        {
            throw new AllocationProblemException("$.need", "the total need would overflow a 64-bit integer");
        }

        CheckTotals(_totalSupply, total);
        _totalNeed = total;
        _units[u] = new SolverUnit(code, need, _units[u].Location);
        if (!_network.SetNeed(_unitOrder.Position[u], need))
        {
            Rebuild(cancellationToken);
            return;
        }

        Reoptimise(cancellationToken);
    }

    private void SetCapacity(string id, long capacity, CancellationToken cancellationToken)
    {
        var a = AggregatorIndex(id);
        if (a < 0)
        {
            throw new AllocationProblemException("$.aggregator", $"unknown aggregator '{id}'");
        }

        var old = _aggregators[a];
        _aggregators[a] = new SolverAggregator(old.Id, old.Depot, capacity, old.ServiceAreas);
        SetAggregatorSupply(a);
        Reoptimise(cancellationToken);
    }

    private AllocationResult BuildResult()
    {
        var index = new ProblemIndex(Problem, _unitOrder);
        var problem = index.Problem;
        var lines = new List<AllocationResult.Line>();
        var received = new long[problem.Units.Count];
        var pledgeSent = new long[problem.Pledges.Count];
        var aggregatorSent = new long[problem.Aggregators.Count];
        _network.CollectLines(index, lines, received, pledgeSent, aggregatorSent);
        var result = FlowNetwork.Assemble(index, lines, received, pledgeSent, aggregatorSent, _network.Pivots, _network.NodeCount, _network.ArcCount);
        if (result.Summary.Allocated != Allocated || result.Summary.Cost != Cost)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The online network's total and cost ({Allocated}, {Cost}) differ from its lines' ({result.Summary.Allocated}, {result.Summary.Cost}); this is a bug."));
        }

        return result;
    }
}

/// <summary>The outcome of one <see cref="OnlineAllocation.Apply"/>: the new optimum's total and cost.</summary>
/// <param name="Change">The change applied.</param>
/// <param name="Version">The session's version after it (1 for the first change).</param>
/// <param name="Allocated">The total allocated by the new optimum.</param>
/// <param name="Cost">The cost of the new optimum.</param>
/// <param name="Pivots">The simplex pivots the re-optimisation took.</param>
public sealed record AllocationUpdate(AllocationChange Change, int Version, long Allocated, long Cost, long Pivots);

/// <summary>How one (pledge, unit) line differs between two allocations; 0 where a line is absent.</summary>
/// <param name="Pledge">The pledge id.</param>
/// <param name="Unit">The unit code.</param>
/// <param name="Before">The quantity before.</param>
/// <param name="After">The quantity after.</param>
public sealed record AllocationLineChange(Ksbb.Model.Pledges.PledgeId Pledge, RegionCode Unit, long Before, long After);

/// <summary>What a prospective pledge would get, and what it would change for the other pledges (<see cref="OnlineAllocation.PreviewPledge(Ksbb.Model.Pledges.Pledge, CancellationToken)"/>).</summary>
/// <param name="Pledge">The prospective pledge's id.</param>
/// <param name="Lines">Its lines in the re-optimised plan, in unit code order.</param>
/// <param name="OtherChanges">The other pledges' lines that would change, by pledge id then unit code.</param>
/// <param name="Before">The summary of the current plan.</param>
/// <param name="After">The summary of the plan with the pledge.</param>
public sealed record PledgePreview(Ksbb.Model.Pledges.PledgeId Pledge, IReadOnlyList<AllocationLine> Lines, IReadOnlyList<AllocationLineChange> OtherChanges, AllocationSummary Before, AllocationSummary After);
