using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Model.Distribution;

/// <summary>A delivery: items that reached a unit, directly from a collaborator or through an aggregator.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Delivery
{
    private Delivery(DeliveryId id, CollaboratorId collaborator, RegionCode unit, ItemCode item, DistributionPeriod period, int quantity, Instant deliveredAt, AggregatorId? aggregator, ReservationId? reservation)
    {
        Id = id;
        Collaborator = collaborator;
        Unit = unit;
        Item = item;
        Period = period;
        Quantity = quantity;
        DeliveredAt = deliveredAt;
        Aggregator = aggregator;
        Reservation = reservation;
    }

    /// <summary>Gets the id.</summary>
    public DeliveryId Id { get; }

    /// <summary>Gets the collaborator whose items were delivered.</summary>
    public CollaboratorId Collaborator { get; }

    /// <summary>Gets the unit that received them.</summary>
    public RegionCode Unit { get; }

    /// <summary>Gets the item.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets the period.</summary>
    public DistributionPeriod Period { get; }

    /// <summary>Gets the quantity delivered, a whole number &gt; 0.</summary>
    public int Quantity { get; }

    /// <summary>Gets when the items were handed over.</summary>
    public Instant DeliveredAt { get; }

    /// <summary>Gets the channel: <see cref="PledgeChannel.Aggregator"/> when <see cref="Aggregator"/> is set.</summary>
    public PledgeChannel Channel => Aggregator is null ? PledgeChannel.Direct : PledgeChannel.Aggregator;

    /// <summary>Gets the aggregator that delivered, or <see langword="null"/> for a direct delivery.</summary>
    public AggregatorId? Aggregator { get; }

    /// <summary>Gets the reservation this delivery fulfils, if any.</summary>
    public ReservationId? Reservation { get; }

    /// <summary>Gets the proof recorded with the delivery (evidence hashes, geotag, acknowledgements), or <see langword="null"/> when none was.</summary>
    public DeliveryProof? Proof { get; private init; }

    /// <summary>Returns this delivery with <paramref name="proof"/> recorded.</summary>
    /// <param name="proof">The proof, or <see langword="null"/> for none.</param>
    /// <returns>A copy with the proof.</returns>
    public Delivery WithProof(DeliveryProof? proof) => new(Id, Collaborator, Unit, Item, Period, Quantity, DeliveredAt, Aggregator, Reservation) { Proof = proof };

    /// <summary>Creates a delivery.</summary>
    /// <param name="id">The id.</param>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="item">The item.</param>
    /// <param name="period">The period.</param>
    /// <param name="quantity">The quantity, &gt; 0.</param>
    /// <param name="deliveredAt">When the items were handed over (take it from an injected <see cref="IClock"/>).</param>
    /// <param name="aggregator">The aggregator that delivered, or <see langword="null"/> for direct.</param>
    /// <param name="reservation">The reservation fulfilled, if any.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException">An id, code or period is a default value, or the quantity is not positive.</exception>
    public static Delivery Create(DeliveryId id, CollaboratorId collaborator, RegionCode unit, ItemCode item, DistributionPeriod period, int quantity, Instant deliveredAt, AggregatorId? aggregator = null, ReservationId? reservation = null)
    {
        Guard.Id(id.IsDefault, "delivery", nameof(id));
        Guard.Id(collaborator.IsDefault, "collaborator", nameof(collaborator));
        Guard.Region(unit, nameof(unit));
        Guard.Item(item, nameof(item));
        Guard.Period(period, nameof(period));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (aggregator is { IsDefault: true })
        {
            throw new ArgumentException("The aggregator id, when given, cannot be the default value.", nameof(aggregator));
        }

        if (reservation is { IsDefault: true })
        {
            throw new ArgumentException("The reservation id, when given, cannot be the default value.", nameof(reservation));
        }

        return new Delivery(id, collaborator, unit, item, period, quantity, deliveredAt, aggregator, reservation);
    }

    /// <summary>Returns a short description.</summary>
    /// <returns>For example <c>d-1 c-17 31.71.01.1001.005 pangan.paket-sembako 2020-11 ×20</c>.</returns>
    public override string ToString() => $"{Id} {Collaborator} {Unit} {Item} {Period} ×{Quantity}";
}
