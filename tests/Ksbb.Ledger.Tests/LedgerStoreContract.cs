using Ksbb.Model.Catalog;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// The contract every <see cref="LedgerStore"/> must meet. A store's test class derives from this and supplies
/// fresh stores; every test here then runs against it. Tests drive the store through a <see cref="ReservationLedger"/>
/// (as hosts do) and, where the contract is about the store itself, directly.
/// </summary>
public abstract partial class LedgerStoreContract
{
    protected static readonly Instant Start = Instant.FromUtc(2020, 5, 4, 2, 0);
    protected static readonly NeedKey Gambir5x3 = Need("31.71.01.1001.005.003");
    protected static readonly NeedKey Gambir5x4 = Need("31.71.01.1001.005.004");
    protected static readonly NeedKey Gambir6x1 = Need("31.71.01.1001.006.001");
    protected static readonly byte[] HouseholdKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    /// <summary>Creates a new, empty and initialised store (its own file, schema or database).</summary>
    protected abstract Task<LedgerStore> CreateStoreAsync();

    /// <summary>Opens a second, independent instance on the same data as <paramref name="store"/> (as another process or server would).</summary>
    protected abstract Task<LedgerStore> OpenAgainAsync(LedgerStore store);

    protected static NeedKey Need(string unit, string item = "pangan.paket-sembako", string period = "2020-05") =>
        new(RegionCode.Parse(unit), ItemCode.Parse(item), DistributionPeriod.Parse(period));

    protected static ReservationLedger Ledger(LedgerStore store, IClock clock, Duration? lifetime = null) =>
        ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = clock,
            ReservationLifetime = lifetime ?? Duration.FromDays(3),
            Households = HouseholdHasher.Create(HouseholdKey),
        });

    /// <summary>The collaborators <see cref="NewLedgerAsync"/> records (active), so that they may pledge and reserve.</summary>
    protected static readonly string[] Donors = ["donor-a", "donor-b", "donor-c"];

    /// <summary>A new ledger with <see cref="Donors"/> recorded and the given needs set (by the set-up actor; no roles).</summary>
    protected async Task<(LedgerStore Store, FakeClock Clock, ReservationLedger Ledger)> NewLedgerAsync(params (NeedKey Key, long Need)[] needs)
    {
        var (store, clock, ledger) = await NewEmptyLedgerAsync();
        await ledger.RecordCollaboratorsAsync(Donors);
        if (needs.Length > 0)
        {
            await ledger.SetNeedsAsync(SetUp, needs.Select(n => new KeyValuePair<NeedKey, long>(n.Key, n.Need)));
        }

        return (store, clock, ledger);
    }

    /// <summary>A new ledger recording nothing.</summary>
    protected async Task<(LedgerStore Store, FakeClock Clock, ReservationLedger Ledger)> NewEmptyLedgerAsync()
    {
        var store = await CreateStoreAsync();
        var clock = new FakeClock(Start, Duration.FromMilliseconds(1));
        return (store, clock, Ledger(store, clock));
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Initialize_Twice_IsHarmlessAndKeepsData()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        var need = await ledger.GetNeedAsync(Gambir5x3);
        Assert.Equal(new NeedState(Gambir5x3, 10, 4, 0), need);
    }

    [Fact]
    public async Task Reserve_RetryRacingItsOriginal_IsAnsweredWithTheOriginal_NeverRefused()
    {
        // Each need has room for exactly one reservation; the original and its retry (same key, same parameters) race
        // from two instances. Whichever waits for the other's need lock must find the committed reservation.
        var needs = Enumerable.Range(1, 20).Select(i => Need($"31.71.01.1001.007.{i:000}")).ToArray();
        var (store, clock, ledger) = await NewLedgerAsync([.. needs.Select(n => (n, 3L))]);
        var other = Ledger(await OpenAgainAsync(store), clock);

        var outcomes = await Task.WhenAll(needs.SelectMany(n => new[]
        {
            Task.Run(() => ledger.ReserveAsync("donor-a", n, 3, "race-" + n.Unit)),
            Task.Run(() => other.ReserveAsync("donor-a", n, 3, "race-" + n.Unit)),
        }));

        Assert.All(outcomes, o => Assert.True(o.Kind is LedgerOutcomeKind.Applied or LedgerOutcomeKind.Replayed, o.Kind.ToString()));
        Assert.Equal(needs.Length, outcomes.Count(o => o.Kind == LedgerOutcomeKind.Applied));
        Assert.Equal(needs.Length, (await ToListAsync(store.ReadReservationsAsync())).Count);
    }

    [Fact]
    public async Task Reserve_QuantitiesNearTheInt64Limit_AreRefused_NeverAnOverflow()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, long.MaxValue));
        var big = await ledger.ReserveAsync("donor-a", Gambir5x3, long.MaxValue - 1, "k1");
        Assert.Equal(LedgerOutcomeKind.Applied, big.Kind);
        Assert.Equal(1, big.Remaining);

        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, long.MaxValue, "k2");
        AssertRefused(LedgerRule.NotEnoughRemaining, refused);
        Assert.Equal(1, refused.Remaining);

        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(big.Reservation!.Id)).Kind);
        AssertRefused(LedgerRule.NotEnoughRemaining, (await ledger.ReserveAsync("donor-b", Gambir5x3, long.MaxValue, "k3")));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k4")).Kind);
        Assert.Equal(new NeedState(Gambir5x3, long.MaxValue, 1, long.MaxValue - 1), await ledger.GetNeedAsync(Gambir5x3));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Reserve_WithinNeed_ReservesAndReportsRemaining()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var outcome = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        Assert.Equal(LedgerOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(6, outcome.Remaining);
        Assert.NotNull(outcome.Reservation);
        Assert.Equal(ReservationStatus.Reserved, outcome.Reservation.Status);
        Assert.Equal(outcome.Reservation, await ledger.FindAsync(outcome.Reservation.Id));
    }

    [Fact]
    public async Task Reserve_ExactlyTheRemainder_IsAccepted_AndOneMoreIsRefusedWithZeroRemaining()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-a", Gambir5x3, 10, "k1")).Kind);
        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k2");
        AssertRefused(LedgerRule.NotEnoughRemaining, refused);
        Assert.Equal(0, refused.Remaining);
    }

    [Fact]
    public async Task Reserve_MoreThanRemains_IsRefusedWithWhatRemains_AndCountsNothing()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        await ledger.ReserveAsync("donor-a", Gambir5x3, 7, "k1");
        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, 4, "k2");
        AssertRefused(LedgerRule.NotEnoughRemaining, refused);
        Assert.Equal(3, refused.Remaining);
        Assert.Null(refused.Reservation);
        Assert.Equal(7, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
        Assert.Single(await ToListAsync(store.ReadReservationsAsync()));
    }

    [Fact]
    public async Task Reserve_UnknownNeed_IsReported()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var outcome = await ledger.ReserveAsync("donor-a", Gambir6x1, 1, "k1");
        AssertRefused(LedgerRule.NeedNotFound, outcome);
    }

    [Fact]
    public async Task Reserve_SameKeySameParameters_ReturnsTheFirstAnswer_AndCountsOnce()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var first = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        var again = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        Assert.Equal(LedgerOutcomeKind.Replayed, again.Kind);
        Assert.Equal(first.Reservation!.Id, again.Reservation!.Id);
        Assert.Equal(6, again.Remaining);
        Assert.Equal(4, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
        Assert.Single(await ToListAsync(store.ReadReservationsAsync()));
    }

    [Theory]
    [InlineData("donor-b", "31.71.01.1001.005.003", 4)]
    [InlineData("donor-a", "31.71.01.1001.005.004", 4)]
    [InlineData("donor-a", "31.71.01.1001.005.003", 5)]
    public async Task Reserve_SameKeyDifferentParameters_IsAKeyConflict(string collaborator, string unit, long quantity)
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10), (Gambir5x4, 10));
        var first = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        var conflict = await ledger.ReserveAsync(collaborator, Need(unit), quantity, "k1");
        AssertRefused(LedgerRule.KeyConflict, conflict);
        Assert.Equal(first.Reservation!.Id, conflict.Reservation!.Id);
        Assert.Equal(4, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x4))!.Reserved);
    }

    [Fact]
    public async Task Reserve_RefusedKey_StaysFree_AndSucceedsOnceTheNeedIsRaised()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 3));
        AssertRefused(LedgerRule.NotEnoughRemaining, (await ledger.ReserveAsync("donor-a", Gambir5x3, 5, "k1")));
        await ledger.SetNeedAsync(SetUp, Gambir5x3, 8);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-a", Gambir5x3, 5, "k1")).Kind);
    }

    [Fact]
    public async Task SetNeeds_RaiseAndLower_ReportsOvercommitment_WithoutTruncating()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1");
        var raised = await ledger.SetNeedAsync(SetUp, Gambir5x3, 12);
        Assert.Equal(10, raised.PreviousNeed);
        Assert.False(raised.IsOvercommitted);
        var lowered = await ledger.SetNeedAsync(SetUp, Gambir5x3, 5);
        Assert.True(lowered.IsOvercommitted);
        Assert.Equal(3, lowered.After.Overcommitted);
        Assert.Equal(new NeedState(Gambir5x3, 5, 8, 0), await ledger.GetNeedAsync(Gambir5x3));
        Assert.Equal(ReservationStatus.Reserved, (await ToListAsync(store.ReadReservationsAsync())).Single().Status);
        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k2");
        AssertRefused(LedgerRule.NotEnoughRemaining, refused);
        Assert.Equal(0, refused.Remaining);
        var added = await ledger.SetNeedAsync(SetUp, Gambir6x1, 2);
        Assert.Null(added.PreviousNeed);
    }

    [Fact]
    public async Task Lifecycle_DeliverThenVerify_MovesQuantityFromReservedToDelivered()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1")).Reservation!.Id;
        var delivered = await ledger.DeliverAsOwnerAsync(id);
        Assert.Equal(LedgerOutcomeKind.Applied, delivered.Kind);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 4), await ledger.GetNeedAsync(Gambir5x3));
        var verified = await ledger.VerifyAsync(SetUp, id);
        Assert.Equal(LedgerOutcomeKind.Applied, verified.Kind);
        Assert.Equal(ReservationStatus.Verified, (await ledger.FindAsync(id))!.Status);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 4), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Lifecycle_PartialDelivery_ReturnsTheRestToTheNeed()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 5, "k1")).Reservation!.Id;
        var delivered = await ledger.DeliverAsOwnerAsync(id, deliveredQuantity: 3);
        Assert.Equal(3, delivered.Reservation!.DeliveredQuantity);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 3), await ledger.GetNeedAsync(Gambir5x3));
        var tooMuch = await ledger.DeliverAsOwnerAsync((await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "k2")).Reservation!.Id, deliveredQuantity: 3);
        AssertRefused(LedgerRule.InvalidTransition, tooMuch);
    }

    [Fact]
    public async Task Lifecycle_ReleaseAndCancel_ReturnTheQuantity()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var a = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", Gambir5x3, 3, "k2")).Reservation!.Id;
        var c = (await ledger.ReserveAsync("donor-c", Gambir5x3, 3, "k3")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReleaseAsOwnerAsync(a)).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.CancelAsync(SetUp, b, "duplicate pledge")).Kind);
        await ledger.DeliverAsOwnerAsync(c);
        var cancelled = await ledger.CancelAsync(SetUp, c, "delivered to the wrong RT");
        Assert.Equal(LedgerOutcomeKind.Applied, cancelled.Kind);
        Assert.Equal("delivered to the wrong RT", cancelled.Reservation!.Reason);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 0), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Lifecycle_InvalidTransitions_AreRefusedWithAClearMessage()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        var verify = await ledger.VerifyAsync(SetUp, id);
        AssertRefused(LedgerRule.InvalidTransition, verify);
        Assert.Contains("is reserved and cannot be verified", verify.Message, StringComparison.Ordinal);
        await ledger.ReleaseAsOwnerAsync(id);
        var deliver = await ledger.DeliverAsOwnerAsync(id);
        AssertRefused(LedgerRule.InvalidTransition, deliver);
        Assert.Contains("is released", deliver.Message, StringComparison.Ordinal);
        AssertRefused(LedgerRule.InvalidTransition, (await ledger.CancelAsync(SetUp, id, "late")));
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 0), await ledger.GetNeedAsync(Gambir5x3));
        var missing = await ledger.ReleaseAsOwnerAsync(ReservationId.FromGuid(Guid.NewGuid()));
        AssertRefused(LedgerRule.ReservationNotFound, missing);
    }

    [Fact]
    public async Task Lifecycle_RepeatingATransition_IsUnchangedAndCountsOnce()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(id);
        Assert.Equal(LedgerOutcomeKind.Unchanged, (await ledger.DeliverAsOwnerAsync(id)).Kind);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 3), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Expiry_IsComputedOnRead_AndFreesTheNeedForOthers()
    {
        var (store, clock, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1")).Reservation!.Id;
        clock.Advance(Duration.FromDays(3) + Duration.FromSeconds(1));
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 0), await ledger.GetNeedAsync(Gambir5x3));
        Assert.Equal(ReservationStatus.Expired, (await ledger.FindAsync(id))!.Status);
        Assert.Equal(ReservationStatus.Reserved, (await store.FindReservationAsync(id))!.Status);

        var other = await ledger.ReserveAsync("donor-b", Gambir5x3, 10, "k2");
        Assert.Equal(LedgerOutcomeKind.Applied, other.Kind);
        Assert.Equal(ReservationStatus.Expired, (await store.FindReservationAsync(id))!.Status);
        var late = await ledger.DeliverAsOwnerAsync(id);
        AssertRefused(LedgerRule.InvalidTransition, late);
        Assert.Equal(new NeedState(Gambir5x3, 10, 10, 0), await ledger.GetNeedAsync(Gambir5x3));
        Assert.Contains(await ToListAsync(store.ReadEventsAsync()), e => e.Kind == "reservation.expired");
    }

    [Fact]
    public async Task Expiry_AReplayAfterExpiry_AnswersNoLongerHeld_WithTheSameReservationAsExpired_AndCountsNothing()
    {
        var (_, clock, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var first = await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1");
        clock.Advance(Duration.FromDays(5));
        var replay = await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1");
        AssertRefused(LedgerRule.NoLongerHeld, replay);
        Assert.False(replay.Succeeded);
        Assert.Contains("is expired", replay.Message, StringComparison.Ordinal);
        Assert.Equal(first.Reservation!.Id, replay.Reservation!.Id);
        Assert.Equal(ReservationStatus.Expired, replay.Reservation.Status);
        Assert.Equal(10, replay.Remaining);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
    }

    [Fact]
    public async Task Expiry_DeliveringAnExpiredReservation_RecordsTheExpiryAndRefuses()
    {
        var (store, clock, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1")).Reservation!.Id;
        clock.Advance(Duration.FromDays(4));
        var late = await ledger.DeliverAsOwnerAsync(id);
        AssertRefused(LedgerRule.InvalidTransition, late);
        Assert.Contains("expired", late.Message, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Expired, (await store.FindReservationAsync(id))!.Status);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 0), await ledger.GetNeedAsync(Gambir5x3));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Households_SameHouseholdSameClassSamePeriod_IsRefused_AcrossDonorsAndItems()
    {
        var fruit = Need("31.71.01.1001.005.003", "pangan.paket-lebaran");
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10), (fruit, 10));
        var nik = HouseholdId.Parse("3171014107800001", HouseholdIdKind.Nik);
        var a = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", fruit, 1, "k2")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(a, [nik])).Kind);
        var dup = await ledger.DeliverAsOwnerAsync(b, [HouseholdId.Parse("3171010101900002", HouseholdIdKind.Nik), nik]);
        Assert.Equal("households[1]", AssertRefused(LedgerRule.HouseholdAlreadyServed, dup).Field);
        Assert.DoesNotContain("3171014107800001", dup.Message, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(b))!.Status);

        // The refused delivery recorded nothing: its first household is still free.
        var c = (await ledger.ReserveAsync("donor-c", fruit, 1, "k3")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(c, [HouseholdId.Parse("3171010101900002", HouseholdIdKind.Nik)])).Kind);
    }

    [Fact]
    public async Task Households_OtherPeriod_IsAllowed_AndCancellingADeliveryFreesTheHousehold()
    {
        var june = Need("31.71.01.1001.005.003", period: "2020-06");
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10), (june, 10));
        var kk = HouseholdId.Parse("3171012345678901", HouseholdIdKind.Kk);
        var may = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(may, [kk])).Kind);
        var jun = (await ledger.ReserveAsync("donor-a", june, 1, "k2")).Reservation!.Id;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(jun, [kk])).Kind);

        var again = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k3")).Reservation!.Id;
        AssertRefused(LedgerRule.HouseholdAlreadyServed, (await ledger.DeliverAsOwnerAsync(again, [kk])));
        await ledger.CancelAsync(SetUp, may, "recorded twice by the agregator");
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(again, [kk])).Kind);
    }

    [Fact]
    public async Task Households_OverrideWithReason_IsAccepted_AndAudited()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var kk = HouseholdId.Parse("3171012345678901", HouseholdIdKind.Kk);
        var a = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k2")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(a, [kk]);
        var overridden = await ledger.DeliverAsOwnerAsync(b, [kk], overrideReason: "household of 14 people, approved by lurah");
        Assert.Equal(LedgerOutcomeKind.Applied, overridden.Kind);
        var events = await ToListAsync(store.ReadEventsAsync());
        Assert.Contains(events, e => e.Kind == "reservation.delivered" && e.Payload.Contains("approved by lurah", StringComparison.Ordinal));
        var counts = await ToListAsync(store.ReadHouseholdCountsAsync());
        Assert.Equal(2, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public async Task Collaborators_AreUpsertedAndReadInOrder()
    {
        var (store, _, ledger) = await NewEmptyLedgerAsync();
        await ledger.SetCollaboratorsAsync(SetUp, [Kolaborator("pt-b", "PT B", "lembaga-usaha"), Kolaborator("a", "Yayasan A", "lsm-oms-pbb-universitas")]);
        await ledger.SetCollaboratorsAsync(SetUp, [Kolaborator("pt-b", "PT B Tbk", "lembaga-usaha")]);
        var all = await ToListAsync(store.ReadCollaboratorsAsync());
        Assert.Equal([("a", "Yayasan A", "lsm-oms-pbb-universitas"), ("pt-b", "PT B Tbk", "lembaga-usaha")], all.Select(c => (c.Id.Value, c.Name, CollaboratorTaxonomy.GetCode(c.Category))));
        Assert.Equal(3, (await ToListAsync(store.ReadEventsAsync())).Count(e => e.Kind == "collaborator.set"));
    }

    [Fact]
    public async Task Events_FormAnIntactGaplessChain_OneEventPerChange()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10), (Gambir5x4, 5));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1");
        await ledger.ReserveAsync("donor-b", Gambir5x3, 30, "k2");
        await ledger.DeliverAsOwnerAsync(id);
        await ledger.VerifyAsync(SetUp, id);
        var events = await ToListAsync(store.ReadEventsAsync());
        Assert.Equal([.. Donors.Select(_ => "collaborator.set"), "need.set", "need.set", "reservation.reserved", "reservation.delivered", "reservation.verified"], events.Select(e => e.Kind));
        Assert.Equal(Enumerable.Range(1, Donors.Length + 5).Select(i => (long)i), events.Select(e => e.Sequence));
        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(events[^1].Hash, verification.HeadHash);
        Assert.Equal(events.Skip(3), await ToListAsync(store.ReadEventsAsync(3)));
    }

    [Fact]
    public async Task Concurrency_ManyWritersOnHotNeeds_NeverOverNeed_NothingLost()
    {
        var (store, _, setup) = await NewLedgerAsync((Gambir5x3, 60), (Gambir5x4, 45), (Gambir6x1, 30));
        await setup.RecordCollaboratorsAsync(Enumerable.Range(0, 8).Select(w => $"donor-{w}"));
        var second = await OpenAgainAsync(store);
        var hot = new[] { Gambir5x3, Gambir5x4, Gambir6x1 };
        const int Writers = 8;
        const int PerWriter = 30;
        var accepted = new System.Collections.Concurrent.ConcurrentBag<Reservation>();
        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var ledger = Ledger(w % 2 == 0 ? store : second, new FakeClock(Start, Duration.FromMilliseconds(1)));
            var random = new Random(w);
            for (var i = 0; i < PerWriter; i++)
            {
                var outcome = await ledger.ReserveAsync($"donor-{w}", hot[random.Next(hot.Length)], random.Next(1, 4), $"w{w}-{i}");
                Assert.True(outcome.Kind is LedgerOutcomeKind.Applied || outcome.Rule == LedgerRule.NotEnoughRemaining, outcome.ToString());
                if (outcome.Kind == LedgerOutcomeKind.Applied)
                {
                    accepted.Add(outcome.Reservation!);
                }
            }
        }));
        await Task.WhenAll(tasks);

        var stored = await ToListAsync(store.ReadReservationsAsync());
        Assert.Equal(accepted.Select(r => r.Id).Order(), stored.Select(r => r.Id).Order());
        foreach (var need in await ToListAsync(store.ReadNeedsAsync(Start)))
        {
            var sum = stored.Where(r => r.Need == need.Key).Sum(r => r.Quantity);
            Assert.Equal(sum, need.Reserved);
            Assert.True(need.Reserved <= need.Need, $"{need.Key} reserved {need.Reserved} of {need.Need}");
        }

        // Demand (8 × 30 × 2 on average) far exceeds 135, so the hot needs must be full or nearly so.
        Assert.True(stored.Sum(r => r.Quantity) >= 135 - (3 * 2));
        Assert.True((await LedgerEventChainVerifyAsync(store)).IsIntact);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Concurrency_SameKeyFromManyWriters_ReservesOnce()
    {
        var (store, _, _) = await NewLedgerAsync((Gambir5x3, 100));
        var second = await OpenAgainAsync(store);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(() =>
            Ledger(w % 2 == 0 ? store : second, new FakeClock(Start)).ReserveAsync("donor-a", Gambir5x3, 7, "the-key"))));
        Assert.Single(outcomes, o => o.Kind == LedgerOutcomeKind.Applied);
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].Reservation!.Id, o.Reservation!.Id));
        Assert.Equal(7, (await store.GetNeedAsync(Gambir5x3, Start))!.Reserved);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Durability_AnotherInstanceSeesEveryAcknowledgedChange()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(id);
        var again = await OpenAgainAsync(store);
        Assert.Equal(ReservationStatus.Delivered, (await again.FindReservationAsync(id))!.Status);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 4), await again.GetNeedAsync(Gambir5x3, Start));
        await again.DisposeAsync();
    }

    private static async Task<ChainVerification> LedgerEventChainVerifyAsync(LedgerStore store) =>
        LedgerEventChain.Verify(await ToListAsync(store.ReadEventsAsync()));
}

/// <summary>Builds the model's collaborator records from the short form the tests use.</summary>
public static class TestCollaborators
{
    /// <summary>A collaborator with the given id, name and category code (the taxonomy's).</summary>
    public static Collaborator Kolaborator(string id, string name, string category) =>
        Collaborator.Create(CollaboratorId.Parse(id), name, CollaboratorTaxonomy.TryParseCategory(category, out var c) ? c : throw new ArgumentException(category));
}

/// <summary>
/// The actors and keys the tests act with, and the set-up a ledger needs before collaborators pledge and reserve:
/// every command names its actor, and only a recorded, active collaborator pledges and reserves.
/// </summary>
public static class TestActors
{
    /// <summary>Gets the host's system actor of the tests: it sets needs and records, and (while no roles are recorded) verifies and cancels.</summary>
    public static LedgerActor SetUp { get; } = LedgerActor.System("test");

    /// <summary>The actor for a collaborator or officer id.</summary>
    public static LedgerActor Actor(string id) => LedgerActor.Of(CollaboratorId.Parse(id));

    /// <summary>An idempotency key.</summary>
    public static IdempotencyKey Key(string key) => IdempotencyKey.Parse(key);

    /// <summary>Records active collaborators with the given ids (as the set-up actor), so that they may pledge and reserve.</summary>
    public static async Task RecordCollaboratorsAsync(this ReservationLedger ledger, params IEnumerable<string> ids)
    {
        var outcome = await ledger.SetCollaboratorsAsync(SetUp, ids.Select(id => Collaborator.Create(CollaboratorId.Parse(id), "Kolaborator " + id, CollaboratorCategory.LembagaUsaha)));
        Assert.True(outcome.Kind == LedgerOutcomeKind.Applied, outcome.ToString());
    }

    /// <summary>Sets one need as <paramref name="actor"/> and gives its change.</summary>
    public static async Task<NeedChange> SetNeedAsync(this ReservationLedger ledger, LedgerActor actor, NeedKey key, long need) =>
        (await ledger.SetNeedsAsync(actor, [new(key, need)])).Changes[0];

    /// <summary>Reserves as the collaborator <paramref name="collaborator"/>.</summary>
    public static Task<LedgerOutcome> ReserveAsync(this ReservationLedger ledger, string collaborator, NeedKey need, long quantity, string key, Ksbb.Model.Pledges.PledgeId? pledge = null, NodaTime.LocalDate? deliverBy = null) =>
        ledger.ReserveAsync(Actor(collaborator), need, quantity, Key(key), pledge, deliverBy);

    /// <summary>Delivers as the reservation's own collaborator.</summary>
    public static async Task<LedgerOutcome> DeliverAsOwnerAsync(this ReservationLedger ledger, ReservationId id, DeliveryProof? proof = null, IReadOnlyList<Ksbb.Ledger.Households.HouseholdId>? households = null, long? deliveredQuantity = null, string? overrideReason = null) =>
        await ledger.DeliverAsync(await OwnerAsync(ledger, id), id, proof, households, deliveredQuantity, overrideReason);

    /// <summary>Delivers as the reservation's own collaborator, naming the households.</summary>
    public static Task<LedgerOutcome> DeliverAsOwnerAsync(this ReservationLedger ledger, ReservationId id, IReadOnlyList<Ksbb.Ledger.Households.HouseholdId> households, long? deliveredQuantity = null, string? overrideReason = null) =>
        ledger.DeliverAsOwnerAsync(id, null, households, deliveredQuantity, overrideReason);

    /// <summary>Releases as the reservation's own collaborator.</summary>
    public static async Task<LedgerOutcome> ReleaseAsOwnerAsync(this ReservationLedger ledger, ReservationId id) =>
        await ledger.ReleaseAsync(await OwnerAsync(ledger, id), id);

    /// <summary>Renews as the reservation's own collaborator.</summary>
    public static async Task<LedgerOutcome> RenewAsOwnerAsync(this ReservationLedger ledger, ReservationId id) =>
        await ledger.RenewAsync(await OwnerAsync(ledger, id), id);

    /// <summary>Asserts a refusal by <paramref name="rule"/>.</summary>
    public static LedgerRefusal AssertRefused(LedgerRule rule, LedgerOutcome outcome)
    {
        Assert.True(outcome.Kind == LedgerOutcomeKind.Refused && outcome.Rule == rule, $"expected a refusal by {rule}, got {outcome}");
        Assert.StartsWith(LedgerRules.Name(rule) + ": ", outcome.Message, StringComparison.Ordinal);
        return outcome.Refusal!;
    }

    // The reservation's collaborator (an unknown reservation: a collaborator who holds none).
    private static async Task<LedgerActor> OwnerAsync(ReservationLedger ledger, ReservationId id) =>
        await ledger.FindAsync(id) is { } found ? LedgerActor.Of(found.Collaborator) : Actor("donor-a");
}
