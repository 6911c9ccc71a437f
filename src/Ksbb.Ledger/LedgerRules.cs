using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Ledger;

/// <summary>The stable names of the ledger's rules (<see cref="LedgerRule"/>), as printed and served.</summary>
public static class LedgerRules
{
    private static readonly FrozenDictionary<LedgerRule, string> Names = new Dictionary<LedgerRule, string>
    {
        [LedgerRule.NotEnoughRemaining] = "not-enough-remaining",
        [LedgerRule.NeedNotFound] = "need-not-found",
        [LedgerRule.KeyConflict] = "idempotency-key-conflict",
        [LedgerRule.NoLongerHeld] = "no-longer-held",
        [LedgerRule.CollaboratorNotRecorded] = "collaborator-not-recorded",
        [LedgerRule.CollaboratorNotActive] = "collaborator-not-active",
        [LedgerRule.PledgeNotFound] = "pledge-not-found",
        [LedgerRule.PledgeMismatch] = "pledge-mismatch",
        [LedgerRule.PledgeExceeded] = "pledge-exceeded",
        [LedgerRule.AggregatorNotFound] = "aggregator-not-found",
        [LedgerRule.AggregatorCapacityExceeded] = "aggregator-capacity-exceeded",
        [LedgerRule.AggregatorDoesNotServeUnit] = "aggregator-does-not-serve-unit",
        [LedgerRule.ReservationNotFound] = "reservation-not-found",
        [LedgerRule.InvalidTransition] = "invalid-transition",
        [LedgerRule.HouseholdAlreadyServed] = "household-already-served",
        [LedgerRule.ActorNotPermitted] = "actor-not-permitted",
        [LedgerRule.VerifierRoleRequired] = "verifier-role-required",
        [LedgerRule.OperatorRoleRequired] = "operator-role-required",
        [LedgerRule.NeedPeriodOverlap] = "need-period-overlap",
        [LedgerRule.DeliverByOutOfRange] = "deliver-by-out-of-range",
        [LedgerRule.ItemNotInCatalogue] = "item-not-in-catalogue",
        [LedgerRule.ProgrammeNotOpen] = "programme-not-open",
        [LedgerRule.ProgrammeClosed] = "programme-closed",
        [LedgerRule.PeriodOutsideProgramme] = "period-outside-programme",
        [LedgerRule.AreaNotEligible] = "area-not-eligible",
        [LedgerRule.BeneficiaryNotEligible] = "beneficiary-not-eligible",
        [LedgerRule.BundleNotAvailable] = "bundle-not-available",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, LedgerRule> ByName = Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Gets every rule, in declaration order.</summary>
    public static IReadOnlyList<LedgerRule> All { get; } = [.. Enum.GetValues<LedgerRule>().Where(r => r != LedgerRule.None)];

    /// <summary>Gives a rule's stable kebab-case name (for example <c>need-period-overlap</c>).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is <see cref="LedgerRule.None"/> or not a rule.</exception>
    public static string Name(LedgerRule rule) =>
        Names.TryGetValue(rule, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a ledger rule.");

    /// <summary>Finds a rule by its name.</summary>
    /// <param name="name">The kebab-case name.</param>
    /// <param name="rule">The rule, when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a rule.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out LedgerRule rule)
    {
        rule = LedgerRule.None;
        return name is not null && ByName.TryGetValue(name, out rule);
    }
}
