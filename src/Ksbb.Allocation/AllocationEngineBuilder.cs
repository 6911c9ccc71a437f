using Ksbb.Allocation.Solver;

namespace Ksbb.Allocation;

/// <summary>Configures and builds an immutable <see cref="AllocationEngine"/>.</summary>
/// <remarks>Not thread-safe; the engines it builds are.</remarks>
public sealed class AllocationEngineBuilder
{
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private long _progressInterval = 20_000;
    private SolverOptions _solver = SolverOptions.Default;

    /// <summary>
    /// Sets how many threads build the network (eligible pairs and distances) and solve the independent parts of a
    /// problem (pledges and units that share no eligible pair, such as provinces).
    /// </summary>
    /// <param name="value">1 or more; the default is <see cref="Environment.ProcessorCount"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is less than 1.</exception>
    /// <remarks>The result does not depend on it: each part's simplex is single-threaded and deterministic, and the parts' lines are gathered in a fixed order.</remarks>
    public AllocationEngineBuilder WithMaxDegreeOfParallelism(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        _maxDegreeOfParallelism = value;
        return this;
    }

    /// <summary>Sets how many simplex pivots pass between two progress reports.</summary>
    /// <param name="pivots">1 or more; the default is 20,000 (a few reports per second on a city-sized problem).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pivots"/> is less than 1.</exception>
    public AllocationEngineBuilder WithProgressInterval(long pivots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pivots, 1);
        _progressInterval = pivots;
        return this;
    }

    /// <summary>Sets the internal solver switches (tests use it to cover every solver path).</summary>
    internal AllocationEngineBuilder WithSolverOptions(SolverOptions solver)
    {
        _solver = solver;
        return this;
    }

    /// <summary>Builds the engine with the current settings.</summary>
    /// <returns>An immutable, thread-safe engine.</returns>
    public AllocationEngine Build() => new(_maxDegreeOfParallelism, _progressInterval, _solver);
}
