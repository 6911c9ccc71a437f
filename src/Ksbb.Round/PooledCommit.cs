using Ksbb.Ledger;

namespace Ksbb.Round;

/// <summary>What committing a pooled plan did: one outcome per line.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PooledCommit
{
    internal PooledCommit(PooledPlan plan, IReadOnlyList<PooledLineOutcome> lines)
    {
        Plan = plan;
        Lines = lines;
    }

    /// <summary>Gets the plan committed.</summary>
    public PooledPlan Plan { get; }

    /// <summary>Gets every line's outcome, in the plan's order.</summary>
    public IReadOnlyList<PooledLineOutcome> Lines { get; }

    /// <summary>Gets how many lines were reserved now.</summary>
    public int Reserved => Lines.Count(l => l.Outcome.Kind == LedgerOutcomeKind.Applied);

    /// <summary>Gets how many lines had been reserved before under the same key (the plan committed again).</summary>
    public int Replayed => Lines.Count(l => l.Outcome.Kind == LedgerOutcomeKind.Replayed);

    /// <summary>Gets how many lines the ledger refused (<see cref="PooledLineOutcome.Reason"/> names the rule).</summary>
    public int Refused => Lines.Count(l => !l.Succeeded);

    /// <summary>Gets the quantity the plan holds in the ledger now: Σ of the reserved and replayed lines.</summary>
    public long Quantity => Lines.Where(l => l.Succeeded).Sum(l => l.Line.Quantity);
}

/// <summary>The ledger's answer to one line of a pooled plan.</summary>
/// <param name="Line">The line.</param>
/// <param name="Outcome">The outcome of <see cref="ReservationLedger.ReserveAsync"/>.</param>
public sealed record PooledLineOutcome(PooledLine Line, LedgerOutcome Outcome)
{
    /// <summary>Gets a value indicating whether the line is held in the ledger (reserved now or replayed).</summary>
    public bool Succeeded => Outcome.Succeeded;

    /// <summary>Gets, for a refused line, one sentence naming the rule and the facts; otherwise <see langword="null"/>.</summary>
    public string? Reason => Outcome.Refusal?.Message;
}
