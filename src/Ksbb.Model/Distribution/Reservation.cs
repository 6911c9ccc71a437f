using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using NodaTime;

namespace Ksbb.Model.Distribution;

/// <summary>A reservation as stored: who reserved how much of which need, and where it is in its lifecycle.</summary>
/// <remarks>
/// <para>
/// <see cref="Status"/> is the stored status. A <see cref="ReservationStatus.Reserved"/> reservation whose
/// <see cref="ExpiresAt"/> has passed is expired even before any store writes so: use <see cref="StatusAt"/> for the
/// status a reader should see. Quantities are in the item's unit (packages, devices, …).
/// </para>
/// <para>Plain immutable data; thread-safe.</para>
/// </remarks>
/// <param name="Id">The identifier assigned when the reservation was accepted.</param>
/// <param name="Key">The caller's idempotency key.</param>
/// <param name="Collaborator">The collaborator (donor) identifier.</param>
/// <param name="Need">The need reserved against.</param>
/// <param name="Quantity">The quantity reserved, at least 1.</param>
/// <param name="DeliveredQuantity">The quantity delivered (0 until delivered; at most <paramref name="Quantity"/>).</param>
/// <param name="Status">The stored status.</param>
/// <param name="CreatedAt">When the reservation was accepted.</param>
/// <param name="ExpiresAt">When an undelivered reservation stops counting.</param>
/// <param name="UpdatedAt">When the status last changed.</param>
/// <param name="Reason">The cancellation reason, or <see langword="null"/>.</param>
public sealed record Reservation(
    ReservationId Id,
    IdempotencyKey Key,
    CollaboratorId Collaborator,
    NeedKey Need,
    long Quantity,
    long DeliveredQuantity,
    ReservationStatus Status,
    Instant CreatedAt,
    Instant ExpiresAt,
    Instant UpdatedAt,
    string? Reason)
{
    /// <summary>Gets the planned delivery date (Asia/Jakarta), or <see langword="null"/> for a reservation stored before planned dates were kept.</summary>
    /// <remarks>A reservation still reserved after this day is overdue (see the ledger's overdue commitments).</remarks>
    public LocalDate? DeliverBy { get; init; }

    /// <summary>Gets the status a reader sees at <paramref name="now"/>: stored status, except that an undelivered reservation past its expiry is <see cref="ReservationStatus.Expired"/>.</summary>
    /// <param name="now">The current instant (from the host's clock).</param>
    /// <returns>The effective status.</returns>
    public ReservationStatus StatusAt(Instant now) =>
        Status == ReservationStatus.Reserved && now >= ExpiresAt ? ReservationStatus.Expired : Status;
}
