namespace Ksbb.Ledger;

/// <summary>The answer to setting needs as an actor: applied (with one change per need), or refused by a rule (nothing changed).</summary>
/// <remarks>Immutable; thread-safe. Create with the static factories.</remarks>
public sealed class NeedsOutcome
{
    private readonly NeedChange[] _changes;

    private NeedsOutcome(NeedChange[] changes, string? rule, string? ruleName)
    {
        _changes = changes;
        Rule = rule;
        RuleName = ruleName;
    }

    /// <summary>Gets a value indicating whether the needs were set.</summary>
    public bool Succeeded => RuleName is null;

    /// <summary>Gets one change per need, in request order (empty when refused).</summary>
    public IReadOnlyList<NeedChange> Changes => _changes;

    /// <summary>Gets, when refused, one sentence naming the rule and the facts (it starts with <see cref="RuleName"/>); otherwise <see langword="null"/>.</summary>
    public string? Rule { get; }

    /// <summary>Gets, when refused, the rule's name (for example <see cref="LedgerRules.OperatorRoleRequired"/>); otherwise <see langword="null"/>.</summary>
    public string? RuleName { get; }

    /// <summary>Creates an applied outcome.</summary>
    /// <param name="changes">One change per need.</param>
    /// <returns>The outcome.</returns>
    public static NeedsOutcome Applied(IEnumerable<NeedChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new([.. changes], null, null);
    }

    /// <summary>Creates a refusal.</summary>
    /// <param name="ruleName">The rule's name, for example <c>operator-role-required</c>.</param>
    /// <param name="rule">One sentence naming the rule and the facts.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public static NeedsOutcome RuleRefused(string ruleName, string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleName);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        return new([], rule, ruleName);
    }

    /// <inheritdoc/>
    public override string ToString() => Succeeded ? $"{_changes.Length} needs set" : $"refused: {Rule}";
}
