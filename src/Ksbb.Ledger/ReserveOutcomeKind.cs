namespace Ksbb.Ledger;

/// <summary>What happened to a reservation request.</summary>
public enum ReserveOutcomeKind
{
    /// <summary>Not an outcome (the default value).</summary>
    None = 0,

    /// <summary>Reserved now.</summary>
    Reserved = 1,

    /// <summary>The key was already used with the same parameters: the first answer is returned, nothing counted again.</summary>
    Replayed = 2,

    /// <summary>Refused: the remaining need is smaller than the quantity asked for.</summary>
    Refused = 3,

    /// <summary>Refused: the ledger has no such need.</summary>
    UnknownNeed = 4,

    /// <summary>Bad input: the key was already used with different parameters.</summary>
    KeyConflict = 5,

    /// <summary>Refused: the collaborator's record in the ledger is not active (prospective or suspended).</summary>
    CollaboratorNotActive = 6,

    /// <summary>Refused: the pledge drawn on has less remaining than the quantity (reserved + delivered never exceed a pledge).</summary>
    PledgeExceeded = 7,

    /// <summary>Refused: the pledge is unknown, another collaborator's, or for another item or a period that does not overlap the need's.</summary>
    PledgeMismatch = 8,

    /// <summary>
    /// Refused: the key's reservation exists but is no longer held (expired, released or cancelled); a retry answers
    /// with that state, never as a new success. Reserve again with a new key.
    /// </summary>
    NoLongerHeld = 9,

    /// <summary>
    /// Refused by a catalogue rule or a rule about who reserves: the item is not in the catalogue, its programme is not
    /// open, the period lies outside the programme's dates, the unit is outside the programme's area list, or a bundled
    /// item cannot be reserved along with it. <see cref="ReserveOutcome.RuleName"/> names the rule (see <see cref="LedgerRules"/>).
    /// </summary>
    RuleRefused = 10,
}
