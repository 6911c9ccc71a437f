namespace Ksbb.Allocation;

/// <summary>The stage of an allocation run, as reported through <see cref="AllocationProgress"/>.</summary>
public enum AllocationStage
{
    /// <summary>Building the flow network (eligible pairs and distances).</summary>
    Building = 0,

    /// <summary>Solving: network simplex pivots.</summary>
    Solving = 1,

    /// <summary>Writing allocation lines, metrics and reasons.</summary>
    Finishing = 2,

    /// <summary>Done.</summary>
    Completed = 3,
}

/// <summary>A progress report of <see cref="AllocationEngine.Allocate(AllocationProblem, IProgress{AllocationProgress}?, CancellationToken)"/>.</summary>
/// <param name="Stage">The current stage.</param>
/// <param name="Nodes">The number of nodes of the flow network (0 while building).</param>
/// <param name="Arcs">The number of arcs of the flow network (0 while building).</param>
/// <param name="Pivots">The simplex pivots done so far.</param>
/// <remarks>The number of pivots to optimality is not known in advance; a display shows it as a counter, not a percentage.</remarks>
public readonly record struct AllocationProgress(AllocationStage Stage, int Nodes, long Arcs, long Pivots);
