using Ksbb.Model.Offers;

namespace Ksbb.Ledger;

/// <summary>The answer to a pledge request.</summary>
/// <remarks>Immutable; thread-safe. Create with the static factories.</remarks>
public sealed class PledgeOutcome
{
    private PledgeOutcome(PledgeOutcomeKind kind, Offer? pledge, long remaining, string? rule, string? ruleName = null)
    {
        Kind = kind;
        Pledge = pledge;
        Remaining = remaining;
        Rule = rule;
        RuleName = ruleName;
    }

    /// <summary>Gets what happened.</summary>
    public PledgeOutcomeKind Kind { get; }

    /// <summary>Gets a value indicating whether the pledge is recorded (pledged now or replayed).</summary>
    public bool Succeeded => Kind is PledgeOutcomeKind.Pledged or PledgeOutcomeKind.Replayed;

    /// <summary>Gets the pledge (new, or the stored one on replay and key conflict), or <see langword="null"/>.</summary>
    public Offer? Pledge { get; }

    /// <summary>Gets the aggregator's remaining capacity after the request (pledges via an aggregator; 0 otherwise).</summary>
    public long Remaining { get; }

    /// <summary>Gets, for a refusal or conflict, one sentence naming the rule and the facts; otherwise <see langword="null"/>.</summary>
    public string? Rule { get; }

    /// <summary>Gets, for <see cref="PledgeOutcomeKind.RuleRefused"/>, the rule's name, for example <c>programme-not-open</c> (one of <see cref="LedgerRules"/>); otherwise <see langword="null"/>.</summary>
    public string? RuleName { get; }

    /// <summary>Creates a <see cref="PledgeOutcomeKind.RuleRefused"/> outcome.</summary>
    /// <param name="ruleName">The rule's name, for example <c>programme-closed</c>.</param>
    /// <param name="rule">One sentence naming the rule and the facts; it starts with <paramref name="ruleName"/>.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public static PledgeOutcome RuleRefused(string ruleName, string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        return new(PledgeOutcomeKind.RuleRefused, null, 0, rule, ruleName);
    }

    /// <summary>Creates a <see cref="PledgeOutcomeKind.Pledged"/> outcome.</summary>
    /// <param name="pledge">The new pledge.</param>
    /// <param name="remaining">The aggregator's remaining capacity afterwards (0 for a direct pledge).</param>
    /// <returns>The outcome.</returns>
    public static PledgeOutcome Pledged(Offer pledge, long remaining) =>
        new(PledgeOutcomeKind.Pledged, pledge ?? throw new ArgumentNullException(nameof(pledge)), remaining, null);

    /// <summary>Creates a <see cref="PledgeOutcomeKind.Replayed"/> outcome.</summary>
    /// <param name="pledge">The pledge stored under the key.</param>
    /// <returns>The outcome.</returns>
    public static PledgeOutcome Replayed(Offer pledge) =>
        new(PledgeOutcomeKind.Replayed, pledge ?? throw new ArgumentNullException(nameof(pledge)), 0, null);

    /// <summary>Creates a refusal or conflict.</summary>
    /// <param name="kind">One of the refusal kinds or <see cref="PledgeOutcomeKind.KeyConflict"/>.</param>
    /// <param name="rule">One sentence naming the rule and the facts.</param>
    /// <param name="stored">The pledge already stored under the key (key conflicts), or <see langword="null"/>.</param>
    /// <param name="remaining">The aggregator's remaining capacity, where it applies.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not a refusal, or <paramref name="rule"/> is empty.</exception>
    public static PledgeOutcome Refused(PledgeOutcomeKind kind, string rule, Offer? stored = null, long remaining = 0)
    {
        if (kind is PledgeOutcomeKind.None or PledgeOutcomeKind.Pledged or PledgeOutcomeKind.Replayed)
        {
            throw new ArgumentException($"{kind} is not a refusal.", nameof(kind));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        return new(kind, stored, remaining, rule);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Pledge?.Id} {Rule}";
}
