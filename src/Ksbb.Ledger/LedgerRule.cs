namespace Ksbb.Ledger;

/// <summary>
/// Every rule by which the ledger refuses a command, listed once. A refusal names its rule (<see cref="LedgerRefusal.Rule"/>)
/// with structured facts; <see cref="LedgerRules.Name(LedgerRule)"/> gives the rule's stable kebab-case name, the one the
/// CLI prints and the portal puts in its problem documents.
/// </summary>
public enum LedgerRule
{
    /// <summary>Not a rule (the default value).</summary>
    None = 0,

    /// <summary><c>not-enough-remaining</c>: reserved + delivered never exceed a need; the refusal's <see cref="LedgerRefusal.Remaining"/> says what remains.</summary>
    NotEnoughRemaining,

    /// <summary><c>need-not-found</c>: a reservation is of a need the ledger holds.</summary>
    NeedNotFound,

    /// <summary><c>idempotency-key-conflict</c>: a key names one change; it was used before with other parameters (bad input, not a race).</summary>
    KeyConflict,

    /// <summary><c>no-longer-held</c>: a retried reservation key whose reservation has expired, or was released or cancelled, since.</summary>
    NoLongerHeld,

    /// <summary><c>collaborator-not-recorded</c>: only a collaborator the ledger records pledges and reserves (whether or not others are recorded).</summary>
    CollaboratorNotRecorded,

    /// <summary><c>collaborator-not-active</c>: only an active collaborator pledges, reserves and renews.</summary>
    CollaboratorNotActive,

    /// <summary><c>pledge-not-found</c>: a reservation draws on a pledge the ledger holds.</summary>
    PledgeNotFound,

    /// <summary><c>pledge-mismatch</c>: a reservation draws on a pledge of its own item and period, by the pledge's collaborator or its aggregator's actor.</summary>
    PledgeMismatch,

    /// <summary><c>pledge-exceeded</c>: reservations drawing on a pledge never exceed the pledged quantity; <see cref="LedgerRefusal.Remaining"/> says what remains.</summary>
    PledgeExceeded,

    /// <summary><c>aggregator-not-found</c>: a pledge via an aggregator names an aggregator the ledger records.</summary>
    AggregatorNotFound,

    /// <summary><c>aggregator-capacity-exceeded</c>: pledges via an aggregator never exceed its capacity, counted per item and period; <see cref="LedgerRefusal.Limit"/> is the capacity.</summary>
    AggregatorCapacityExceeded,

    /// <summary><c>aggregator-does-not-serve-unit</c>: a reservation drawing on a pledge via an aggregator is only inside that aggregator's service areas.</summary>
    AggregatorDoesNotServeUnit,

    /// <summary><c>reservation-not-found</c>: a transition is of a reservation the ledger holds.</summary>
    ReservationNotFound,

    /// <summary><c>invalid-transition</c>: the lifecycle allows it (reserved → delivered → verified; reserved → released; reserved or delivered → cancelled; renew only while held); quantities within the reservation.</summary>
    InvalidTransition,

    /// <summary><c>household-already-served</c>: a household receives a benefit class once per period unless an operator gives an audited override reason.</summary>
    HouseholdAlreadyServed,

    /// <summary><c>actor-not-permitted</c>: a collaborator acts only on its own reservations, an aggregator's actor on what is routed through it, an operator cancels within its region; the host's system actor changes no reservation.</summary>
    ActorNotPermitted,

    /// <summary><c>verifier-role-required</c>: a delivery is verified by a verifier whose region holds the unit, never by whoever delivered it.</summary>
    VerifierRoleRequired,

    /// <summary><c>operator-role-required</c>: once the ledger records roles, only an operator whose region holds the units publishes needs, records collaborators, aggregators and roles, and commits a pooled plan.</summary>
    OperatorRoleRequired,

    /// <summary><c>need-period-overlap</c>: a unit's need of an item is not published twice for periods that share a day.</summary>
    NeedPeriodOverlap,

    /// <summary><c>deliver-by-out-of-range</c>: a planned delivery date is not before today (Asia/Jakarta) and not after the need's period.</summary>
    DeliverByOutOfRange,

    /// <summary><c>item-not-in-catalogue</c>: only items of the programme catalogue are pledged, reserved and delivered.</summary>
    ItemNotInCatalogue,

    /// <summary><c>programme-not-open</c>: only an open programme's items are pledged and reserved.</summary>
    ProgrammeNotOpen,

    /// <summary><c>programme-closed</c>: a closed programme's items are not pledged or reserved.</summary>
    ProgrammeClosed,

    /// <summary><c>period-outside-programme</c>: a period lies within its programme's dates.</summary>
    PeriodOutsideProgramme,

    /// <summary><c>area-not-eligible</c>: an item is reserved only where its programme's and item's area rules allow.</summary>
    AreaNotEligible,

    /// <summary><c>beneficiary-not-eligible</c>: an item goes only to beneficiaries with its role or registration in the beneficiary directory.</summary>
    BeneficiaryNotEligible,

    /// <summary><c>bundle-not-available</c>: an item with bundled items is delivered only together with them.</summary>
    BundleNotAvailable,
}
