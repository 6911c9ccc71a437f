namespace Ksbb.Ledger;

/// <summary>What happened to a lifecycle transition.</summary>
public enum TransitionOutcomeKind
{
    /// <summary>Not an outcome (the default value).</summary>
    None = 0,

    /// <summary>The transition was applied.</summary>
    Applied = 1,

    /// <summary>The reservation was already in the target status: nothing changed (a safe retry).</summary>
    Unchanged = 2,

    /// <summary>No reservation has that identifier.</summary>
    NotFound = 3,

    /// <summary>The transition is not allowed from the reservation's current status (or a quantity is out of range).</summary>
    Invalid = 4,

    /// <summary>A named household already received this benefit class in this period (and no override was given).</summary>
    DuplicateHousehold = 5,

    /// <summary>The actor may not make this change (not its reservation, not routed through its aggregator, outside its region, or its own delivery to verify).</summary>
    NotPermitted = 6,

    /// <summary>
    /// Refused by a catalogue rule: the programme is closed, a named beneficiary does not qualify for the item, or a
    /// bundled item's reservation is not there to deliver along with it. <see cref="TransitionOutcome.RuleName"/> names
    /// the rule (see <see cref="LedgerRules"/>).
    /// </summary>
    RuleRefused = 7,
}
