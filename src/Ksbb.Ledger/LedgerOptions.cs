using Ksbb.Ledger.Households;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
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

    /// <summary>Gets how many days after a need's period a planned delivery date may lie (default 31): a commitment
    /// planned later is refused naming <see cref="LedgerRule.DeliverByOutOfRange"/>.</summary>
    public Period DeliveryGrace { get; init; } = Period.FromDays(31);

    /// <summary>Gets the keyed hasher for household identifiers, or <see langword="null"/> when deliveries may not name households.</summary>
    public HouseholdHasher? Households { get; init; }

    /// <summary>Gets what counts as the same benefit for household deduplication. Default <see cref="BenefitClassRule.Programme"/>.</summary>
    public BenefitClassRule BenefitClass { get; init; } = BenefitClassRule.Programme;

    /// <summary>
    /// Gets the programme catalogue whose rules are in force: only its items are pledged, reserved and delivered, only
    /// while their programme is open, for periods within its dates, in the areas and to the beneficiaries its rules
    /// allow; reserving an item reserves its bundled items too. Default <see cref="ProgrammeCatalog.Default"/>.
    /// </summary>
    public ProgrammeCatalog Catalog { get; init; } = ProgrammeCatalog.Default;

    /// <summary>
    /// Gets the area lists the catalogue's area rules name (for example <c>cap-2019</c>, the RWs of the Community Action
    /// Plan 2019). Default none: then every reservation of an item with an area rule is refused, since no unit can be
    /// shown to qualify. Names must be distinct.
    /// </summary>
    public IReadOnlyList<AreaList> AreaLists { get; init; } = [];

    /// <summary>
    /// Gets the directory answering which roles and registrations a delivery's named beneficiaries hold, or
    /// <see langword="null"/> for none: then deliveries of items with role or registration rules (student and teacher
    /// devices, UMKM help) are refused, since no beneficiary can be shown to qualify. Default <see langword="null"/>.
    /// </summary>
    public IBeneficiaryDirectory? Beneficiaries { get; init; }
}
