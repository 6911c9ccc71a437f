using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Offers;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Model.Distribution;

/// <summary>A reservation: a collaborator claims part of a unit's need for an item and period, so nobody else covers it twice.</summary>
/// <remarks>
/// This is the plain record; the reservation ledger decides whether a claim fits the remaining need. A reservation may
/// expire: from <see cref="ExpiresAt"/> on it no longer counts unless delivered. Immutable and thread-safe.
/// </remarks>
public sealed class Reservation
{
    private Reservation(ReservationId id, CollaboratorId collaborator, RegionCode unit, ItemCode item, DistributionPeriod period, int quantity, Instant reservedAt, Instant? expiresAt, OfferId? offer)
    {
        Id = id;
        Collaborator = collaborator;
        Unit = unit;
        Item = item;
        Period = period;
        Quantity = quantity;
        ReservedAt = reservedAt;
        ExpiresAt = expiresAt;
        Offer = offer;
    }

    /// <summary>Gets the id.</summary>
    public ReservationId Id { get; }

    /// <summary>Gets the collaborator who reserved.</summary>
    public CollaboratorId Collaborator { get; }

    /// <summary>Gets the unit whose need is reserved.</summary>
    public RegionCode Unit { get; }

    /// <summary>Gets the item.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets the period.</summary>
    public DistributionPeriod Period { get; }

    /// <summary>Gets the quantity reserved, a whole number &gt; 0.</summary>
    public int Quantity { get; }

    /// <summary>Gets when the reservation was made.</summary>
    public Instant ReservedAt { get; }

    /// <summary>Gets when an undelivered reservation stops counting, or <see langword="null"/> when it never expires.</summary>
    public Instant? ExpiresAt { get; }

    /// <summary>Gets the offer the reservation draws on, if any.</summary>
    public OfferId? Offer { get; }

    /// <summary>Creates a reservation made at a known instant (for example when loading a document).</summary>
    /// <param name="id">The id.</param>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="item">The item.</param>
    /// <param name="period">The period.</param>
    /// <param name="quantity">The quantity, &gt; 0.</param>
    /// <param name="reservedAt">When it was made.</param>
    /// <param name="expiresAt">When it expires if undelivered, after <paramref name="reservedAt"/>; <see langword="null"/> for never.</param>
    /// <param name="offer">The offer drawn on, if any.</param>
    /// <returns>The reservation.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule above.</exception>
    public static Reservation Create(ReservationId id, CollaboratorId collaborator, RegionCode unit, ItemCode item, DistributionPeriod period, int quantity, Instant reservedAt, Instant? expiresAt = null, OfferId? offer = null)
    {
        Guard.Id(id.IsDefault, "reservation", nameof(id));
        Guard.Id(collaborator.IsDefault, "collaborator", nameof(collaborator));
        Guard.Region(unit, nameof(unit));
        Guard.Item(item, nameof(item));
        Guard.Period(period, nameof(period));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (expiresAt <= reservedAt)
        {
            throw new ArgumentException($"Reservation {id} expires at {expiresAt}, not after it was made at {reservedAt}.", nameof(expiresAt));
        }

        if (offer is { IsDefault: true })
        {
            throw new ArgumentException("The offer id, when given, cannot be the default value.", nameof(offer));
        }

        return new Reservation(id, collaborator, unit, item, period, quantity, reservedAt, expiresAt, offer);
    }

    /// <summary>Creates a reservation made now, by the injected clock, held for a duration.</summary>
    /// <param name="id">The id.</param>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="item">The item.</param>
    /// <param name="period">The period.</param>
    /// <param name="quantity">The quantity, &gt; 0.</param>
    /// <param name="clock">The clock that says when now is.</param>
    /// <param name="holdFor">How long the reservation holds if undelivered (positive), or <see langword="null"/> for ever.</param>
    /// <returns>The reservation.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule of <see cref="Create(ReservationId, CollaboratorId, RegionCode, ItemCode, DistributionPeriod, int, Instant, Instant?, OfferId?)"/> or the hold is not positive.</exception>
    public static Reservation Create(ReservationId id, CollaboratorId collaborator, RegionCode unit, ItemCode item, DistributionPeriod period, int quantity, IClock clock, Duration? holdFor)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (holdFor <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(holdFor), holdFor, "A reservation holds for a positive duration.");
        }

        var now = clock.GetCurrentInstant();
        return Create(id, collaborator, unit, item, period, quantity, now, now + holdFor);
    }

    /// <summary>Returns whether the reservation has expired at an instant (it counts no longer unless delivered).</summary>
    /// <param name="now">The instant, usually from an injected clock.</param>
    /// <returns><see langword="true"/> when <see cref="ExpiresAt"/> is at or before <paramref name="now"/>.</returns>
    public bool IsExpiredAt(Instant now) => ExpiresAt <= now;

    /// <summary>Returns a short description.</summary>
    /// <returns>For example <c>r-1 c-17 31.71.01.1001.005 pangan.paket-sembako 2020-11 ×20</c>.</returns>
    public override string ToString() => $"{Id} {Collaborator} {Unit} {Item} {Period} ×{Quantity}";
}
