using NodaTime;

namespace Ksbb.Ledger.Storage;

/// <summary>A validated lifecycle transition as the ledger hands it to a store.</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Id">The reservation.</param>
/// <param name="Target">The status to move to: delivered, verified, released or cancelled.</param>
/// <param name="Now">The current instant (for expiry and the event time).</param>
/// <param name="DeliveredQuantity">For delivery: the quantity delivered (1 to the reserved quantity), or <see langword="null"/> for all of it.</param>
/// <param name="Reason">For cancellation: the reason (required by the ledger); otherwise <see langword="null"/>.</param>
/// <param name="Households">For delivery: the household claims to record (possibly empty).</param>
/// <param name="HouseholdKeyFingerprint">For a delivery naming households: the fingerprint of the key that hashed them.</param>
/// <param name="Actor">Who acts (checked against the reservation, the pledge's aggregator and the role grants; recorded in the event).</param>
/// <param name="Proof">For delivery: the proof to record with it, or <see langword="null"/>.</param>
/// <param name="RenewUntil">For a renewal (target reserved): the new expiry; otherwise <see langword="null"/>.</param>
/// <param name="Follows">Whether this is a bundled item following its device's transition (already authorised).</param>
internal sealed record TransitionRequest(
    ReservationId Id,
    ReservationStatus Target,
    Instant Now,
    long? DeliveredQuantity,
    string? Reason,
    IReadOnlyList<HouseholdClaim> Households,
    string? HouseholdKeyFingerprint = null,
    Instant? RenewUntil = null,
    LedgerActor? Actor = null,
    DeliveryProof? Proof = null,
    bool Follows = false);
