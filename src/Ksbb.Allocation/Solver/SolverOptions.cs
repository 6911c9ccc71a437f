namespace Ksbb.Allocation.Solver;

/// <summary>
/// Internal solver switches. They change how fast the optimum is found, never which total and cost it has; tests turn
/// them to cover every path (the coarse start on small problems, the scalar pricing loop on machines with AVX2).
/// </summary>
/// <param name="CoarseMinimumUnits">The coarse start is tried from this many unit nodes on.</param>
/// <param name="CoarseMinimumGroupSize">…and only when the groups hold at least this many units on average.</param>
/// <param name="VectorPricing">Whether pricing may use AVX2 when the machine has it.</param>
/// <param name="ComponentMinimumUnits">Problems with this many units are split into connected parts, solved in parallel.</param>
/// <param name="OnlineMinimumPivotBudget">An online change re-optimises from the old basis for at least this many pivots before it solves anew.</param>
internal sealed record SolverOptions(int CoarseMinimumUnits, int CoarseMinimumGroupSize, bool VectorPricing, int ComponentMinimumUnits, long OnlineMinimumPivotBudget = 20_000)
{
    /// <summary>Gets the settings the engine uses unless a test says otherwise.</summary>
    public static SolverOptions Default { get; } = new(4096, 4, true, 4096);
}
