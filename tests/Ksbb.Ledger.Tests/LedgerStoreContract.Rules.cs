using Ksbb.Ledger.Households;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;

namespace Ksbb.Ledger.Tests;

// The catalogue's rules in force: programme status and dates, area lists, beneficiaries, bundles; who reserves and who sets needs.
public abstract partial class LedgerStoreContract
{
    // KSBB Pendidikan opened on 26 November 2020: the device rules are exercised in December.
    private static readonly Instant December = Instant.FromUtc(2020, 12, 1, 2, 0);
    private static readonly RegionCode CapRw = RegionCode.Parse("31.71.01.1001.005");
    private static readonly HouseholdId Student = HouseholdId.Parse("3171014107800001", HouseholdIdKind.Nik);
    private static readonly HouseholdId Teacher = HouseholdId.Parse("3171010101900002", HouseholdIdKind.Nik);
    private static readonly HouseholdId Umkm = HouseholdId.Parse("3171010203040506", HouseholdIdKind.Kk);
    private static readonly HouseholdId Stranger = HouseholdId.Parse("3171015203850003", HouseholdIdKind.Nik);

    private async Task<(FakeClock Clock, ReservationLedger Ledger)> RulesLedgerAsync(Instant start, Func<LedgerOptions, LedgerOptions>? configure, params (NeedKey Key, long Need)[] needs)
    {
        var store = await CreateStoreAsync();
        var clock = new FakeClock(start, Duration.FromMilliseconds(1));
        var options = new LedgerOptions { Clock = clock, ReservationLifetime = Duration.FromDays(3), Households = HouseholdHasher.Create(HouseholdKey) };
        var ledger = ReservationLedger.Create(store, configure?.Invoke(options) ?? options);
        if (needs.Length > 0)
        {
            await ledger.SetNeedsAsync(needs.Select(n => new KeyValuePair<NeedKey, long>(n.Key, n.Need)));
        }

        return (clock, ledger);
    }

    private static BeneficiaryDirectory Directory() => BeneficiaryDirectory.Read(new StringReader("""
        beneficiary,role,registration
        nik:3171014107800001,peserta-didik,
        nik:3171010101900002,pendidik,
        kk:3171010203040506,,jakpreneur
        """));

    // A catalogue whose programme "uji" is open from 1 to 10 May 2020.
    private static ProgrammeCatalog ShortProgramme(string status = "open") => ProgrammeCatalog.Default.With(ProgrammeCatalog.Parse($$"""
        { "schema": "ksbb.catalog/1", "programmes": [ { "code": "uji", "name": { "id": "Uji", "en": "Test" }, "status": "{{status}}",
          "openedOn": "2020-05-01", "openUntil": "2020-05-10",
          "items": [ { "code": "uji.paket", "name": { "id": "Paket", "en": "Package" }, "unit": "paket", "unitName": { "id": "paket", "en": "package" }, "recipient": "keluarga" } ] } ] }
        """));

    [Fact]
    public async Task Rules_ItemNotInCatalogue_IsRefusedAtPledgeAndReserve_NamingTheRule()
    {
        var fruit = Need("31.71.01.1001.005.003", "pangan.buah");
        var (_, ledger) = await RulesLedgerAsync(Start, null, (fruit, 10));
        var reserve = await ledger.ReserveAsync("donor-a", fruit, 1, "k1");
        Assert.Equal(ReserveOutcomeKind.RuleRefused, reserve.Kind);
        Assert.Equal(LedgerRules.ItemNotInCatalogue, reserve.RuleName);
        Assert.StartsWith("item-not-in-catalogue: ", reserve.Rule, StringComparison.Ordinal);
        Assert.Equal(new NeedState(fruit, 10, 0, 0), await ledger.GetNeedAsync(fruit));

        var pledge = await ledger.PledgeAsync(CollaboratorId.Parse("donor-a"), fruit.Item, fruit.Period, 5, "p1");
        Assert.Equal(PledgeOutcomeKind.RuleRefused, pledge.Kind);
        Assert.Equal(LedgerRules.ItemNotInCatalogue, pledge.RuleName);
    }

    [Fact]
    public async Task Rules_ProgrammeDates_RefusePledgeAndReserveOutsideThem_AndDeliveryAfterClosing()
    {
        var need = Need("31.71.01.1001.005.003", "uji.paket");
        var (clock, ledger) = await RulesLedgerAsync(Start, o => o with { Catalog = ShortProgramme(), ReservationLifetime = Duration.FromDays(14) }, (need, 10));
        var held = await ledger.ReserveAsync("donor-a", need, 2, "k1");
        Assert.Equal(ReserveOutcomeKind.Reserved, held.Kind);

        // A period wholly before the programme opened.
        var april = need with { Period = DistributionPeriod.Parse("2020-04") };
        await ledger.SetNeedAsync(april, 5);
        var early = await ledger.ReserveAsync("donor-a", april, 1, "k2");
        Assert.Equal(LedgerRules.PeriodOutsideProgramme, early.RuleName);
        Assert.Equal(LedgerRules.PeriodOutsideProgramme, (await ledger.PledgeAsync(CollaboratorId.Parse("donor-a"), april.Item, april.Period, 1, "p0")).RuleName);

        // After its last open day: no pledge, no reservation, and the held reservation is not delivered.
        clock.Reset(Instant.FromUtc(2020, 5, 11, 1, 0));
        var late = await ledger.ReserveAsync("donor-a", need, 1, "k3");
        Assert.Equal(ReserveOutcomeKind.RuleRefused, late.Kind);
        Assert.Equal(LedgerRules.ProgrammeClosed, late.RuleName);
        Assert.Contains("2020-05-10", late.Rule, StringComparison.Ordinal);
        Assert.Equal(LedgerRules.ProgrammeClosed, (await ledger.PledgeAsync(CollaboratorId.Parse("donor-a"), need.Item, need.Period, 1, "p1")).RuleName);

        // A retry of the reservation made while it was open is answered as before, not refused by today's rule.
        var retry = await ledger.ReserveAsync("donor-a", need, 2, "k1");
        Assert.Equal((ReserveOutcomeKind.Replayed, held.Reservation!.Id), (retry.Kind, retry.Reservation!.Id));
        var deliver = await ledger.DeliverAsync(held.Reservation!.Id);
        Assert.Equal(TransitionOutcomeKind.RuleRefused, deliver.Kind);
        Assert.Equal(LedgerRules.ProgrammeClosed, deliver.RuleName);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(held.Reservation.Id))!.Status);
        Assert.Equal(new NeedState(need, 10, 2, 0), await ledger.GetNeedAsync(need));
    }

    [Fact]
    public async Task Rules_ProgrammeNotOpen_ByStatusOrBeforeItsOpening_IsRefused()
    {
        var need = Need("31.71.01.1001.005.003", "uji.paket");
        var (_, closed) = await RulesLedgerAsync(Start, o => o with { Catalog = ShortProgramme("closed") }, (need, 10));
        Assert.Equal(LedgerRules.ProgrammeClosed, (await closed.ReserveAsync("donor-a", need, 1, "k1")).RuleName);
        var (_, discussed) = await RulesLedgerAsync(Start, o => o with { Catalog = ShortProgramme("under-discussion") }, (need, 10));
        Assert.Equal(LedgerRules.ProgrammeNotOpen, (await discussed.ReserveAsync("donor-a", need, 1, "k1")).RuleName);

        // KSBB Pendidikan opened on 26 November 2020: in May it takes nothing.
        var tablet = Need("31.71.01.1001.005.003", "pendidikan.tablet", "2020-12");
        var (_, may) = await RulesLedgerAsync(Start, null, (tablet, 10));
        var refused = await may.PledgeAsync(CollaboratorId.Parse("donor-a"), tablet.Item, tablet.Period, 3, "p1");
        Assert.Equal(PledgeOutcomeKind.RuleRefused, refused.Kind);
        Assert.Equal(LedgerRules.ProgrammeNotOpen, refused.RuleName);
        Assert.Contains("2020-11-26", refused.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_AreaList_PenataanPermukimanOnlyInListedRwsWithTheItemRecorded()
    {
        var cap = AreaList.Create("cap-2019", [AreaListEntry.Create(CapRw, [ItemCode.Parse("permukiman.sanitasi")])]);
        var listed = Need("31.71.01.1001.005.003", "permukiman.sanitasi");
        var notRecorded = Need("31.71.01.1001.005.003", "permukiman.penghijauan");
        var outside = Need("31.71.01.1001.006.001", "permukiman.sanitasi");
        var (_, ledger) = await RulesLedgerAsync(Start, o => o with { AreaLists = [cap] }, (listed, 2), (notRecorded, 2), (outside, 2));
        Assert.Equal(ReserveOutcomeKind.Reserved, (await ledger.ReserveAsync("donor-a", listed, 1, "k1")).Kind);
        var other = await ledger.ReserveAsync("donor-a", notRecorded, 1, "k2");
        Assert.Equal(LedgerRules.AreaNotEligible, other.RuleName);
        Assert.Contains("records permukiman.sanitasi", other.Rule, StringComparison.Ordinal);
        var away = await ledger.ReserveAsync("donor-a", outside, 1, "k3");
        Assert.Equal(ReserveOutcomeKind.RuleRefused, away.Kind);
        Assert.Equal(LedgerRules.AreaNotEligible, away.RuleName);
        Assert.Equal(new NeedState(outside, 2, 0, 0), await ledger.GetNeedAsync(outside));

        // Without the list, no unit can qualify.
        var (_, bare) = await RulesLedgerAsync(Start, null, (listed, 2));
        Assert.Equal(LedgerRules.AreaNotEligible, (await bare.ReserveAsync("donor-a", listed, 1, "k1")).RuleName);
    }

    [Fact]
    public async Task Rules_Beneficiaries_EachNamedOneMustHoldTheItemsRoleOrRegistration()
    {
        var laptop = Need("31.71.01.1001.005.003", "pendidikan.laptop", "2020-12");
        var modal = Need("31.71.01.1001.005.003", "umkm.permodalan", "2020-12");
        var (_, ledger) = await RulesLedgerAsync(December, o => o with { Beneficiaries = Directory() }, (laptop, 10), (modal, 10));
        var id = (await ledger.ReserveAsync("donor-a", laptop, 2, "k1")).Reservation!.Id;

        var none = await ledger.DeliverAsync(id);
        Assert.Equal(TransitionOutcomeKind.RuleRefused, none.Kind);
        Assert.Equal(LedgerRules.BeneficiaryNotEligible, none.RuleName);
        var student = await ledger.DeliverAsync(id, [Teacher, Student]);
        Assert.Equal(LedgerRules.BeneficiaryNotEligible, student.RuleName);
        Assert.Contains("beneficiary #2", student.Message, StringComparison.Ordinal);
        Assert.Contains("pendidik", student.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("3171014107800001", student.Message, StringComparison.Ordinal);
        var unknown = await ledger.DeliverAsync(id, [Stranger]);
        Assert.Contains("not in the beneficiary directory", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(id))!.Status);
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(id, [Teacher])).Kind);
        Assert.Equal(TransitionOutcomeKind.Unchanged, (await ledger.DeliverAsync(id)).Kind); // a retry of a delivery made

        // KSBB UMKM: only Jakpreneur members.
        var m = (await ledger.ReserveAsync("donor-a", modal, 1, "k2")).Reservation!.Id;
        Assert.Equal(LedgerRules.BeneficiaryNotEligible, (await ledger.DeliverAsync(m, [Teacher])).RuleName);
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(m, [Umkm])).Kind);

        // Without a directory, nobody can be shown to qualify; items without such rules are unaffected.
        var (_, bare) = await RulesLedgerAsync(December, null, (laptop, 10), (Need("31.71.01.1001.005.003", period: "2020-12"), 10));
        var b = (await bare.ReserveAsync("donor-a", laptop, 1, "k1")).Reservation!.Id;
        Assert.Contains("no beneficiary directory", (await bare.DeliverAsync(b, [Teacher])).Message, StringComparison.Ordinal);
        var food = (await bare.ReserveAsync("donor-a", Need("31.71.01.1001.005.003", period: "2020-12"), 1, "k2")).Reservation!.Id;
        Assert.Equal(TransitionOutcomeKind.Applied, (await bare.DeliverAsync(food, [Stranger])).Kind);
    }

    [Fact]
    public async Task Rules_Bundle_StudentDeviceReservesAndDeliversItsKartuInternetBelajar_OrNothing()
    {
        var phone = Need("31.71.01.1001.005.003", "pendidikan.smartphone", "2020-12");
        var card = phone with { Item = ItemCode.Parse("pendidikan.kartu-internet-belajar") };
        var (_, ledger) = await RulesLedgerAsync(December, o => o with { Beneficiaries = Directory() }, (phone, 10), (card, 4));
        var held = await ledger.ReserveAsync("donor-a", phone, 3, "k1");
        Assert.Equal(ReserveOutcomeKind.Reserved, held.Kind);
        Assert.Equal(new NeedState(card, 4, 3, 0), await ledger.GetNeedAsync(card));

        // A retry is a replay of both, nothing counted twice.
        Assert.Equal(ReserveOutcomeKind.Replayed, (await ledger.ReserveAsync("donor-a", phone, 3, "k1")).Kind);
        Assert.Equal(new NeedState(card, 4, 3, 0), await ledger.GetNeedAsync(card));

        // Only 1 card remains: 2 more phones are refused, and neither need changes.
        var more = await ledger.ReserveAsync("donor-a", phone, 2, "k2");
        Assert.Equal(ReserveOutcomeKind.RuleRefused, more.Kind);
        Assert.Equal(LedgerRules.BundleNotAvailable, more.RuleName);
        Assert.Contains("pendidikan.kartu-internet-belajar", more.Rule, StringComparison.Ordinal);
        Assert.Equal(new NeedState(phone, 10, 3, 0), await ledger.GetNeedAsync(phone));
        Assert.Equal(new NeedState(card, 4, 3, 0), await ledger.GetNeedAsync(card));

        // Delivering the phones delivers the cards; households are claimed once, on the device.
        var delivered = await ledger.DeliverAsync(held.Reservation!.Id, [Student], 2);
        Assert.Equal(TransitionOutcomeKind.Applied, delivered.Kind);
        Assert.Equal(new NeedState(card, 4, 0, 2), await ledger.GetNeedAsync(card));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);

        // Releasing a phone reservation releases its cards.
        var other = (await ledger.ReserveAsync("donor-b", phone, 1, "k3")).Reservation!.Id;
        Assert.Equal(new NeedState(card, 4, 1, 2), await ledger.GetNeedAsync(card));
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.ReleaseAsync(other)).Kind);
        Assert.Equal(new NeedState(card, 4, 0, 2), await ledger.GetNeedAsync(card));

        // Without a card need, the device is refused naming the bundle.
        var (_, bare) = await RulesLedgerAsync(December, null, (phone, 10));
        var lone = await bare.ReserveAsync("donor-a", phone, 1, "k1");
        Assert.Equal(LedgerRules.BundleNotAvailable, lone.RuleName);
        Assert.Contains("no need", lone.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_ReserveWithoutPledge_ByAnUnrecordedCollaborator_IsRefusedOnceCollaboratorsAreRecorded()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        Assert.Equal(ReserveOutcomeKind.Reserved, (await ledger.ReserveAsync("walk-in", Gambir5x3, 1, "k1")).Kind);
        await ledger.SetCollaboratorsAsync([Kolaborator("baznas", "BAZNAS DKI", "lsm-oms-pbb-universitas")]);
        var refused = await ledger.ReserveAsync("walk-in", Gambir5x3, 1, "k2");
        Assert.Equal(ReserveOutcomeKind.CollaboratorNotActive, refused.Kind);
        Assert.Contains("no record", refused.Rule, StringComparison.Ordinal);
        Assert.Equal(ReserveOutcomeKind.Reserved, (await ledger.ReserveAsync("baznas", Gambir5x3, 1, "k3")).Kind);
        Assert.Equal(new NeedState(Gambir5x3, 10, 2, 0), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Rules_SetNeedsAsAnActor_NeedsAnOperatorRoleCoveringTheUnit_OnceRolesAreRecorded()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var ops = CollaboratorId.Parse("ops-1");
        Assert.True((await ledger.SetNeedsAsync([new(Gambir5x3, 11)], ops)).Succeeded);
        await ledger.SetRolesAsync([RoleGrant.Operator(ops, RegionCode.Parse("31.71.01.1001.005")), RoleGrant.Verifier(CollaboratorId.Parse("lurah"), RegionCode.Parse("31.71"))]);

        var verifier = await ledger.SetNeedsAsync([new(Gambir5x3, 12)], CollaboratorId.Parse("lurah"));
        Assert.False(verifier.Succeeded);
        Assert.Equal(LedgerRules.OperatorRoleRequired, verifier.RuleName);
        Assert.Empty(verifier.Changes);
        var outside = await ledger.SetNeedsAsync([new(Gambir5x3, 12), new(Gambir6x1, 3)], ops);
        Assert.Equal(LedgerRules.OperatorRoleRequired, outside.RuleName);
        Assert.Contains("31.71.01.1001.006.001", outside.Rule, StringComparison.Ordinal);
        Assert.Equal(11, (await ledger.GetNeedAsync(Gambir5x3))!.Need);
        Assert.Null(await ledger.GetNeedAsync(Gambir6x1));

        var applied = await ledger.SetNeedsAsync([new(Gambir5x3, 12)], ops);
        Assert.True(applied.Succeeded);
        Assert.Equal(12, Assert.Single(applied.Changes).After.Need);
    }
}
