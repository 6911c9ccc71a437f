namespace Ksbb.Ledger;

/// <summary>The answer to a reservation request.</summary>
/// <remarks>Immutable; thread-safe. Create with the static factories.</remarks>
public sealed class ReserveOutcome
{
    private ReserveOutcome(ReserveOutcomeKind kind, Reservation? reservation, long remaining, string? rule = null, string? ruleName = null)
    {
        Kind = kind;
        Reservation = reservation;
        Remaining = remaining;
        Rule = rule;
        RuleName = ruleName;
    }

    /// <summary>Gets what happened.</summary>
    public ReserveOutcomeKind Kind { get; }

    /// <summary>Gets a value indicating whether the caller holds the reservation (reserved now or replayed).</summary>
    public bool Succeeded => Kind is ReserveOutcomeKind.Reserved or ReserveOutcomeKind.Replayed;

    /// <summary>Gets the reservation (new, or the stored one on replay and key conflict), or <see langword="null"/>.</summary>
    public Reservation? Reservation { get; }

    /// <summary>Gets the need's remaining quantity after the request (on success and refusal; 0 otherwise).</summary>
    public long Remaining { get; }

    /// <summary>Gets, for a refusal by a rule other than the need's remaining quantity, one sentence naming the rule and the facts; otherwise <see langword="null"/>.</summary>
    public string? Rule { get; }

    /// <summary>Gets, for <see cref="ReserveOutcomeKind.RuleRefused"/>, the rule's name, for example <c>programme-closed</c> (one of <see cref="LedgerRules"/>); otherwise <see langword="null"/>.</summary>
    public string? RuleName { get; }

    /// <summary>Creates a <see cref="ReserveOutcomeKind.RuleRefused"/> outcome.</summary>
    /// <param name="ruleName">The rule's name, for example <c>area-not-eligible</c>.</param>
    /// <param name="rule">One sentence naming the rule and the facts; it starts with <paramref name="ruleName"/>.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public static ReserveOutcome RuleRefused(string ruleName, string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        return new(ReserveOutcomeKind.RuleRefused, null, 0, rule, ruleName);
    }

    /// <summary>Creates a refusal by a rule about the collaborator or the pledge.</summary>
    /// <param name="kind"><see cref="ReserveOutcomeKind.CollaboratorNotActive"/>, <see cref="ReserveOutcomeKind.PledgeExceeded"/> or <see cref="ReserveOutcomeKind.PledgeMismatch"/>.</param>
    /// <param name="rule">One sentence naming the rule and the facts.</param>
    /// <param name="remaining">What remains on the pledge (<see cref="ReserveOutcomeKind.PledgeExceeded"/>), otherwise 0.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not one of these refusals, or <paramref name="rule"/> is empty.</exception>
    public static ReserveOutcome RefusedByRule(ReserveOutcomeKind kind, string rule, long remaining = 0)
    {
        if (kind is not (ReserveOutcomeKind.CollaboratorNotActive or ReserveOutcomeKind.PledgeExceeded or ReserveOutcomeKind.PledgeMismatch))
        {
            throw new ArgumentException($"{kind} is not a refusal by a collaborator or pledge rule.", nameof(kind));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        return new(kind, null, remaining, rule);
    }

    /// <summary>Creates a <see cref="ReserveOutcomeKind.Reserved"/> outcome.</summary>
    /// <param name="reservation">The new reservation.</param>
    /// <param name="remaining">The need's remaining quantity afterwards.</param>
    /// <returns>The outcome.</returns>
    public static ReserveOutcome Reserved(Reservation reservation, long remaining) =>
        new(ReserveOutcomeKind.Reserved, reservation ?? throw new ArgumentNullException(nameof(reservation)), remaining);

    /// <summary>Creates a <see cref="ReserveOutcomeKind.Replayed"/> outcome.</summary>
    /// <param name="reservation">The reservation stored under the key.</param>
    /// <param name="remaining">The need's remaining quantity now.</param>
    /// <returns>The outcome.</returns>
    public static ReserveOutcome Replayed(Reservation reservation, long remaining) =>
        new(ReserveOutcomeKind.Replayed, reservation ?? throw new ArgumentNullException(nameof(reservation)), remaining);

    /// <summary>Creates a <see cref="ReserveOutcomeKind.NoLongerHeld"/> outcome: a retried key whose reservation has expired, been released or cancelled.</summary>
    /// <param name="reservation">The reservation stored under the key, as seen now.</param>
    /// <param name="remaining">The need's remaining quantity now.</param>
    /// <returns>The outcome.</returns>
    public static ReserveOutcome NoLongerHeld(Reservation reservation, long remaining)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(ReserveOutcomeKind.NoLongerHeld, reservation, remaining,
            $"a retried key answers with its reservation's state, never as a new success: reservation {reservation.Id} under key '{reservation.Key}' is {Storage.ReservationLifecycle.Name(reservation.Status)}; reserve again with a new key.");
    }

    /// <summary>Creates a <see cref="ReserveOutcomeKind.Refused"/> outcome.</summary>
    /// <param name="remaining">What remains of the need (smaller than the quantity asked for).</param>
    /// <returns>The outcome.</returns>
    public static ReserveOutcome Refused(long remaining) => new(ReserveOutcomeKind.Refused, null, remaining);

    /// <summary>Creates a <see cref="ReserveOutcomeKind.UnknownNeed"/> outcome.</summary>
    /// <returns>The outcome.</returns>
    public static ReserveOutcome UnknownNeed() => new(ReserveOutcomeKind.UnknownNeed, null, 0);

    /// <summary>Creates a <see cref="ReserveOutcomeKind.KeyConflict"/> outcome.</summary>
    /// <param name="stored">The reservation already stored under the key.</param>
    /// <returns>The outcome.</returns>
    public static ReserveOutcome KeyConflict(Reservation stored) =>
        new(ReserveOutcomeKind.KeyConflict, stored ?? throw new ArgumentNullException(nameof(stored)), 0);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Reservation?.Id} remaining={Remaining}{(Rule is null ? string.Empty : " " + Rule)}";
}
