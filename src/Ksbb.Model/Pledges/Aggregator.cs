using Ksbb.Model.Regions;

namespace Ksbb.Model.Pledges;

/// <summary>An agregator: an official distribution partner (mitra penyalur resmi) that passes collaborators' items on to units in its service areas.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Aggregator
{
    private readonly RegionCode[] _serviceAreas;

    private Aggregator(AggregatorId id, string name, GeoPoint depot, long capacity, RegionCode[] serviceAreas)
    {
        Id = id;
        Name = name;
        Depot = depot;
        Capacity = capacity;
        _serviceAreas = serviceAreas;
    }

    /// <summary>Gets the id.</summary>
    public AggregatorId Id { get; }

    /// <summary>Gets the partner's name.</summary>
    public string Name { get; }

    /// <summary>Gets the depot's position, from which distances to units are measured.</summary>
    public GeoPoint Depot { get; }

    /// <summary>Gets how many items in all the partner can pass on (a whole number ≥ 0).</summary>
    public long Capacity { get; }

    /// <summary>Gets the service areas, in code order; empty means every unit.</summary>
    public IReadOnlyList<RegionCode> ServiceAreas => _serviceAreas;

    /// <summary>Creates an aggregator.</summary>
    /// <param name="id">The id; not the default value.</param>
    /// <param name="name">The name, 1 to 200 characters after trimming.</param>
    /// <param name="depot">The depot's position.</param>
    /// <param name="capacity">The capacity, ≥ 0.</param>
    /// <param name="serviceAreas">The service areas (any level); <see langword="null"/> or empty means every unit. Duplicates are dropped.</param>
    /// <returns>The aggregator.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule above.</exception>
    public static Aggregator Create(AggregatorId id, string name, GeoPoint depot, long capacity, IEnumerable<RegionCode>? serviceAreas = null)
    {
        Guard.Id(id.IsDefault, "aggregator", nameof(id));
        var trimmed = Guard.Text(name, "aggregator name", nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        return new Aggregator(id, trimmed, depot, capacity, Guard.Areas(serviceAreas, nameof(serviceAreas)));
    }

    /// <summary>Returns whether the aggregator serves a unit: it lies in one of the service areas, or there are none.</summary>
    /// <param name="unit">The unit.</param>
    /// <returns><see langword="true"/> when served.</returns>
    public bool Serves(RegionCode unit) => _serviceAreas.Length == 0 || Array.Exists(_serviceAreas, a => a.Contains(unit));

    /// <summary>Returns the id and name.</summary>
    /// <returns>For example <c>agg-1 Mitra Pangan Utara</c>.</returns>
    public override string ToString() => $"{Id} {Name}";
}
