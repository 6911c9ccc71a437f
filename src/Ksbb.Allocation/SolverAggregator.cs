using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>The solver's record of an aggregator (<i>agregator</i>, official distribution partner): depot, capacity and service areas.</summary>
/// <remarks>Built only by <see cref="AllocationProblem.From"/> (from <see cref="Ksbb.Model.Pledges.Aggregator"/>) and by the <c>ksbb.allocation-problem/1</c> reader. Immutable.</remarks>
internal sealed class SolverAggregator
{
    /// <summary>Creates an aggregator.</summary>
    /// <param name="id">The aggregator id, unique in a problem.</param>
    /// <param name="depot">Where its deliveries start; distances are measured from here.</param>
    /// <param name="capacity">How many items it passes on in all, ≥ 0.</param>
    /// <param name="serviceAreas">The areas it serves; empty: every unit.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or an area is the default code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public SolverAggregator(string id, GeoPoint depot, long capacity, IEnumerable<RegionCode>? serviceAreas = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Id = id;
        Depot = depot;
        Capacity = capacity;
        ServiceAreas = AreaList.From(serviceAreas, nameof(serviceAreas));
    }

    /// <summary>Gets the aggregator id.</summary>
    public string Id { get; }

    /// <summary>Gets the depot position.</summary>
    public GeoPoint Depot { get; }

    /// <summary>Gets how many items it passes on in all.</summary>
    public long Capacity { get; }

    /// <summary>Gets the service areas (empty: every unit).</summary>
    public IReadOnlyList<RegionCode> ServiceAreas { get; }
}
