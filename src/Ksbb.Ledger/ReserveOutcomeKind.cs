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
}
