using System.Globalization;
using Ksbb.Model.Regions;

namespace Ksbb.Ledger;

/// <summary>
/// Why the ledger refused a command: the rule (<see cref="LedgerRule"/>), the sentence a person reads, and the facts a
/// program reads (the unit, the field of the command at fault, what remains, the limit), so that no edge parses the
/// sentence. Immutable; thread-safe.
/// </summary>
public sealed class LedgerRefusal
{
    private LedgerRefusal(LedgerRule rule, string message, RegionCode? unit, string? field, long? remaining, long? limit)
    {
        Rule = rule;
        Message = message;
        Unit = unit;
        Field = field;
        Remaining = remaining;
        Limit = limit;
    }

    /// <summary>Gets the rule.</summary>
    public LedgerRule Rule { get; }

    /// <summary>Gets the rule's stable name (<see cref="LedgerRules.Name(LedgerRule)"/>).</summary>
    public string RuleName => LedgerRules.Name(Rule);

    /// <summary>Gets the sentence for people: the rule's name, then the rule and the facts (no personal data).</summary>
    public string Message { get; }

    /// <summary>Gets the unit (RT, RW or institution) the refusal is about, when it is about one.</summary>
    public RegionCode? Unit { get; }

    /// <summary>Gets the command's field at fault (for example <c>quantity</c>, <c>pledge</c>, <c>deliverBy</c>,
    /// <c>households[2]</c>), when one is.</summary>
    public string? Field { get; }

    /// <summary>Gets what remains (of the need, the pledge, the aggregator's capacity), when the rule is about an amount.</summary>
    public long? Remaining { get; }

    /// <summary>Gets the limit the command went over (the need, the pledge, the capacity), when there is one.</summary>
    public long? Limit { get; }

    // For a household already served: the index of the household in the delivery (the ledger retries with an override).
    internal int? HouseholdIndex { get; private init; }

    internal static LedgerRefusal Household(int index, string facts, RegionCode unit) =>
        new(LedgerRule.HouseholdAlreadyServed, $"{LedgerRules.Name(LedgerRule.HouseholdAlreadyServed)}: {facts}", unit, $"households[{index}]", null, null) { HouseholdIndex = index };

    /// <summary>Creates a refusal.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="facts">The rule and facts in words (the rule's name is put before them).</param>
    /// <param name="unit">The unit it is about, or <see langword="null"/>.</param>
    /// <param name="field">The command's field at fault, or <see langword="null"/>.</param>
    /// <param name="remaining">What remains, or <see langword="null"/>.</param>
    /// <param name="limit">The limit, or <see langword="null"/>.</param>
    /// <returns>The refusal.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is not a rule.</exception>
    /// <exception cref="ArgumentException"><paramref name="facts"/> is empty.</exception>
    public static LedgerRefusal Create(LedgerRule rule, string facts, RegionCode? unit = null, string? field = null, long? remaining = null, long? limit = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(facts);
        var name = LedgerRules.Name(rule);
        var message = facts.StartsWith(name + ":", StringComparison.Ordinal) ? facts : $"{name}: {facts}";
        return new LedgerRefusal(rule, message, unit, field, remaining, limit);
    }

    /// <inheritdoc/>
    public override string ToString() => Remaining is { } r
        ? string.Create(CultureInfo.InvariantCulture, $"{Message} (remaining {r})")
        : Message;
}
