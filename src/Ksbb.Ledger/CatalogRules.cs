using System.Globalization;
using Ksbb.Ledger.Households;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Ledger;

/// <summary>A refusal by a rule: its name (one of <see cref="LedgerRules"/>) and the sentence, which starts with the name.</summary>
/// <summary>
/// The catalogue's rules as the ledger applies them, in one place: the item must be in the catalogue, its programme open
/// on the day of the request and its dates must cover the period (pledge, reserve); the unit must satisfy the
/// programme's and item's area rules (reserve); every named beneficiary must satisfy the role and registration rules
/// (deliver); a closed programme takes no deliveries. Immutable and thread-safe.
/// </summary>
internal sealed class CatalogRules
{
    private readonly ProgrammeCatalog _catalog;
    private readonly EligibilityEvaluator _evaluator;
    private readonly IBeneficiaryDirectory? _directory;

    public CatalogRules(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Catalog, "options.Catalog");
        ArgumentNullException.ThrowIfNull(options.AreaLists, "options.AreaLists");
        _catalog = options.Catalog;
        _evaluator = new EligibilityEvaluator(options.Catalog, options.AreaLists);
        _directory = options.Beneficiaries;
    }

    /// <summary>The items reserved and delivered along with <paramref name="item"/> (empty for an item not in the catalogue).</summary>
    public IReadOnlyList<ItemCode> Bundles(ItemCode item) => _catalog.TryGetItem(item, out var found, out _) ? found.Bundles : [];

    /// <summary>The rules of a pledge: a catalogue item whose programme is open today, for a period within its dates.</summary>
    public LedgerRefusal? CheckPledge(ItemCode item, DistributionPeriod period, Instant now) => CheckOpen(item, period, now, "pledged", out _, out _);

    /// <summary>The rules of a reservation: those of a pledge, then the area rules for the need's unit.</summary>
    public LedgerRefusal? CheckReserve(NeedKey need, Instant now)
    {
        if (CheckOpen(need.Item, need.Period, now, "reserved", out _, out _) is { } refusal)
        {
            return refusal;
        }

        var failure = _evaluator.Evaluate(need.Item, Beneficiary.Create(need.Unit)).Failures.FirstOrDefault(f => f.Rule == "area-list");
        return failure is null ? null : LedgerRefusal.Create(LedgerRule.AreaNotEligible, $"{need.Item} may be reserved only where its programme's area list allows: {failure.Message}.", need.Unit);
    }

    /// <summary>
    /// The rules of a delivery: the programme is not closed (nor otherwise shut) today, and, when the item has role or
    /// registration rules, the delivery names its beneficiaries and every one of them qualifies.
    /// </summary>
    public LedgerRefusal? CheckDeliver(NeedKey need, IReadOnlyList<HouseholdId> beneficiaries, Instant now)
    {
        if (CheckOpen(need.Item, null, now, "delivered", out var item, out var programme) is { } refusal)
        {
            return refusal;
        }

        var personal = programme!.Rules.Concat(item!.Rules).Where(r => r is RoleRule or RegistrationRule).ToArray();
        if (personal.Length == 0)
        {
            return null;
        }

        var needs = string.Join(" and ", personal.Select(r => r.ToString()));
        if (beneficiaries.Count == 0)
        {
            return LedgerRefusal.Create(LedgerRule.BeneficiaryNotEligible, $"{need.Item} goes only to beneficiaries with {needs}; the delivery names none (name them as nik:/kk: identifiers).", need.Unit, "households");
        }

        if (_directory is null)
        {
            return LedgerRefusal.Create(LedgerRule.BeneficiaryNotEligible, $"{need.Item} goes only to beneficiaries with {needs}; the ledger has no beneficiary directory to show that the named ones qualify.", need.Unit, "households");
        }

        for (var i = 0; i < beneficiaries.Count; i++)
        {
            // Identifiers are personal data: messages name the beneficiary by its position only.
            var found = _directory.Find(beneficiaries[i].Tagged, need.Unit);
            if (found is null)
            {
                return LedgerRefusal.Create(LedgerRule.BeneficiaryNotEligible, $"{need.Item} goes only to beneficiaries with {needs}; beneficiary #{i + 1} is not in the beneficiary directory.", need.Unit, $"households[{i}]");
            }

            var failure = _evaluator.Evaluate(need.Item, found).Failures.FirstOrDefault(f => f.Rule is "role" or "registration");
            if (failure is not null)
            {
                return LedgerRefusal.Create(LedgerRule.BeneficiaryNotEligible, $"beneficiary #{i + 1}: {failure.Message}.", need.Unit, $"households[{i}]");
            }
        }

        return null;
    }

    private LedgerRefusal? CheckOpen(ItemCode item, DistributionPeriod? period, Instant now, string verb, out CatalogItem? found, out Programme? programme)
    {
        if (!_catalog.TryGetItem(item, out found, out programme))
        {
            return LedgerRefusal.Create(LedgerRule.ItemNotInCatalogue, $"only items of the programme catalogue are {verb}: {item} is not one of them (catalogue programmes: {_catalog}).");
        }

        var today = now.InZone(DistributionPeriod.Zone).Date;
        var status = ProgrammeCatalog.GetStatusCode(programme.Status);
        if (programme.Status == ProgrammeStatus.Closed || (programme.IsOpen && programme.OpenUntil is { } until && today > until))
        {
            return LedgerRefusal.Create(LedgerRule.ProgrammeClosed, $"a closed programme's items are not {verb}: programme {programme.Code} is {(programme.Status == ProgrammeStatus.Closed ? "closed" : "open only until " + Date(programme.OpenUntil!.Value))}, and today is {Date(today)} (Asia/Jakarta).");
        }

        if (!programme.IsOpen)
        {
            return LedgerRefusal.Create(LedgerRule.ProgrammeNotOpen, $"only an open programme's items are {verb}: programme {programme.Code} is {status}.");
        }

        if (programme.OpenedOn is { } opened && today < opened)
        {
            return LedgerRefusal.Create(LedgerRule.ProgrammeNotOpen, $"only an open programme's items are {verb}: programme {programme.Code} opens on {Date(opened)}, and today is {Date(today)} (Asia/Jakarta).");
        }

        if (period is { } p && !programme.Covers(p))
        {
            return LedgerRefusal.Create(LedgerRule.PeriodOutsideProgramme, $"a period must lie within its programme's dates: {p} is outside programme {programme.Code}'s (open from {(programme.OpenedOn is { } o ? Date(o) : "its start")} until {(programme.OpenUntil is { } u ? Date(u) : "further notice")}).");
        }

        return null;
    }

    private static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
