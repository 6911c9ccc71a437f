using Ksbb.Ledger.Households;
using Ksbb.Model.Catalog;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

// The one authority: who may change what, the channel rules of pledges via aggregators, and the facts every refusal
// carries. The same contract on every store.
public abstract partial class LedgerStoreContract
{
    private static readonly RegionCode GambirRw5 = RegionCode.Parse("31.71.01.1001.005");

    private static RoleGrant Grant(Func<CollaboratorId, RegionCode, RoleGrant> role, string actor, RegionCode region) => role(CollaboratorId.Parse(actor), region);

    [Fact]
    public async Task Authority_ADrawOnAPledgeViaAnAggregator_IsRefusedOutsideItsServiceAreas_AndAppliedInside()
    {
        var (_, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 100), (Gambir6x1, 100));
        await ledger.SetAggregatorsAsync(SetUp, [Aggregator.Create(AggregatorId.Parse("mitra-rw5"), "Mitra RW 5", GeoPoint.Create(106.82, -6.17), 50, [GambirRw5])]);
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1", via: "mitra-rw5")).Pledge!.Id;

        var outside = await DrawAsync(ledger, "donor-a", Gambir6x1, 2, "r1", pledge);
        var refusal = AssertRefused(LedgerRule.AggregatorDoesNotServeUnit, outside);
        Assert.Equal((Gambir6x1.Unit, "pledge"), (refusal.Unit, refusal.Field));
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir6x1))!.Reserved);

        var inside = await DrawAsync(ledger, "donor-a", Gambir5x3, 2, "r2", pledge);
        Assert.Equal(LedgerOutcomeKind.Applied, inside.Kind);
        Assert.Equal(2, (await ledger.GetPledgeAsync(pledge))!.Reserved);
    }

    [Fact]
    public async Task Authority_AggregatorCapacity_CountsPledgesOfTheSameItemInOverlappingPeriods_Only()
    {
        var (_, _, ledger) = await PledgeLedgerAsync();
        var mitra = AggregatorId.Parse("mitra-1"); // capacity 50
        var lebaran = ItemCode.Parse("pangan.paket-lebaran");
        Task<LedgerOutcome> Via(string who, ItemCode item, string period, long quantity, string key) =>
            ledger.PledgeAsync(Actor(who), item, DistributionPeriod.Parse(period), quantity, Key(key), mitra);

        var full = await Via("donor-a", Sembako, "2020-05", 50, "p1");
        Assert.Equal((LedgerOutcomeKind.Applied, 0L), (full.Kind, full.Remaining));
        var otherItem = await Via("donor-b", lebaran, "2020-05", 50, "p2");
        Assert.Equal((LedgerOutcomeKind.Applied, 0L), (otherItem.Kind, otherItem.Remaining));
        var otherPeriod = await Via("donor-b", Sembako, "2020-06", 50, "p3");
        Assert.Equal((LedgerOutcomeKind.Applied, 0L), (otherPeriod.Kind, otherPeriod.Remaining));

        // A week inside May shares days with the May pledge: it counts against the same capacity.
        var overlapping = await Via("donor-b", Sembako, "2020-W20", 1, "p4");
        var refusal = AssertRefused(LedgerRule.AggregatorCapacityExceeded, overlapping);
        Assert.Equal((0L, 50L), (refusal.Remaining, refusal.Limit));
        Assert.Equal(3, (await ledger.ReadPledgesAsync()).Count);
    }

    [Fact]
    public async Task Authority_AnUnrecordedCollaborator_PledgesAndReservesNothing_EvenWhenTheLedgerRecordsNoCollaborators()
    {
        var (_, _, ledger) = await NewEmptyLedgerAsync();
        await ledger.SetNeedAsync(SetUp, Gambir5x3, 10);

        var pledge = await PledgeAsync(ledger, "donor-a", 5, "p1");
        Assert.Equal("collaborator", AssertRefused(LedgerRule.CollaboratorNotRecorded, pledge).Field);
        var reserve = await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "r1");
        Assert.Equal("collaborator", AssertRefused(LedgerRule.CollaboratorNotRecorded, reserve).Field);

        Assert.Empty(await ledger.ReadPledgesAsync());
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
    }

    [Fact]
    public async Task Authority_TheSystemActor_NeverReservesPledgesOrMovesReservations_AndInSetUpModeOnlyCancelsAndVerifies()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        Assert.Equal("actor", AssertRefused(LedgerRule.ActorNotPermitted, await ledger.ReserveAsync(SetUp, Gambir5x3, 1, Key("s1"))).Field);
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.PledgeAsync(SetUp, Sembako, May2020, 1, Key("s2")));

        var held = (await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "r1")).Reservation!.Id;
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.DeliverAsync(SetUp, held));
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.ReleaseAsync(SetUp, held));
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.RenewAsync(SetUp, held));
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(held))!.Status);

        // In set-up mode it holds the operator's and the verifier's authority.
        var toCancel = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "r2")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.CancelAsync(SetUp, toCancel, "entered twice")).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(Actor("donor-a"), held)).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.VerifyAsync(SetUp, held)).Kind);

        // Once a role is recorded it has no authority at all: not over needs and records either.
        var later = (await ledger.ReserveAsync("donor-c", Gambir5x3, 1, "r3")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.SetRolesAsync(SetUp, [Grant(RoleGrant.Operator, "ops-1", GambirRw5)])).Kind);
        AssertRefused(LedgerRule.OperatorRoleRequired, await ledger.SetNeedsAsync(SetUp, [new(Gambir5x3, 20)]));
        AssertRefused(LedgerRule.OperatorRoleRequired, await ledger.SetCollaboratorsAsync(SetUp, [WithStatus("donor-z", CollaboratorStatus.Active)]));
        AssertRefused(LedgerRule.OperatorRoleRequired, await ledger.SetAggregatorsAsync(SetUp, [Partner("mitra-9", 5)]));
        AssertRefused(LedgerRule.OperatorRoleRequired, await ledger.SetRolesAsync(SetUp, [Grant(RoleGrant.Verifier, "ver-1", GambirRw5)]));
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.CancelAsync(SetUp, later, "late"));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(Actor("donor-c"), later)).Kind);
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.VerifyAsync(SetUp, later));
        Assert.Equal(10, (await ledger.GetNeedAsync(Gambir5x3))!.Need);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.CancelAsync(Actor("ops-1"), later, "late")).Kind);
    }

    [Fact]
    public async Task Authority_ADeliveryIsVerifiedByTheKelurahansVerifier_NeverByItsDonor()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        await ledger.SetRolesAsync(SetUp, [Grant(RoleGrant.Verifier, "lurah-gambir", RegionCode.Parse("31.71.01.1001"))]);
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "r1")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(Actor("donor-a"), id)).Kind);

        Assert.Equal("actor", AssertRefused(LedgerRule.VerifierRoleRequired, await ledger.VerifyAsync(Actor("donor-a"), id)).Field);
        AssertRefused(LedgerRule.VerifierRoleRequired, await ledger.VerifyAsync(Actor("donor-b"), id));
        AssertRefused(LedgerRule.CollaboratorNotRecorded, await ledger.VerifyAsync(Actor("stranger"), id));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.VerifyAsync(Actor("lurah-gambir"), id)).Kind);
        Assert.Contains(await ToListAsync(store.ReadEventsAsync()), e => e.Kind == "reservation.verified" && e.Payload.Contains("\"actor\":\"lurah-gambir\",\"role\":\"verifier\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Authority_AnAggregatorsActor_ReleasesRenewsAndDelivers_WhatIsRoutedThroughIt()
    {
        var (_, clock, ledger) = await PledgeLedgerAsync((Gambir5x3, 100));
        var pledge = (await PledgeAsync(ledger, "donor-b", 20, "p1", via: "mitra-1")).Pledge!.Id;
        var direct = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "r0")).Reservation!.Id;
        await ledger.SetRolesAsync(SetUp, [RoleGrant.ForAggregator(CollaboratorId.Parse("mitra-1-staff"), AggregatorId.Parse("mitra-1"))]);
        var staff = Actor("mitra-1-staff");
        var first = (await DrawAsync(ledger, "donor-b", Gambir5x3, 4, "r1", pledge)).Reservation!.Id;
        var second = (await DrawAsync(ledger, "donor-b", Gambir5x3, 3, "r2", pledge)).Reservation!.Id;

        clock.Advance(Duration.FromDays(1));
        var renewed = await ledger.RenewAsync(staff, first);
        Assert.Equal(LedgerOutcomeKind.Applied, renewed.Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(staff, first)).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReleaseAsync(staff, second)).Kind);

        // Not what reaches the need without it.
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.ReleaseAsync(staff, direct));
        Assert.Equal((0L, 4L), ((await ledger.GetPledgeAsync(pledge))!.Reserved, (await ledger.GetPledgeAsync(pledge))!.Delivered));
    }

    [Fact]
    public async Task Authority_AnOperatorPlacesAnotherCollaboratorsPledge_InItsRegionOnly_AndTheEventRecordsTheOperator()
    {
        var (store, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 100), (Gambir6x1, 100));
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1")).Pledge!.Id;
        await ledger.SetRolesAsync(SetUp, [Grant(RoleGrant.Operator, "ops-rw5", GambirRw5)]);

        var placed = await DrawAsync(ledger, "ops-rw5", Gambir5x3, 4, "pool-1", pledge);
        Assert.Equal(LedgerOutcomeKind.Applied, placed.Kind);
        Assert.Equal(CollaboratorId.Parse("donor-a"), placed.Reservation!.Collaborator);
        var reserved = (await ToListAsync(store.ReadEventsAsync())).Single(e => e.Kind == "reservation.reserved");
        Assert.Contains("\"collaborator\":\"donor-a\"", reserved.Payload, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"ops-rw5\",\"role\":\"on-behalf\"", reserved.Payload, StringComparison.Ordinal);

        var outside = await DrawAsync(ledger, "ops-rw5", Gambir6x1, 4, "pool-2", pledge);
        Assert.Equal("actor", AssertRefused(LedgerRule.OperatorRoleRequired, outside).Field);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir6x1))!.Reserved);

        var otherDonor = await DrawAsync(ledger, "donor-b", Gambir5x3, 1, "pool-3", pledge);
        AssertRefused(LedgerRule.OperatorRoleRequired, otherDonor);
        Assert.Equal(4, (await ledger.GetPledgeAsync(pledge))!.Reserved);
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public void Authority_EveryRule_HasAUniqueName_ThatParsesBack()
    {
        var names = LedgerRules.All.Select(LedgerRules.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enum.GetValues<LedgerRule>().Length - 1, names.Count);
        Assert.All(LedgerRules.All, r => Assert.True(LedgerRules.TryParse(LedgerRules.Name(r), out var parsed) && parsed == r, r.ToString()));
        Assert.Contains("need-period-overlap", names);
        Assert.False(LedgerRules.TryParse("no-such-rule", out _));
        Assert.All(LedgerRules.All, r => Assert.StartsWith(LedgerRules.Name(r) + ": ", LedgerRefusal.Create(r, "facts.").Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2020, 5, 3, "in the past")]
    [InlineData(2020, 7, 2, "later")]
    public async Task Authority_APlannedDateBeforeTodayOrBeyondTheGrace_IsRefused(int year, int month, int day, string why)
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var outcome = await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1", deliverBy: new LocalDate(year, month, day));
        var refusal = AssertRefused(LedgerRule.DeliverByOutOfRange, outcome);
        Assert.Equal(("deliverBy", Gambir5x3.Unit), (refusal.Field, refusal.Unit));
        Assert.Contains(why, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);

        // The last day of the period plus the 31 days' grace is still in range.
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k2", deliverBy: new LocalDate(2020, 7, 1))).Kind);
    }

    [Fact]
    public async Task Authority_ARetryOfAnAcceptedKey_WithItsPlannedDate_ReplaysAfterTheDateHasPassed()
    {
        var (_, clock, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var may5 = new LocalDate(2020, 5, 5);
        var first = await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "k1", deliverBy: may5);
        Assert.Equal(LedgerOutcomeKind.Applied, first.Kind);
        clock.Advance(Duration.FromDays(2)); // 6 May in Jakarta, before the reservation expires
        var retry = await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "k1", deliverBy: may5);
        Assert.Equal(LedgerOutcomeKind.Replayed, retry.Kind);
        Assert.Equal(first.Reservation!.Id, retry.Reservation!.Id);
        AssertRefused(LedgerRule.DeliverByOutOfRange, await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "k2", deliverBy: may5));
    }

    [Fact]
    public async Task Authority_Refusals_CarryTheirFacts()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-a", Gambir5x3, 7, "k1")).Kind);
        var over = await ledger.ReserveAsync("donor-b", Gambir5x3, 4, "k2");
        var refusal = AssertRefused(LedgerRule.NotEnoughRemaining, over);
        Assert.Equal((3L, 10L, Gambir5x3.Unit), (refusal.Remaining, refusal.Limit, refusal.Unit));
        Assert.Equal(3, over.Remaining);
        Assert.Equal("not-enough-remaining", refusal.RuleName);

        var kk = HouseholdId.Parse("3171012345678901", HouseholdIdKind.Kk);
        var a = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k3")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k4")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(Actor("donor-a"), a, households: [kk])).Kind);
        var served = AssertRefused(LedgerRule.HouseholdAlreadyServed, await ledger.DeliverAsync(Actor("donor-b"), b, households: [kk]));
        Assert.Equal(("households[0]", Gambir5x3.Unit), (served.Field, served.Unit));
    }
}
