using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Model.Pledges;

/// <summary>A pledge (pledge): a collaborator promises a whole number of an item for a period, delivered directly or via an aggregator.</summary>
/// <remarks>
/// <para>
/// A <see cref="PledgeChannel.Direct"/> pledge may name the areas it wants to reach (empty: anywhere) and the origin its
/// items leave from. An <see cref="PledgeChannel.Aggregator"/> pledge names the aggregator and no areas: the aggregator's
/// service areas decide where the items may go.
/// </para>
/// <para>Immutable and thread-safe. Create with <see cref="Direct"/> or <see cref="ViaAggregator"/>.</para>
/// </remarks>
public sealed class Pledge
{
    private readonly RegionCode[] _areas;

    private Pledge(PledgeId id, CollaboratorId collaborator, ItemCode item, long quantity, DistributionPeriod period, Instant pledgedAt, PledgeChannel channel, AggregatorId? aggregator, GeoPoint? origin, RegionCode[] areas)
    {
        Id = id;
        Collaborator = collaborator;
        Item = item;
        Quantity = quantity;
        Period = period;
        PledgedAt = pledgedAt;
        Channel = channel;
        Aggregator = aggregator;
        Origin = origin;
        _areas = areas;
    }

    /// <summary>Gets the id.</summary>
    public PledgeId Id { get; }

    /// <summary>Gets the collaborator who pledged.</summary>
    public CollaboratorId Collaborator { get; }

    /// <summary>Gets the item offered.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets the quantity offered, a whole number &gt; 0 of the item's unit.</summary>
    public long Quantity { get; }

    /// <summary>Gets the period the pledge is for.</summary>
    public DistributionPeriod Period { get; }

    /// <summary>Gets when the pledge was made.</summary>
    public Instant PledgedAt { get; }

    /// <summary>Gets the channel.</summary>
    public PledgeChannel Channel { get; }

    /// <summary>Gets the aggregator, for an <see cref="PledgeChannel.Aggregator"/> pledge; otherwise <see langword="null"/>.</summary>
    public AggregatorId? Aggregator { get; }

    /// <summary>Gets where a direct pledge's items leave from, if known.</summary>
    public GeoPoint? Origin { get; }

    /// <summary>Gets the areas a direct pledge wants to reach, in code order; empty means anywhere (and always for an aggregator pledge).</summary>
    public IReadOnlyList<RegionCode> Areas => _areas;

    /// <summary>Creates a direct pledge.</summary>
    /// <param name="id">The pledge id.</param>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="item">The item.</param>
    /// <param name="quantity">The quantity, &gt; 0.</param>
    /// <param name="period">The period.</param>
    /// <param name="pledgedAt">When the pledge was made (take it from an injected <see cref="IClock"/>).</param>
    /// <param name="origin">Where the items leave from, if known.</param>
    /// <param name="areas">The areas to reach; <see langword="null"/> or empty means anywhere.</param>
    /// <returns>The pledge.</returns>
    /// <exception cref="ArgumentException">An id, item or period is a default value, or the quantity is not positive.</exception>
    public static Pledge Direct(PledgeId id, CollaboratorId collaborator, ItemCode item, long quantity, DistributionPeriod period, Instant pledgedAt, GeoPoint? origin = null, IEnumerable<RegionCode>? areas = null)
    {
        Check(id, collaborator, item, quantity, period);
        return new Pledge(id, collaborator, item, quantity, period, pledgedAt, PledgeChannel.Direct, null, origin, Guard.Areas(areas, nameof(areas)));
    }

    /// <summary>Creates a pledge delivered through an aggregator.</summary>
    /// <param name="id">The pledge id.</param>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="item">The item.</param>
    /// <param name="quantity">The quantity, &gt; 0.</param>
    /// <param name="period">The period.</param>
    /// <param name="pledgedAt">When the pledge was made (take it from an injected <see cref="IClock"/>).</param>
    /// <param name="aggregator">The aggregator that passes the items on.</param>
    /// <returns>The pledge.</returns>
    /// <exception cref="ArgumentException">An id, item or period is a default value, or the quantity is not positive.</exception>
    public static Pledge ViaAggregator(PledgeId id, CollaboratorId collaborator, ItemCode item, long quantity, DistributionPeriod period, Instant pledgedAt, AggregatorId aggregator)
    {
        Check(id, collaborator, item, quantity, period);
        Guard.Id(aggregator.IsDefault, "aggregator", nameof(aggregator));
        return new Pledge(id, collaborator, item, quantity, period, pledgedAt, PledgeChannel.Aggregator, aggregator, null, []);
    }

    private static void Check(PledgeId id, CollaboratorId collaborator, ItemCode item, long quantity, DistributionPeriod period)
    {
        Guard.Id(id.IsDefault, "pledge", nameof(id));
        Guard.Id(collaborator.IsDefault, "collaborator", nameof(collaborator));
        Guard.Item(item, nameof(item));
        Guard.Period(period, nameof(period));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
    }

    /// <summary>Returns whether a direct pledge may reach a unit: it lies in one of the areas, or there are none.</summary>
    /// <param name="unit">The unit.</param>
    /// <returns><see langword="true"/> when the unit is in reach; always <see langword="true"/> for an aggregator pledge (ask the aggregator).</returns>
    public bool Reaches(RegionCode unit) => _areas.Length == 0 || Array.Exists(_areas, a => a.Contains(unit));

    /// <summary>Returns a short description.</summary>
    /// <returns>For example <c>o-1 c-17 pangan.paket-sembako ×300 direct</c>.</returns>
    public override string ToString() => $"{Id} {Collaborator} {Item} ×{Quantity} {(Channel == PledgeChannel.Direct ? "direct" : "via " + Aggregator)}";
}
