using Ksbb.Ledger.Households;
using Ksbb.Model.Offers;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Ledger;

// Planned delivery dates, overdue commitments and proof of delivery.
public sealed partial class ReservationLedger
{
    /// <summary>Reserves part of a need with a planned delivery date, optionally drawing on a pledge; otherwise as the overloads without a date.</summary>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="need">The need.</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The idempotency key; a repeat must name the same date (and pledge).</param>
    /// <param name="deliverBy">
    /// The planned delivery date (Asia/Jakarta), today or later. Without this overload the date is the need's period's
    /// last day. A reservation still held after this day is listed by <see cref="ReadOverdueAsync"/>.
    /// </param>
    /// <param name="pledge">The pledge drawn on, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As <see cref="ReserveAsync(CollaboratorId, NeedKey, long, string, OfferId, CancellationToken)"/> with a pledge, else as <see cref="ReserveAsync(CollaboratorId, NeedKey, long, string, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The date is before today.</exception>
    public Task<ReserveOutcome> ReserveAsync(CollaboratorId collaborator, NeedKey need, long quantity, string key, LocalDate deliverBy, OfferId? pledge = null, CancellationToken cancellationToken = default)
    {
        if (collaborator.IsDefault)
        {
            throw new ArgumentException("The collaborator id is the default value.", nameof(collaborator));
        }

        if (pledge is { IsDefault: true })
        {
            throw new ArgumentException("The pledge id is the default value.", nameof(pledge));
        }

        RequireReservation(need, quantity, key);
        var today = _options.Clock.GetCurrentInstant().InZone(DistributionPeriod.Zone).Date;
        if (deliverBy < today)
        {
            throw new ArgumentOutOfRangeException(nameof(deliverBy), deliverBy, $"The planned delivery date {deliverBy:yyyy-MM-dd} is before today ({today:yyyy-MM-dd}, Asia/Jakarta).");
        }

        return ReserveCoreAsync(collaborator.Value, need, quantity, key, pledge, cancellationToken, deliverBy);
    }

    /// <summary>Lists the commitments that are late: reservations still held (reserved, not expired) after their planned delivery date, as of the clock's now.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The overdue commitments, most overdue first (then in creation order).</returns>
    /// <exception cref="Storage.LedgerStoreException">The store failed.</exception>
    public async Task<IReadOnlyList<OverdueCommitment>> ReadOverdueAsync(CancellationToken cancellationToken = default)
    {
        var now = _options.Clock.GetCurrentInstant();
        var today = now.InZone(DistributionPeriod.Zone).Date;
        var overdue = new List<OverdueCommitment>();
        await foreach (var r in Store.ReadHeldReservationsAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var planned = r.DeliverBy ?? r.Need.Period.End;
            if (planned < today)
            {
                overdue.Add(new OverdueCommitment(r, planned, Period.DaysBetween(planned, today)));
            }
        }

        // A stable sort: reservations came in creation order.
        return [.. overdue.OrderByDescending(o => o.DaysOverdue)];
    }

    /// <summary>Records a delivery with its proof: evidence hashes, an optional geotag, recipients' acknowledgements; otherwise as <see cref="DeliverAsync(ReservationId, IReadOnlyList{HouseholdId}?, long?, string?, CancellationToken)"/>.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="proof">
    /// The proof, recorded with the delivery and in the event chain. A geotag must agree with the claimed unit (the need's):
    /// a located unit inside the claimed unit (or the claimed unit itself) means a distance of 0. (A point on the shared
    /// edge of two units may be located in the neighbour at 0 m, so the converse is not required.)
    /// </param>
    /// <param name="actor">Who acts, or <see langword="null"/> for a host that authorised the call itself.</param>
    /// <param name="households">NIK or KK numbers of the receiving households (hashed before storage), or <see langword="null"/>.</param>
    /// <param name="deliveredQuantity">The quantity delivered, or <see langword="null"/> for all.</param>
    /// <param name="overrideReason">An audited reason to deliver to a household already served, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As the overloads without proof. A repeated delivery (unchanged) keeps the first proof.</returns>
    /// <exception cref="ArgumentException">An argument is invalid, or the geotag contradicts the claimed unit.</exception>
    public Task<TransitionOutcome> DeliverAsync(
        ReservationId id,
        DeliveryProof proof,
        CollaboratorId? actor = null,
        IReadOnlyList<HouseholdId>? households = null,
        long? deliveredQuantity = null,
        string? overrideReason = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return DeliverCoreAsync(id, households, deliveredQuantity, overrideReason, actor is { } who ? RequireActor(who) : null, cancellationToken, proof);
    }

    /// <summary>Reads the proof recorded with a reservation's delivery.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The proof, or <see langword="null"/> when the reservation was not delivered with one.</returns>
    public Task<DeliveryProof?> GetProofAsync(ReservationId id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        return Store.FindProofAsync(id, cancellationToken);
    }

    // A geotag must not contradict the unit the delivery claims (see DeliverAsync with proof).
    private static void CheckGeotag(DeliveryProof? proof, Ksbb.Model.Regions.RegionCode claimed)
    {
        if (proof?.Geotag is not { LocatedUnit: { } located } geotag)
        {
            return;
        }

        if (claimed.Contains(located) && geotag.DistanceMetres > 0)
        {
            throw new ArgumentException($"The geotag was located in {located}, inside the claimed unit {claimed}, yet is {geotag.DistanceMetres} m from it: locate the point against the claimed unit again.", nameof(proof));
        }
    }

    private static void RequireReservation(NeedKey need, long quantity, string key)
    {
        if (need.IsDefault)
        {
            throw new ArgumentException("The need has a default unit, item or period.", nameof(need));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        if (!TryValidateKey(key, out var error))
        {
            throw new ArgumentException(error, nameof(key));
        }
    }
}
