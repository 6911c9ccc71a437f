namespace Ksbb.Ledger;

/// <summary>How a ledger command ended.</summary>
public enum LedgerOutcomeKind
{
    /// <summary>Not an outcome (the default value).</summary>
    None = 0,

    /// <summary>The change was made (reserved, pledged, delivered, verified, released, renewed, cancelled, needs or records set).</summary>
    Applied = 1,

    /// <summary>The same idempotency key and parameters were seen before: the first answer, nothing changed.</summary>
    Replayed = 2,

    /// <summary>The state already was the one asked for (a retried delivery of a delivered reservation): nothing changed.</summary>
    Unchanged = 3,

    /// <summary>A rule refused it (<see cref="LedgerOutcome.Refusal"/>): nothing changed.</summary>
    Refused = 4,
}
