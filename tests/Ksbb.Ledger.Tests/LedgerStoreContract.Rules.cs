using Ksbb.Ledger.Households;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;
using static Ksbb.Ledger.Tests.TestActors;

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
        await ledger.RecordCollaboratorsAsync(Donors);
        if (needs.Length > 0)
        {
            await ledger.SetNeedsAsync(SetUp, needs.Select(n => new KeyValuePair<NeedKey, long>(n.Key, n.Need)));
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
        Assert.Equal(LedgerOutcomeKind.Refused, reserve.Kind);
        Assert.Equal(LedgerRule.ItemNotInCatalogue, reserve.Rule);
        Assert.StartsWith("item-not-in-catalogue: ", reserve.Message, StringComparison.Ordinal);
        Assert.Equal(new NeedState(fruit, 10, 0, 0), await ledger.GetNeedAsync(fruit));

        var pledge = await ledger.PledgeAsync(Actor("donor-a"), fruit.Item, fruit.Period, 5, Key("p1"));
        Assert.Equal(LedgerOutcomeKind.Refused, pledge.Kind);
        Assert.Equal(LedgerRule.ItemNotInCatalogue, pledge.Rule);
    }

    [Fact]
    public async Task Rules_ProgrammeDates_RefusePledgeAndReserveOutsideThem_AndDeliveryAfterClosing()
    {
        var need = Need("31.71.01.1001.005.003", "uji.paket");
        var (clock, ledger) = await RulesLedgerAsync(Start, o => o with { Catalog = ShortProgramme(), ReservationLifetime = Duration.FromDays(14) }, (need, 10));
        var held = await ledger.ReserveAsync("donor-a", need, 2, "k1");
        Assert.Equal(LedgerOutcomeKind.Applied, held.Kind);

        // A period wholly before the programme opened.
        var april = need with { Period = DistributionPeriod.Parse("2020-04") };
        await ledger.SetNeedAsync(SetUp, april, 5);
        var early = await ledger.ReserveAsync("donor-a", april, 1, "k2");
        Assert.Equal(LedgerRule.PeriodOutsideProgramme, early.Rule);
        Assert.Equal(LedgerRule.PeriodOutsideProgramme, (await ledger.PledgeAsync(Actor("donor-a"), april.Item, april.Period, 1, Key("p0"))).Rule);

        // After its last open day: no pledge, no reservation, and the held reservation is not delivered.
        clock.Reset(Instant.FromUtc(2020, 5, 11, 1, 0));
        var late = await ledger.ReserveAsync("donor-a", need, 1, "k3");
        Assert.Equal(LedgerOutcomeKind.Refused, late.Kind);
        Assert.Equal(LedgerRule.ProgrammeClosed, late.Rule);
        Assert.Contains("2020-05-10", late.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerRule.ProgrammeClosed, (await ledger.PledgeAsync(Actor("donor-a"), need.Item, need.Period, 1, Key("p1"))).Rule);

        // A retry of the reservation made while it was open is answered as before, not refused by today's rule.
        var retry = await ledger.ReserveAsync("donor-a", need, 2, "k1");
        Assert.Equal((LedgerOutcomeKind.Replayed, held.Reservation!.Id), (retry.Kind, retry.Reservation!.Id));
        var deliver = await ledger.DeliverAsOwnerAsync(held.Reservation!.Id);
        Assert.Equal(LedgerOutcomeKind.Refused, deliver.Kind);
        Assert.Equal(LedgerRule.ProgrammeClosed, deliver.Rule);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(held.Reservation.Id))!.Status);
        Assert.Equal(new NeedState(need, 10, 2, 0), await ledger.GetNeedAsync(need));
    }

    [Fact]
    public async Task Rules_ProgrammeNotOpen_ByStatusOrBeforeItsOpening_IsRefused()
    {
        var need = Need("31.71.01.1001.005.003", "uji.paket");
        var (_, closed) = await RulesLedgerAsync(Start, o => o with { Catalog = ShortProgramme("closed") }, (need, 10));
        Assert.Equal(LedgerRule.ProgrammeClosed, (await closed.ReserveAsync("donor-a", need, 1, "k1")).Rule);
        var (_, discussed) = await RulesLedgerAsync(Start, o => o with { Catalog = ShortProgramme("under-discussion") }, (need, 10));
        Assert.Equal(LedgerRule.ProgrammeNotOpen, (await discussed.ReserveAsync("donor-a", need, 1, "k1")).Rule);

        // KSBB Pendidikan opened on 26 November 2020: in May it takes nothing.
        var tablet = Need("31.71.01.1001.005.003", "pendidikan.tablet", "2020-12");
        var (_, may) = await RulesLedgerAsync(Start, null, (tablet, 10));
        var refused = await may.PledgeAsync(Actor("donor-a"), tablet.Item, tablet.Period, 3, Key("p1"));
        Assert.Equal(LedgerOutcomeKind.Refused, refused.Kind);
        Assert.Equal(LedgerRule.ProgrammeNotOpen, refused.Rule);
        Assert.Contains("2020-11-26", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_AreaList_PenataanPermukimanOnlyInListedRwsWithTheItemRecorded()
    {
        var cap = AreaList.Create("cap-2019", [AreaListEntry.Create(CapRw, [ItemCode.Parse("permukiman.sanitasi")])]);
        var listed = Need("31.71.01.1001.005.003", "permukiman.sanitasi");
        var notRecorded = Need("31.71.01.1001.005.003", "permukiman.penghijauan");
        var outside = Need("31.71.01.1001.006.001", "permukiman.sanitasi");
        var (_, ledger) = await RulesLedgerAsync(Start, o => o with { AreaLists = [cap] }, (listed, 2), (notRecorded, 2), (outside, 2));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-a", listed, 1, "k1")).Kind);
        var other = await ledger.ReserveAsync("donor-a", notRecorded, 1, "k2");
        Assert.Equal(LedgerRule.AreaNotEligible, other.Rule);
        Assert.Contains("records permukiman.sanitasi", other.Message, StringComparison.Ordinal);
        var away = await ledger.ReserveAsync("donor-a", outside, 1, "k3");
        Assert.Equal(LedgerOutcomeKind.Refused, away.Kind);
        Assert.Equal(LedgerRule.AreaNotEligible, away.Rule);
        Assert.Equal(new NeedState(outside, 2, 0, 0), await ledger.GetNeedAsync(outside));

        // Without the list, no unit can qualify.
        var (_, bare) = await RulesLedgerAsync(Start, null, (listed, 2));
        Assert.Equal(LedgerRule.AreaNotEligible, (await bare.ReserveAsync("donor-a", listed, 1, "k1")).Rule);
    }

    [Fact]
    public async Task Rules_Beneficiaries_EachNamedOneMustHoldTheItemsRoleOrRegistration()
    {
        var laptop = Need("31.71.01.1001.005.003", "pendidikan.laptop", "2020-12");
        var modal = Need("31.71.01.1001.005.003", "umkm.permodalan", "2020-12");
        var (_, ledger) = await RulesLedgerAsync(December, o => o with { Beneficiaries = Directory() }, (laptop, 10), (modal, 10));
        var id = (await ledger.ReserveAsync("donor-a", laptop, 2, "k1")).Reservation!.Id;

        var none = await ledger.DeliverAsOwnerAsync(id);
        Assert.Equal(LedgerOutcomeKind.Refused, none.Kind);
        Assert.Equal(LedgerRule.BeneficiaryNotEligible, none.Rule);
        var student = await ledger.DeliverAsOwnerAsync(id, [Teacher, Student]);
        Assert.Equal(LedgerRule.BeneficiaryNotEligible, student.Rule);
        Assert.Contains("beneficiary #2", student.Message, StringComparison.Ordinal);
        Assert.Contains("pendidik", student.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("3171014107800001", student.Message, StringComparison.Ordinal);
        var unknown = await ledger.DeliverAsOwnerAsync(id, [Stranger]);
        Assert.Contains("not in the beneficiary directory", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(id))!.Status);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(id, [Teacher])).Kind);
        Assert.Equal(LedgerOutcomeKind.Unchanged, (await ledger.DeliverAsOwnerAsync(id)).Kind); // a retry of a delivery made

        // KSBB UMKM: only Jakpreneur members.
        var m = (await ledger.ReserveAsync("donor-a", modal, 1, "k2")).Reservation!.Id;
        Assert.Equal(LedgerRule.BeneficiaryNotEligible, (await ledger.DeliverAsOwnerAsync(m, [Teacher])).Rule);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(m, [Umkm])).Kind);

        // Without a directory, nobody can be shown to qualify; items without such rules are unaffected.
        var (_, bare) = await RulesLedgerAsync(December, null, (laptop, 10), (Need("31.71.01.1001.005.003", period: "2020-12"), 10));
        var b = (await bare.ReserveAsync("donor-a", laptop, 1, "k1")).Reservation!.Id;
        Assert.Contains("no beneficiary directory", (await bare.DeliverAsOwnerAsync(b, [Teacher])).Message, StringComparison.Ordinal);
        var food = (await bare.ReserveAsync("donor-a", Need("31.71.01.1001.005.003", period: "2020-12"), 1, "k2")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await bare.DeliverAsOwnerAsync(food, [Stranger])).Kind);
    }

    [Fact]
    public async Task Rules_Bundle_StudentDeviceReservesAndDeliversItsKartuInternetBelajar_OrNothing()
    {
        var phone = Need("31.71.01.1001.005.003", "pendidikan.smartphone", "2020-12");
        var card = phone with { Item = ItemCode.Parse("pendidikan.kartu-internet-belajar") };
        var (_, ledger) = await RulesLedgerAsync(December, o => o with { Beneficiaries = Directory() }, (phone, 10), (card, 4));
        var held = await ledger.ReserveAsync("donor-a", phone, 3, "k1");
        Assert.Equal(LedgerOutcomeKind.Applied, held.Kind);
        Assert.Equal(new NeedState(card, 4, 3, 0), await ledger.GetNeedAsync(card));

        // A retry is a replay of both, nothing counted twice; another donor's call under the same key is a key conflict.
        Assert.Equal(LedgerOutcomeKind.Replayed, (await ledger.ReserveAsync("donor-a", phone, 3, "k1")).Kind);
        Assert.Equal(LedgerRule.KeyConflict, (await ledger.ReserveAsync("donor-b", phone, 3, "k1")).Rule);
        Assert.Equal(new NeedState(card, 4, 3, 0), await ledger.GetNeedAsync(card));

        // Only 1 card remains: 2 more phones are refused, and neither need changes.
        var more = await ledger.ReserveAsync("donor-a", phone, 2, "k2");
        Assert.Equal(LedgerOutcomeKind.Refused, more.Kind);
        Assert.Equal(LedgerRule.BundleNotAvailable, more.Rule);
        Assert.Contains("pendidikan.kartu-internet-belajar", more.Message, StringComparison.Ordinal);
        Assert.Equal(new NeedState(phone, 10, 3, 0), await ledger.GetNeedAsync(phone));
        Assert.Equal(new NeedState(card, 4, 3, 0), await ledger.GetNeedAsync(card));

        // Delivering the phones delivers the cards; households are claimed once, on the device.
        var delivered = await ledger.DeliverAsOwnerAsync(held.Reservation!.Id, [Student], 2);
        Assert.Equal(LedgerOutcomeKind.Applied, delivered.Kind);
        Assert.Equal(new NeedState(card, 4, 0, 2), await ledger.GetNeedAsync(card));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);

        // Releasing a phone reservation releases its cards.
        var other = (await ledger.ReserveAsync("donor-b", phone, 1, "k3")).Reservation!.Id;
        Assert.Equal(new NeedState(card, 4, 1, 2), await ledger.GetNeedAsync(card));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReleaseAsOwnerAsync(other)).Kind);
        Assert.Equal(new NeedState(card, 4, 0, 2), await ledger.GetNeedAsync(card));

        // Without a card need, the device is refused naming the bundle.
        var (_, bare) = await RulesLedgerAsync(December, null, (phone, 10));
        var lone = await bare.ReserveAsync("donor-a", phone, 1, "k1");
        Assert.Equal(LedgerRule.BundleNotAvailable, lone.Rule);
        Assert.Contains("no need", lone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_ReserveWithoutPledge_ByAnUnrecordedCollaborator_IsRefused_WhetherOrNotOthersAreRecorded()
    {
        var (_, _, ledger) = await NewEmptyLedgerAsync();
        await ledger.SetNeedAsync(SetUp, Gambir5x3, 10);
        var alone = await ledger.ReserveAsync("walk-in", Gambir5x3, 1, "k1");
        Assert.Equal("collaborator", AssertRefused(LedgerRule.CollaboratorNotRecorded, alone).Field);
        await ledger.SetCollaboratorsAsync(SetUp, [Kolaborator("baznas", "BAZNAS DKI", "lsm-oms-pbb-universitas")]);
        var refused = await ledger.ReserveAsync("walk-in", Gambir5x3, 1, "k2");
        AssertRefused(LedgerRule.CollaboratorNotRecorded, refused);
        Assert.Contains("no record", refused.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("baznas", Gambir5x3, 1, "k3")).Kind);
        Assert.Equal(new NeedState(Gambir5x3, 10, 1, 0), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Rules_SetNeedsAsAnActor_NeedsAnOperatorRoleCoveringTheUnit_OnceRolesAreRecorded()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var ops = CollaboratorId.Parse("ops-1");
        Assert.True((await ledger.SetNeedsAsync(LedgerActor.Of(ops), [new(Gambir5x3, 11)])).Succeeded);
        await ledger.SetRolesAsync(SetUp, [RoleGrant.Operator(ops, RegionCode.Parse("31.71.01.1001.005")), RoleGrant.Verifier(CollaboratorId.Parse("lurah"), RegionCode.Parse("31.71"))]);

        var verifier = await ledger.SetNeedsAsync(Actor("lurah"), [new(Gambir5x3, 12)]);
        Assert.False(verifier.Succeeded);
        Assert.Equal(LedgerRule.OperatorRoleRequired, verifier.Rule);
        Assert.Empty(verifier.Changes);
        var outside = await ledger.SetNeedsAsync(LedgerActor.Of(ops), [new(Gambir5x3, 12), new(Gambir6x1, 3)]);
        Assert.Equal(LedgerRule.OperatorRoleRequired, outside.Rule);
        Assert.Contains("31.71.01.1001.006.001", outside.Message, StringComparison.Ordinal);
        Assert.Equal(11, (await ledger.GetNeedAsync(Gambir5x3))!.Need);
        Assert.Null(await ledger.GetNeedAsync(Gambir6x1));

        var applied = await ledger.SetNeedsAsync(LedgerActor.Of(ops), [new(Gambir5x3, 12)]);
        Assert.True(applied.Succeeded);
        Assert.Equal(12, Assert.Single(applied.Changes).After.Need);
    }
}
