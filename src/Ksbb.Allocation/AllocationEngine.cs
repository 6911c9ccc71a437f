using Ksbb.Allocation.Solver;

namespace Ksbb.Allocation;

/// <summary>
/// The allocation engine: computes an exact lexicographically optimal allocation (maximum total, then minimum
/// fairness-plus-distance cost) of pledges to units with a managed network simplex.
/// </summary>
/// <remarks>
/// Create one with <see cref="AllocationEngineBuilder"/> (or use <see cref="Default"/>). Immutable and thread-safe: one
/// engine may serve concurrent calls. The result is deterministic: the same problem gives the same lines in the same order
/// and the same bytes from <see cref="AllocationResult.ToUtf8Json"/>, whatever the parallelism. See docs/allocation.md for the
/// network, the proof of exactness and the algorithm.
/// </remarks>
public sealed class AllocationEngine
{
    internal AllocationEngine(int maxDegreeOfParallelism, long progressInterval, SolverOptions solver)
    {
        Solver = solver;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        ProgressInterval = progressInterval;
    }

    /// <summary>Gets an engine with the default settings.</summary>
    public static AllocationEngine Default { get; } = new AllocationEngineBuilder().Build();

    /// <summary>Gets the number of threads used to build the network and to solve independent parts of a problem.</summary>
    public int MaxDegreeOfParallelism { get; }

    internal SolverOptions Solver { get; }

    /// <summary>Gets the number of simplex pivots between two progress reports.</summary>
    public long ProgressInterval { get; }

    /// <summary>Allocates the pledges of <paramref name="problem"/> to its units.</summary>
    /// <param name="problem">The validated problem.</param>
    /// <param name="cancellationToken">Cancels the run (checked every few thousand pivots).</param>
    /// <returns>The optimal allocation with its summary and explanations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public AllocationResult Allocate(AllocationProblem problem, CancellationToken cancellationToken = default) =>
        Allocate(problem, null, cancellationToken);

    /// <summary>Allocates the pledges of <paramref name="problem"/> to its units, reporting progress.</summary>
    /// <param name="problem">The validated problem.</param>
    /// <param name="progress">Receives reports at each stage and every <see cref="ProgressInterval"/> pivots; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run (checked every few thousand pivots).</param>
    /// <returns>The optimal allocation with its summary and explanations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <exception cref="AllocationProblemException">The network would have more than about two billion arcs.</exception>
    /// <remarks>Each run is one <c>ksbb.allocation.run</c> activity, counted and timed by outcome (see <see cref="AllocationTelemetry"/>).</remarks>
    public AllocationResult Allocate(AllocationProblem problem, IProgress<AllocationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return AllocationTelemetry.Run(problem, () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new AllocationProgress(AllocationStage.Building, 0, 0, 0));
            var index = new ProblemIndex(problem);
            var parts = problem.Units.Count >= Solver.ComponentMinimumUnits ? ComponentMap.Split(problem, index) : null;
            return Solve(index, parts, progress, cancellationToken);
        });
    }

    /// <summary>
    /// Solves <paramref name="problem"/> and returns an online session that keeps the allocation optimal while pledges,
    /// quantities, needs and capacities change (<see cref="OnlineAllocation.Apply"/>).
    /// </summary>
    /// <param name="problem">The validated problem.</param>
    /// <param name="cancellationToken">Cancels the first solve.</param>
    /// <returns>The session, at the problem's optimum (<see cref="OnlineAllocation.Result"/>).</returns>
    /// <remarks>
    /// The first solve takes about as long as <see cref="Allocate(AllocationProblem, CancellationToken)"/> (a large problem
    /// that falls into connected parts is solved part by part, in parallel, as there); each change then re-optimises from
    /// the previous basis.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The solve was cancelled.</exception>
    /// <exception cref="AllocationProblemException">The network would have more than about two billion arcs.</exception>
    public OnlineAllocation StartOnline(AllocationProblem problem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        cancellationToken.ThrowIfCancellationRequested();
        return new OnlineAllocation(this, problem, cancellationToken);
    }

    // The whole problem is one network (parts null); or its connected parts, which share no arc, are solved each on its
    // own network, up to MaxDegreeOfParallelism at a time. Either way the lines are gathered in part order and the result
    // is assembled for the whole problem (the same bytes whatever the parallelism). Progress reports carry the totals
    // over the parts so far.
    private AllocationResult Solve(ProblemIndex index, List<ComponentMap>? parts, IProgress<AllocationProgress>? progress, CancellationToken cancellationToken)
    {
        var count = parts?.Count ?? 1;
        var problem = index.Problem;
        var received = new long[problem.Units.Count];
        var pledgeSent = new long[problem.Pledges.Count];
        var aggregatorSent = new long[problem.Aggregators.Count];
        var lines = new List<AllocationResult.Line>[count];
        var gate = new Lock();
        int nodes = 0;
        long arcs = 0, pivots = 0, nextReport = ProgressInterval;
        var check = Math.Min(ProgressInterval, 4096);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, count, options, k =>
            {
                var network = parts is null
                    ? FlowNetwork.Build(index, MaxDegreeOfParallelism, Solver, cancellationToken)
                    : FlowNetwork.Build(parts[k].Problem, 1, Solver, cancellationToken);
                lock (gate)
                {
                    nodes += network.NodeCount;
                    arcs += network.ArcCount;
                    progress?.Report(new AllocationProgress(AllocationStage.Solving, nodes, arcs, pivots));
                }

                long counted = 0;
                network.Solve(
                    done =>
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        lock (gate)
                        {
                            pivots += done - counted;
                            counted = done;
                            if (pivots >= nextReport)
                            {
                                nextReport = ((pivots / ProgressInterval) + 1) * ProgressInterval;
                                progress?.Report(new AllocationProgress(AllocationStage.Solving, nodes, arcs, pivots));
                            }
                        }
                    },
                    check);

                lock (gate)
                {
                    pivots += network.Pivots - counted;
                }

                // Parts have disjoint units, pledges and aggregators: the shared totals are written without overlap.
                lines[k] = [];
                network.CollectLines(lines[k], received, pledgeSent, aggregatorSent, parts?[k]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }

        progress?.Report(new AllocationProgress(AllocationStage.Finishing, nodes, arcs, pivots));
        var all = new List<AllocationResult.Line>();
        foreach (var part in lines)
        {
            all.AddRange(part);
        }

        var result = FlowNetwork.Assemble(index, all, received, pledgeSent, aggregatorSent, pivots, nodes, arcs);
        progress?.Report(new AllocationProgress(AllocationStage.Completed, nodes, arcs, pivots));
        return result;
    }
}
