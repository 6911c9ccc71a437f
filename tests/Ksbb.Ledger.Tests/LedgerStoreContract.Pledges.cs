using Ksbb.Model.Catalog;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

// Pledges, aggregators and draws: the same contract on every store.
public abstract partial class LedgerStoreContract
{
    protected static readonly ItemCode Sembako = ItemCode.Parse("pangan.paket-sembako");
    protected static readonly DistributionPeriod May2020 = DistributionPeriod.Parse("2020-05");

    protected static Collaborator WithStatus(string id, CollaboratorStatus status) =>
        Collaborator.Create(CollaboratorId.Parse(id), "Kolaborator " + id, CollaboratorCategory.LembagaUsaha, status: status);

    protected static Aggregator Partner(string id, long capacity) =>
        Aggregator.Create(AggregatorId.Parse(id), "Mitra " + id, GeoPoint.Create(106.82, -6.17), capacity);

    protected async Task<(LedgerStore Store, FakeClock Clock, ReservationLedger Ledger)> PledgeLedgerAsync(params (NeedKey Key, long Need)[] needs)
    {
        var (store, clock, ledger) = await NewLedgerAsync(needs);
        await ledger.SetCollaboratorsAsync(SetUp, [
            WithStatus("donor-a", CollaboratorStatus.Active), WithStatus("donor-b", CollaboratorStatus.Active),
            WithStatus("donor-p", CollaboratorStatus.Prospective), WithStatus("donor-s", CollaboratorStatus.Suspended)]);
        await ledger.SetAggregatorsAsync(SetUp, [Partner("mitra-1", 50)]);
        return (store, clock, ledger);
    }

    protected static Task<LedgerOutcome> PledgeAsync(ReservationLedger ledger, string who, long quantity, string key, string? via = null, string period = "2020-05") =>
        ledger.PledgeAsync(Actor(who), Sembako, DistributionPeriod.Parse(period), quantity, Key(key), via is null ? null : AggregatorId.Parse(via));

    protected static Task<LedgerOutcome> DrawAsync(ReservationLedger ledger, string who, NeedKey need, long quantity, string key, PledgeId pledge) =>
        ledger.ReserveAsync(Actor(who), need, quantity, Key(key), pledge);

    [Fact]
    public async Task Pledge_ByAnActiveCollaborator_IsRecorded_AndReplayedByKey()
    {
        var (store, _, ledger) = await PledgeLedgerAsync();
        var first = await PledgeAsync(ledger, "donor-a", 12, "p1");
        Assert.Equal(LedgerOutcomeKind.Applied, first.Kind);
        var again = await PledgeAsync(ledger, "donor-a", 12, "p1");
        Assert.Equal(LedgerOutcomeKind.Replayed, again.Kind);
        Assert.Equal(first.Pledge!.Id, again.Pledge!.Id);
        var conflict = await PledgeAsync(ledger, "donor-a", 13, "p1");
        AssertRefused(LedgerRule.KeyConflict, conflict);
        Assert.Equal(first.Pledge.Id, conflict.Pledge!.Id);
        var state = await ledger.GetPledgeAsync(first.Pledge.Id);
        Assert.Equal((12L, 0L, 0L, PledgeChannel.Direct), (state!.Pledge.Quantity, state.Reserved, state.Delivered, state.Pledge.Channel));
        Assert.Single(await ToListAsync(store.ReadEventsAsync()), e => e.Kind == "pledge.made");
    }

    [Theory]
    [InlineData("donor-p", LedgerRule.CollaboratorNotActive, "only an active collaborator may pledge", "prospective")]
    [InlineData("donor-s", LedgerRule.CollaboratorNotActive, "only an active collaborator may pledge", "suspended")]
    [InlineData("donor-x", LedgerRule.CollaboratorNotRecorded, "only a collaborator the ledger records may pledge", "no record")]
    public async Task Pledge_ByACollaboratorNotActive_IsRefused_NamingTheRule(string who, LedgerRule rule, string sentence, string why)
    {
        var (_, _, ledger) = await PledgeLedgerAsync();
        var outcome = await PledgeAsync(ledger, who, 5, "p1");
        Assert.Equal("collaborator", AssertRefused(rule, outcome).Field);
        Assert.Contains(sentence, outcome.Message, StringComparison.Ordinal);
        Assert.Contains(why, outcome.Message, StringComparison.Ordinal);

        // A refusal does not bind the key: once active, the same call succeeds.
        await ledger.SetCollaboratorsAsync(SetUp, [WithStatus(who, CollaboratorStatus.Active)]);
        Assert.Equal(LedgerOutcomeKind.Applied, (await PledgeAsync(ledger, who, 5, "p1")).Kind);
    }

    [Fact]
    public async Task Pledge_ViaAnAggregator_CountsAgainstItsCapacity_AndAnUnknownOneIsRefused()
    {
        var (_, _, ledger) = await PledgeLedgerAsync();
        AssertRefused(LedgerRule.AggregatorNotFound, (await PledgeAsync(ledger, "donor-a", 5, "p0", via: "mitra-9")));
        var first = await PledgeAsync(ledger, "donor-a", 30, "p1", via: "mitra-1");
        Assert.Equal((LedgerOutcomeKind.Applied, 20L), (first.Kind, first.Remaining));
        Assert.Equal(PledgeChannel.Aggregator, first.Pledge!.Channel);
        var over = await PledgeAsync(ledger, "donor-b", 21, "p2", via: "mitra-1");
        Assert.Equal((20L, 50L), (AssertRefused(LedgerRule.AggregatorCapacityExceeded, over).Remaining, over.Refusal!.Limit));
        Assert.Contains("capacity", over.Message, StringComparison.Ordinal);
        var exact = await PledgeAsync(ledger, "donor-b", 20, "p3", via: "mitra-1");
        Assert.Equal((LedgerOutcomeKind.Applied, 0L), (exact.Kind, exact.Remaining));

        // Raising the capacity makes room again.
        await ledger.SetAggregatorsAsync(SetUp, [Partner("mitra-1", 60)]);
        Assert.Equal(LedgerOutcomeKind.Applied, (await PledgeAsync(ledger, "donor-b", 10, "p4", via: "mitra-1")).Kind);
    }

    [Fact]
    public async Task Draw_ReservedPlusDeliveredNeverExceedThePledge_AcrossNeeds_AndReleasesReturnToIt()
    {
        var (_, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 100), (Gambir5x4, 100));
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1")).Pledge!.Id;
        var r1 = await DrawAsync(ledger, "donor-a", Gambir5x3, 6, "r1", pledge);
        Assert.Equal(LedgerOutcomeKind.Applied, r1.Kind);
        var over = await DrawAsync(ledger, "donor-a", Gambir5x4, 5, "r2", pledge);
        Assert.Equal((4L, 10L), (AssertRefused(LedgerRule.PledgeExceeded, over).Remaining, over.Refusal!.Limit));
        Assert.Contains("never exceed", over.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x4))!.Reserved);

        // A partial delivery returns the rest to the pledge as to the need; a release returns all.
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(r1.Reservation!.Id, deliveredQuantity: 4)).Kind);
        var r2 = await DrawAsync(ledger, "donor-a", Gambir5x4, 6, "r2", pledge);
        Assert.Equal(LedgerOutcomeKind.Applied, r2.Kind);
        var state = (await ledger.GetPledgeAsync(pledge))!;
        Assert.Equal((6L, 4L, 0L), (state.Reserved, state.Delivered, state.Remaining));
        AssertRefused(LedgerRule.PledgeExceeded, (await DrawAsync(ledger, "donor-a", Gambir5x3, 1, "r3", pledge)));
        await ledger.ReleaseAsOwnerAsync(r2.Reservation!.Id);
        Assert.Equal(LedgerOutcomeKind.Applied, (await DrawAsync(ledger, "donor-a", Gambir5x3, 6, "r3", pledge)).Kind);

        // The same key naming another pledge (or none) is a key conflict, never a second draw.
        var other = (await PledgeAsync(ledger, "donor-a", 10, "p2")).Pledge!.Id;
        AssertRefused(LedgerRule.KeyConflict, (await DrawAsync(ledger, "donor-a", Gambir5x3, 6, "r3", other)));
        AssertRefused(LedgerRule.KeyConflict, (await ledger.ReserveAsync("donor-a", Gambir5x3, 6, "r3")));
        Assert.Equal(LedgerOutcomeKind.Replayed, (await DrawAsync(ledger, "donor-a", Gambir5x3, 6, "r3", pledge)).Kind);
    }

    [Fact]
    public async Task Draw_ExpiredReservationsStopCountingOnThePledge()
    {
        var (_, clock, ledger) = await PledgeLedgerAsync((Gambir5x3, 100), (Gambir5x4, 100));
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1")).Pledge!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await DrawAsync(ledger, "donor-a", Gambir5x3, 10, "r1", pledge)).Kind);
        AssertRefused(LedgerRule.PledgeExceeded, (await DrawAsync(ledger, "donor-a", Gambir5x4, 1, "r2", pledge)));
        clock.Advance(Duration.FromDays(4));
        Assert.Equal(LedgerOutcomeKind.Applied, (await DrawAsync(ledger, "donor-a", Gambir5x4, 10, "r2", pledge)).Kind);
    }

    [Theory]
    [InlineData("donor-b", "pangan.paket-sembako", "2020-05", LedgerRule.ActorNotPermitted, "its own pledges")]
    [InlineData("donor-a", "pangan.paket-lebaran", "2020-05", LedgerRule.PledgeMismatch, "same item")]
    [InlineData("donor-a", "pangan.paket-sembako", "2020-06", LedgerRule.PledgeMismatch, "overlapping period")]
    public async Task Draw_OnAPledgeThatDoesNotFit_IsRefused_NamingTheRule(string who, string item, string period, LedgerRule expected, string rule)
    {
        var need = Need(Gambir5x3.Unit.ToString(), item, period);
        var (_, _, ledger) = await PledgeLedgerAsync((need, 100));
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1")).Pledge!.Id;
        var outcome = await DrawAsync(ledger, who, need, 1, "r1", pledge);
        Assert.Equal("pledge", AssertRefused(expected, outcome).Field);
        Assert.Contains(rule, outcome.Message, StringComparison.Ordinal);
        AssertRefused(LedgerRule.PledgeNotFound, await DrawAsync(ledger, "donor-a", need, 1, "r2", PledgeId.Parse("p-unknown")));
    }

    [Fact]
    public async Task Draw_AWeekInsideThePledgedMonth_Fits()
    {
        var week = Need(Gambir5x3.Unit.ToString(), period: "2020-W20");
        var (_, _, ledger) = await PledgeLedgerAsync((week, 100));
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1")).Pledge!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await DrawAsync(ledger, "donor-a", week, 3, "r1", pledge)).Kind);
    }

    [Fact]
    public async Task Reserve_ByACollaboratorWhoseRecordIsNotActive_IsRefused()
    {
        var (_, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 100));
        var outcome = await ledger.ReserveAsync("donor-s", Gambir5x3, 1, "r1");
        AssertRefused(LedgerRule.CollaboratorNotActive, outcome);
        Assert.Contains("suspended", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
    }

    [Fact]
    public async Task Deliver_OfAPledgeViaAnAggregator_RecordsTheAggregator_AndTheChainStaysIntact()
    {
        var (store, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 100));
        var pledge = (await PledgeAsync(ledger, "donor-a", 10, "p1", via: "mitra-1")).Pledge!.Id;
        var id = (await DrawAsync(ledger, "donor-a", Gambir5x3, 4, "r1", pledge)).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(id);
        var events = await ToListAsync(store.ReadEventsAsync());
        Assert.Contains(events, e => e.Kind == "reservation.reserved" && e.Payload.Contains($"\"pledge\":\"{pledge}\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "reservation.delivered" && e.Payload.Contains("\"aggregator\":\"mitra-1\"", StringComparison.Ordinal));
        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task Concurrency_ManyWritersDrawingOnOnePledge_AcrossNeedsAndInstances_NeverExceedIt()
    {
        var (store, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 500), (Gambir5x4, 500), (Gambir6x1, 500));
        var pledge = (await PledgeAsync(ledger, "donor-a", 40, "p1")).Pledge!.Id;
        var second = await OpenAgainAsync(store);
        var hot = new[] { Gambir5x3, Gambir5x4, Gambir6x1 };
        var accepted = new System.Collections.Concurrent.ConcurrentBag<Reservation>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var writer = Ledger(w % 2 == 0 ? store : second, new FakeClock(Start, Duration.FromMilliseconds(1)));
            var random = new Random(w);
            for (var i = 0; i < 15; i++)
            {
                var outcome = await DrawAsync(writer, "donor-a", hot[random.Next(hot.Length)], random.Next(1, 4), $"w{w}-{i}", pledge);
                Assert.True(outcome.Kind is LedgerOutcomeKind.Applied || outcome.Rule == LedgerRule.PledgeExceeded, outcome.ToString());
                if (outcome.Kind == LedgerOutcomeKind.Applied)
                {
                    accepted.Add(outcome.Reservation!);
                }
            }
        })));

        var stored = await ToListAsync(store.ReadReservationsAsync());
        Assert.Equal(accepted.Select(r => r.Id).Order(), stored.Select(r => r.Id).Order());
        var sum = stored.Sum(r => r.Quantity);
        Assert.InRange(sum, 40 - 2, 40); // demand (6 × 15 × 2 on average) far exceeds the pledge, so it fills to within one draw
        Assert.Equal(sum, (await ledger.GetPledgeAsync(pledge))!.Reserved);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Renew_BeforeExpiry_ExtendsTheHold_AfterExpiryIsRefused_AndTheChainStaysIntact()
    {
        var (store, clock, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var first = (await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1")).Reservation!;
        var id = first.Id;
        clock.Advance(Duration.FromDays(2));
        var renewed = await ledger.RenewAsOwnerAsync(id);
        Assert.Equal(LedgerOutcomeKind.Applied, renewed.Kind);
        Assert.InRange(renewed.Reservation!.ExpiresAt, first.ExpiresAt + Duration.FromDays(2), first.ExpiresAt + Duration.FromDays(2) + Duration.FromSeconds(1));

        // Past the first expiry, the renewed reservation still holds the need.
        clock.Advance(Duration.FromDays(2));
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(id))!.Status);
        AssertRefused(LedgerRule.NotEnoughRemaining, (await ledger.ReserveAsync("donor-b", Gambir5x3, 3, "k2")));
        Assert.Equal(LedgerOutcomeKind.Replayed, (await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1")).Kind);

        clock.Advance(Duration.FromDays(2));
        var late = await ledger.RenewAsOwnerAsync(id);
        AssertRefused(LedgerRule.InvalidTransition, late);
        Assert.Contains("before it was renewed", late.Message, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Expired, (await ledger.FindAsync(id))!.Status);
        Assert.Contains(await ToListAsync(store.ReadEventsAsync()), e => e.Kind == "reservation.renewed");
        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Theory]
    [InlineData("release")]
    [InlineData("cancel")]
    public async Task Reserve_RetriedKeyOfAReservationNoLongerHeld_AnswersWithItsState_NeverANewSuccess(string how)
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1")).Reservation!.Id;
        _ = how == "release" ? await ledger.ReleaseAsOwnerAsync(id) : await ledger.CancelAsync(SetUp, id, "donor withdrew");
        var retry = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        AssertRefused(LedgerRule.NoLongerHeld, retry);
        Assert.Equal(id, retry.Reservation!.Id);
        Assert.Contains(how == "release" ? "released" : "cancelled", retry.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
        AssertRefused(LedgerRule.InvalidTransition, (await ledger.RenewAsOwnerAsync(id)));
    }

    [Fact]
    public async Task Actors_ActOnlyOnWhatTheyMayTouch_AndEveryEventRecordsActorAndRole()
    {
        var (store, _, ledger) = await PledgeLedgerAsync((Gambir5x3, 100), (Gambir6x1, 100));
        static CollaboratorId Id(string s) => CollaboratorId.Parse(s);
        await ledger.SetRolesAsync(SetUp, [
            RoleGrant.Verifier(Id("lurah-gambir"), RegionCode.Parse("31.71.01.1001.005")),
            RoleGrant.Operator(Id("ops-1"), RegionCode.Parse("31.71")),
            RoleGrant.ForAggregator(Id("mitra-1-staff"), AggregatorId.Parse("mitra-1")),
            RoleGrant.Verifier(Id("mitra-1-staff"), RegionCode.Parse("31.71")),
        ]);
        var direct = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "r1")).Reservation!.Id;

        // Another collaborator may not deliver, release, renew or cancel it; its own collaborator may.
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.DeliverAsync(Actor("donor-b"), direct));
        var notMine = await ledger.ReleaseAsync(Actor("donor-b"), direct);
        AssertRefused(LedgerRule.ActorNotPermitted, notMine);
        Assert.Contains("acts only on its own reservations", notMine.Message, StringComparison.Ordinal);
        AssertRefused(LedgerRule.ActorNotPermitted, await ledger.RenewAsync(Actor("mitra-1-staff"), direct));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.RenewAsync(Actor("donor-a"), direct)).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(Actor("donor-a"), direct)).Kind);

        // Verification: never by the one who delivered, only within the verifier's region.
        var own = await ledger.VerifyAsync(Actor("donor-a"), direct);
        AssertRefused(LedgerRule.VerifierRoleRequired, own);
        Assert.Contains("never verifies its own delivery", own.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.VerifyAsync(Actor("lurah-gambir"), direct)).Kind);

        // Routed through an aggregator: its actor delivers, but may not verify what it delivered.
        var pledge = (await PledgeAsync(ledger, "donor-b", 10, "p1", via: "mitra-1")).Pledge!.Id;
        var routed = (await DrawAsync(ledger, "donor-b", Gambir6x1, 4, "r2", pledge)).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsync(Actor("mitra-1-staff"), routed)).Kind);
        AssertRefused(LedgerRule.VerifierRoleRequired, await ledger.VerifyAsync(Actor("mitra-1-staff"), routed));
        var outside = await ledger.VerifyAsync(Actor("lurah-gambir"), routed);
        AssertRefused(LedgerRule.VerifierRoleRequired, outside);
        Assert.Contains("within its region", outside.Message, StringComparison.Ordinal);

        // An operator may cancel within its region.
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.CancelAsync(Actor("ops-1"), routed, "wrong unit")).Kind);

        var events = await ToListAsync(store.ReadEventsAsync());
        Assert.Contains(events, e => e.Kind == "reservation.verified" && e.Payload.Contains("\"actor\":\"lurah-gambir\",\"role\":\"verifier\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "reservation.delivered" && e.Payload.Contains("\"actor\":\"mitra-1-staff\",\"role\":\"aggregator\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "reservation.cancelled" && e.Payload.Contains("\"role\":\"operator\"", StringComparison.Ordinal));
        Assert.Equal(4, events.Count(e => e.Kind == "role.granted"));
        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task Households_SameKkInAMonthAndInAWeekInsideIt_IsRefused_ButANonOverlappingWeekIsNot()
    {
        var month = Need("31.71.01.1001.005.003", period: "2020-11");
        var week = Need("31.71.01.1001.005.004", period: "2020-W46");
        var later = Need("31.71.01.1001.005.004", period: "2020-W50");
        var (_, _, ledger) = await NewLedgerAsync((month, 10), (week, 10), (later, 10));
        var kk = Ksbb.Ledger.Households.HouseholdId.Parse("3171012303780001", Ksbb.Ledger.Households.HouseholdIdKind.Kk);
        var a = (await ledger.ReserveAsync("donor-a", month, 1, "k1")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", week, 1, "k2")).Reservation!.Id;
        var c = (await ledger.ReserveAsync("donor-b", later, 1, "k3")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(a, [kk])).Kind);
        var dup = await ledger.DeliverAsOwnerAsync(b, [kk]);
        AssertRefused(LedgerRule.HouseholdAlreadyServed, dup);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(b))!.Status);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(c, [kk])).Kind); // 2020-W50 is in December

        // Cancelling the month's delivery frees the week.
        await ledger.CancelAsync(SetUp, a, "wrong household");
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(b, [kk])).Kind);
        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task ReadPledges_GivesEveryPledgeWithWhatIsDrawnNow_AndReadAggregatorsTheirRecords()
    {
        var (_, clock, ledger) = await PledgeLedgerAsync((Gambir5x3, 40), (Gambir5x4, 40));
        await ledger.SetAggregatorsAsync(SetUp, [Aggregator.Create(AggregatorId.Parse("mitra-2"), "Mitra Dua", GeoPoint.Create(106.9, -6.2), 7, [RegionCode.Parse("31.71.01")])]);
        var direct = (await PledgeAsync(ledger, "donor-a", 20, "p1")).Pledge!;
        var pooled = (await PledgeAsync(ledger, "donor-b", 30, "p2", via: "mitra-1")).Pledge!;
        var untouched = (await PledgeAsync(ledger, "donor-b", 5, "p3", via: "mitra-2")).Pledge!;
        var delivered = (await DrawAsync(ledger, "donor-b", Gambir5x3, 6, "r1", pooled.Id)).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(delivered, deliveredQuantity: 4);
        await DrawAsync(ledger, "donor-b", Gambir5x4, 9, "r2", pooled.Id);
        await DrawAsync(ledger, "donor-a", Gambir5x4, 3, "r3", direct.Id);
        clock.Advance(Duration.FromDays(4));  // the reservations of 9 and 3 expire (lifetime 3 days); the delivery of 4 stays
        await DrawAsync(ledger, "donor-b", Gambir5x4, 2, "r4", pooled.Id);

        var pledges = await ledger.ReadPledgesAsync();
        Assert.Equal([direct.Id, pooled.Id, untouched.Id], pledges.Select(p => p.Pledge.Id));
        Assert.Equal([(0L, 0L, 20L), (2L, 4L, 24L), (0L, 0L, 5L)], pledges.Select(p => (p.Reserved, p.Delivered, p.Remaining)));
        Assert.Equal([PledgeChannel.Direct, PledgeChannel.Aggregator, PledgeChannel.Aggregator], pledges.Select(p => p.Pledge.Channel));
        foreach (var p in pledges)
        {
            var one = await ledger.GetPledgeAsync(p.Pledge.Id);
            Assert.Equal((one!.Reserved, one.Delivered, one.Pledge.Quantity), (p.Reserved, p.Delivered, p.Pledge.Quantity));
        }

        var aggregators = await ledger.ReadAggregatorsAsync();
        Assert.Equal(["mitra-1", "mitra-2"], aggregators.Select(a => a.Id.Value));
        Assert.Equal((7L, "Mitra Dua", GeoPoint.Create(106.9, -6.2)), (aggregators[1].Capacity, aggregators[1].Name, aggregators[1].Depot));
        Assert.Equal([RegionCode.Parse("31.71.01")], aggregators[1].ServiceAreas);
        Assert.Empty(aggregators[0].ServiceAreas);
    }
}
