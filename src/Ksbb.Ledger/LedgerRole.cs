namespace Ksbb.Ledger;

/// <summary>The role in which an actor changes a reservation; every transition with an actor records it in the event chain.</summary>
public enum LedgerRole
{
    /// <summary>Not a role (the default value).</summary>
    None = 0,

    /// <summary>The collaborator who made the reservation: acts on its own pledges and reservations.</summary>
    Collaborator = 1,

    /// <summary>An aggregator's actor: acts on reservations drawing on pledges routed through that aggregator.</summary>
    Aggregator = 2,

    /// <summary>An RT/RW or kelurahan officer: verifies deliveries within its region, never its own.</summary>
    Verifier = 3,

    /// <summary>A city operator: publishes and changes needs, and may cancel reservations within its region.</summary>
    Operator = 4,
}
