using Ksbb.Ledger.Households;
using Ksbb.Model.Pledges;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Ledger;

// Planned delivery dates, overdue commitments and proof of delivery.
public sealed partial class ReservationLedger
{
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
}
