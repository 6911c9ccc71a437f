namespace Ksbb.Ledger.Storage;

/// <summary>What a store must do to apply a transition to a reservation it has read under its write lock.</summary>
/// <remarks>
/// Produced by <see cref="ReservationLifecycle.Plan"/>, so every store applies the same rules. A store applies the
/// plan in one transaction: first, when <see cref="Expired"/> is not <see langword="null"/>, it stores that expiry
/// (status expired, the need's reserved quantity lowered by the reservation's quantity, an expiry event appended);
/// then, when <see cref="Outcome"/> is <see cref="LedgerOutcomeKind.Applied"/>, it stores <see cref="After"/>,
/// adds <see cref="ReservedDelta"/> and <see cref="DeliveredDelta"/> to the need, records the request's household
/// claims (delivery) or deletes the reservation's claims (<see cref="ReleaseHouseholdClaims"/>), and appends
/// <see cref="LedgerEvents.Transitioned"/>. Immutable; thread-safe.
/// </remarks>
internal sealed class TransitionPlan
{
    internal TransitionPlan(LedgerOutcomeKind outcome, Reservation? expired, Reservation after, long reservedDelta, long deliveredDelta, string message)
    {
        Outcome = outcome;
        Expired = expired;
        After = after;
        ReservedDelta = reservedDelta;
        DeliveredDelta = deliveredDelta;
        Message = message;
    }

    /// <summary>Gets the outcome: <see cref="LedgerOutcomeKind.Applied"/>, <see cref="LedgerOutcomeKind.Unchanged"/> or <see cref="LedgerOutcomeKind.Refused"/>.</summary>
    public LedgerOutcomeKind Outcome { get; }

    /// <summary>Gets the reservation as it must be stored after its expiry, when the stored reservation had expired unnoticed; otherwise <see langword="null"/>.</summary>
    public Reservation? Expired { get; }

    /// <summary>Gets the reservation after the plan (the stored one when nothing is applied).</summary>
    public Reservation After { get; }

    /// <summary>Gets the change of the need's reserved quantity when applied (0 or negative).</summary>
    public long ReservedDelta { get; }

    /// <summary>Gets the change of the need's delivered quantity when applied.</summary>
    public long DeliveredDelta { get; }

    /// <summary>Gets a value indicating whether the reservation's household claims must be deleted (a delivery cancelled).</summary>
    public bool ReleaseHouseholdClaims => Outcome == LedgerOutcomeKind.Applied && After.Status == ReservationStatus.Cancelled && DeliveredDelta < 0;

    /// <summary>Gets why the transition is invalid (empty otherwise).</summary>
    public string Message { get; }

    /// <summary>Converts the plan into the outcome a store returns when nothing else (such as a duplicate household) intervenes.</summary>
    /// <returns>The outcome.</returns>
    public LedgerOutcome ToOutcome() => Outcome switch
    {
        LedgerOutcomeKind.Applied => LedgerOutcome.Applied(After),
        LedgerOutcomeKind.Unchanged => LedgerOutcome.Unchanged(After),
        _ => LedgerOutcome.Refused(LedgerRule.InvalidTransition, Message, After, unit: After.Need.Unit),
    };
}
