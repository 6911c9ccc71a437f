namespace Ksbb.Ledger;

/// <summary>What happened to a pledge request.</summary>
public enum PledgeOutcomeKind
{
    /// <summary>Not an outcome (the default value).</summary>
    None = 0,

    /// <summary>Pledged now.</summary>
    Pledged = 1,

    /// <summary>The key was already used with the same parameters: the first answer is returned, nothing counted again.</summary>
    Replayed = 2,

    /// <summary>Refused: only an active collaborator with a record in the ledger may pledge.</summary>
    CollaboratorNotActive = 3,

    /// <summary>Refused: the ledger knows no aggregator with the id the pledge goes through.</summary>
    UnknownAggregator = 4,

    /// <summary>Refused: the aggregator's capacity, less what is already pledged through it, is smaller than the quantity.</summary>
    AggregatorCapacityExceeded = 5,

    /// <summary>Bad input: the key was already used with different parameters.</summary>
    KeyConflict = 6,

    /// <summary>
    /// Refused by a catalogue rule: the item is not in the catalogue, its programme is not open, or the period lies
    /// outside the programme's dates. <see cref="PledgeOutcome.RuleName"/> names the rule (see <see cref="LedgerRules"/>).
    /// </summary>
    RuleRefused = 7,
}
