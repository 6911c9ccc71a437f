using Ksbb.Ledger.Households;
using NodaTime;

namespace Ksbb.Ledger;

/// <summary>Settings of a <see cref="ReservationLedger"/>.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record LedgerOptions
{
    /// <summary>Gets the clock for reservation times and expiry (required; use a fake clock in tests).</summary>
    public required IClock Clock { get; init; }

    /// <summary>Gets how long a reservation counts without being delivered. Default 7 days; must be positive.</summary>
    public Duration ReservationLifetime { get; init; } = Duration.FromDays(7);

    /// <summary>Gets the keyed hasher for household identifiers, or <see langword="null"/> when deliveries may not name households.</summary>
    public HouseholdHasher? Households { get; init; }

    /// <summary>Gets what counts as the same benefit for household deduplication. Default <see cref="BenefitClassRule.Programme"/>.</summary>
    public BenefitClassRule BenefitClass { get; init; } = BenefitClassRule.Programme;
}
