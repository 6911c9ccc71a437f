namespace Ksbb.Ledger;

/// <summary>The answer to a lifecycle transition.</summary>
/// <remarks>Immutable; thread-safe. Create with the static factories.</remarks>
public sealed class TransitionOutcome
{
    private TransitionOutcome(TransitionOutcomeKind kind, Reservation? reservation, string message, int householdIndex, string? ruleName = null)
    {
        Kind = kind;
        Reservation = reservation;
        Message = message;
        HouseholdIndex = householdIndex;
        RuleName = ruleName;
    }

    /// <summary>Gets what happened.</summary>
    public TransitionOutcomeKind Kind { get; }

    /// <summary>Gets a value indicating whether the reservation is now in the target status (applied or unchanged).</summary>
    public bool Succeeded => Kind is TransitionOutcomeKind.Applied or TransitionOutcomeKind.Unchanged;

    /// <summary>Gets the reservation after the attempt (its stored state), or <see langword="null"/> when not found.</summary>
    public Reservation? Reservation { get; }

    /// <summary>Gets a human-readable explanation (empty on success).</summary>
    public string Message { get; }

    /// <summary>Gets the zero-based index of the duplicate household in the request, or −1.</summary>
    public int HouseholdIndex { get; }

    /// <summary>Gets, for <see cref="TransitionOutcomeKind.RuleRefused"/>, the rule's name, for example <c>beneficiary-not-eligible</c> (one of <see cref="LedgerRules"/>); otherwise <see langword="null"/>.</summary>
    public string? RuleName { get; }

    /// <summary>Creates a <see cref="TransitionOutcomeKind.RuleRefused"/> outcome.</summary>
    /// <param name="reservation">The reservation as stored (unchanged).</param>
    /// <param name="ruleName">The rule's name, for example <c>programme-closed</c>.</param>
    /// <param name="message">One sentence naming the rule and the facts; it starts with <paramref name="ruleName"/>.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public static TransitionOutcome RuleRefused(Reservation reservation, string ruleName, string message)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new(TransitionOutcomeKind.RuleRefused, reservation, message, -1, ruleName);
    }

    /// <summary>Creates an <see cref="TransitionOutcomeKind.Applied"/> outcome.</summary>
    /// <param name="reservation">The reservation after the transition.</param>
    /// <returns>The outcome.</returns>
    public static TransitionOutcome Applied(Reservation reservation) =>
        new(TransitionOutcomeKind.Applied, reservation ?? throw new ArgumentNullException(nameof(reservation)), string.Empty, -1);

    /// <summary>Creates an <see cref="TransitionOutcomeKind.Unchanged"/> outcome.</summary>
    /// <param name="reservation">The reservation, already in the target status.</param>
    /// <returns>The outcome.</returns>
    public static TransitionOutcome Unchanged(Reservation reservation) =>
        new(TransitionOutcomeKind.Unchanged, reservation ?? throw new ArgumentNullException(nameof(reservation)), string.Empty, -1);

    /// <summary>Creates a <see cref="TransitionOutcomeKind.NotFound"/> outcome.</summary>
    /// <param name="id">The identifier that was not found.</param>
    /// <returns>The outcome.</returns>
    public static TransitionOutcome NotFound(ReservationId id) =>
        new(TransitionOutcomeKind.NotFound, null, $"No reservation has the id '{id}'.", -1);

    /// <summary>Creates an <see cref="TransitionOutcomeKind.Invalid"/> outcome.</summary>
    /// <param name="reservation">The reservation as stored.</param>
    /// <param name="message">Why the transition is not allowed.</param>
    /// <returns>The outcome.</returns>
    public static TransitionOutcome Invalid(Reservation reservation, string message) =>
        new(TransitionOutcomeKind.Invalid, reservation ?? throw new ArgumentNullException(nameof(reservation)), message ?? string.Empty, -1);

    /// <summary>Creates a <see cref="TransitionOutcomeKind.NotPermitted"/> outcome.</summary>
    /// <param name="reservation">The reservation as stored (unchanged).</param>
    /// <param name="message">The rule the actor breaks.</param>
    /// <returns>The outcome.</returns>
    public static TransitionOutcome NotPermitted(Reservation reservation, string message) =>
        new(TransitionOutcomeKind.NotPermitted, reservation ?? throw new ArgumentNullException(nameof(reservation)), message ?? string.Empty, -1);

    /// <summary>Creates a <see cref="TransitionOutcomeKind.DuplicateHousehold"/> outcome.</summary>
    /// <param name="reservation">The reservation as stored (unchanged).</param>
    /// <param name="householdIndex">The zero-based index of the first duplicate household in the request.</param>
    /// <param name="claim">The duplicate claim (its benefit class and period go into the message; never the hash).</param>
    /// <returns>The outcome.</returns>
    public static TransitionOutcome DuplicateHousehold(Reservation reservation, int householdIndex, HouseholdClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new(
            TransitionOutcomeKind.DuplicateHousehold,
            reservation ?? throw new ArgumentNullException(nameof(reservation)),
            $"Household #{householdIndex + 1} already received benefit class '{claim.BenefitClass}' in period {claim.Period}; give an override reason to deliver again.",
            householdIndex);
    }

    /// <inheritdoc/>
    public override string ToString() => Message.Length == 0 ? $"{Kind} {Reservation?.Id}" : $"{Kind} {Reservation?.Id}: {Message}";
}
