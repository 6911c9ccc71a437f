using NodaTime;

namespace Ksbb.Ledger.Storage;

/// <summary>A validated reservation request as the ledger hands it to a store.</summary>
/// <remarks>The ledger validates every field before a store sees it. Plain immutable data; thread-safe.</remarks>
/// <param name="ProposedId">The identifier to use if the reservation is new.</param>
/// <param name="Key">The idempotency key.</param>
/// <param name="Actor">Who reserves: the collaborator itself, or (drawing on a pledge) the pledge's collaborator, its aggregator's actor or an operator.</param>
/// <param name="Need">The need to reserve against.</param>
/// <param name="Quantity">The quantity, at least 1.</param>
/// <param name="Now">The current instant: reservations of this need expired at or before it stop counting.</param>
/// <param name="ExpiresAt">When the new reservation expires if undelivered.</param>
/// <param name="Pledge">The pledge the reservation draws on, or <see langword="null"/>.</param>
/// <param name="DeliverBy">The planned delivery date, or <see langword="null"/> (only for requests made before planned dates existed).</param>
/// <param name="Collaborator">For an item bundled with another, the collaborator the other's reservation was resolved to; otherwise <see langword="null"/> (resolved in the transaction).</param>
internal sealed record ReserveRequest(
    ReservationId ProposedId,
    IdempotencyKey Key,
    LedgerActor Actor,
    NeedKey Need,
    long Quantity,
    Instant Now,
    Instant ExpiresAt,
    Ksbb.Model.Pledges.PledgeId? Pledge = null,
    LocalDate? DeliverBy = null,
    CollaboratorId? Collaborator = null)
{
    /// <summary>Gets a value indicating whether a stored reservation was made with the same parameters as this request (collaborator, need, quantity, pledge and, when stored, the planned delivery date).</summary>
    /// <param name="stored">A reservation stored under the same key.</param>
    /// <param name="storedPledge">The pledge the stored reservation draws on, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the parameters match, so the stored answer is the answer to this request.</returns>
    public bool SameParametersAs(Reservation stored, Ksbb.Model.Pledges.PledgeId? storedPledge)
    {
        ArgumentNullException.ThrowIfNull(stored);
        // Drawing on a pledge, the reservation is the pledge's collaborator's; otherwise the actor's own.
        return (Pledge is not null || Collaborator is not null || stored.Collaborator == Actor.Id)
            && (Collaborator is not { } c || stored.Collaborator == c)
            && stored.Need == Need
            && stored.Quantity == Quantity
            && storedPledge == Pledge
            && (stored.DeliverBy is null || stored.DeliverBy == DeliverBy);
    }
}
