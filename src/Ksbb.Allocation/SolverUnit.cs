using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>The solver's demand node: a unit (RT, RW or institution) with its open need and location.</summary>
/// <remarks>Built only by <see cref="AllocationProblem.From"/> (from a <see cref="Ksbb.Model.Needs.Need"/> and the unit's location) and by the <c>ksbb.allocation-problem/1</c> reader. Immutable.</remarks>
internal sealed class SolverUnit
{
    /// <summary>Creates a unit.</summary>
    /// <param name="code">The unit's region code (usually an RT or RW).</param>
    /// <param name="need">The open need in items, ≥ 0.</param>
    /// <param name="location">Where deliveries go (WGS84).</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="need"/> is negative.</exception>
    public SolverUnit(RegionCode code, long need, GeoPoint location)
    {
        if (code.IsDefault)
        {
            throw new ArgumentException("A unit needs a region code.", nameof(code));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(need);
        Code = code;
        Need = need;
        Location = location;
    }

    /// <summary>Gets the unit's region code.</summary>
    public RegionCode Code { get; }

    /// <summary>Gets the open need in items.</summary>
    public long Need { get; }

    /// <summary>Gets the delivery location.</summary>
    public GeoPoint Location { get; }
}
