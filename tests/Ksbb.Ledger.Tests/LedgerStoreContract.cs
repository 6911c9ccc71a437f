using Ksbb.Model.Catalog;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;

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

    protected async Task<(LedgerStore Store, FakeClock Clock, ReservationLedger Ledger)> NewLedgerAsync(params (NeedKey Key, long Need)[] needs)
    {
        var store = await CreateStoreAsync();
        var clock = new FakeClock(Start, Duration.FromMilliseconds(1));
        var ledger = Ledger(store, clock);
        if (needs.Length > 0)
        {
            await ledger.SetNeedsAsync(needs.Select(n => new KeyValuePair<NeedKey, long>(n.Key, n.Need)));
        }

        return (store, clock, ledger);
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

        Assert.All(outcomes, o => Assert.True(o.Kind is ReserveOutcomeKind.Reserved or ReserveOutcomeKind.Replayed, o.Kind.ToString()));
        Assert.Equal(needs.Length, outcomes.Count(o => o.Kind == ReserveOutcomeKind.Reserved));
        Assert.Equal(needs.Length, (await ToListAsync(store.ReadReservationsAsync())).Count);
    }

    [Fact]
    public async Task Reserve_QuantitiesNearTheInt64Limit_AreRefused_NeverAnOverflow()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, long.MaxValue));
        var big = await ledger.ReserveAsync("donor-a", Gambir5x3, long.MaxValue - 1, "k1");
        Assert.Equal(ReserveOutcomeKind.Reserved, big.Kind);
        Assert.Equal(1, big.Remaining);

        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, long.MaxValue, "k2");
        Assert.Equal(ReserveOutcomeKind.Refused, refused.Kind);
        Assert.Equal(1, refused.Remaining);

        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(big.Reservation!.Id)).Kind);
        Assert.Equal(ReserveOutcomeKind.Refused, (await ledger.ReserveAsync("donor-b", Gambir5x3, long.MaxValue, "k3")).Kind);
        Assert.Equal(ReserveOutcomeKind.Reserved, (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k4")).Kind);
        Assert.Equal(new NeedState(Gambir5x3, long.MaxValue, 1, long.MaxValue - 1), await ledger.GetNeedAsync(Gambir5x3));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Reserve_WithinNeed_ReservesAndReportsRemaining()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var outcome = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        Assert.Equal(ReserveOutcomeKind.Reserved, outcome.Kind);
        Assert.Equal(6, outcome.Remaining);
        Assert.NotNull(outcome.Reservation);
        Assert.Equal(ReservationStatus.Reserved, outcome.Reservation.Status);
        Assert.Equal(outcome.Reservation, await ledger.FindAsync(outcome.Reservation.Id));
    }

    [Fact]
    public async Task Reserve_ExactlyTheRemainder_IsAccepted_AndOneMoreIsRefusedWithZeroRemaining()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        Assert.Equal(ReserveOutcomeKind.Reserved, (await ledger.ReserveAsync("donor-a", Gambir5x3, 10, "k1")).Kind);
        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k2");
        Assert.Equal(ReserveOutcomeKind.Refused, refused.Kind);
        Assert.Equal(0, refused.Remaining);
    }

    [Fact]
    public async Task Reserve_MoreThanRemains_IsRefusedWithWhatRemains_AndCountsNothing()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        await ledger.ReserveAsync("donor-a", Gambir5x3, 7, "k1");
        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, 4, "k2");
        Assert.Equal(ReserveOutcomeKind.Refused, refused.Kind);
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
        Assert.Equal(ReserveOutcomeKind.UnknownNeed, outcome.Kind);
    }

    [Fact]
    public async Task Reserve_SameKeySameParameters_ReturnsTheFirstAnswer_AndCountsOnce()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var first = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        var again = await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1");
        Assert.Equal(ReserveOutcomeKind.Replayed, again.Kind);
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
        Assert.Equal(ReserveOutcomeKind.KeyConflict, conflict.Kind);
        Assert.Equal(first.Reservation!.Id, conflict.Reservation!.Id);
        Assert.Equal(4, (await ledger.GetNeedAsync(Gambir5x3))!.Reserved);
        Assert.Equal(0, (await ledger.GetNeedAsync(Gambir5x4))!.Reserved);
    }

    [Fact]
    public async Task Reserve_RefusedKey_StaysFree_AndSucceedsOnceTheNeedIsRaised()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 3));
        Assert.Equal(ReserveOutcomeKind.Refused, (await ledger.ReserveAsync("donor-a", Gambir5x3, 5, "k1")).Kind);
        await ledger.SetNeedAsync(Gambir5x3, 8);
        Assert.Equal(ReserveOutcomeKind.Reserved, (await ledger.ReserveAsync("donor-a", Gambir5x3, 5, "k1")).Kind);
    }

    [Fact]
    public async Task SetNeeds_RaiseAndLower_ReportsOvercommitment_WithoutTruncating()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        await ledger.ReserveAsync("donor-a", Gambir5x3, 8, "k1");
        var raised = await ledger.SetNeedAsync(Gambir5x3, 12);
        Assert.Equal(10, raised.PreviousNeed);
        Assert.False(raised.IsOvercommitted);
        var lowered = await ledger.SetNeedAsync(Gambir5x3, 5);
        Assert.True(lowered.IsOvercommitted);
        Assert.Equal(3, lowered.After.Overcommitted);
        Assert.Equal(new NeedState(Gambir5x3, 5, 8, 0), await ledger.GetNeedAsync(Gambir5x3));
        Assert.Equal(ReservationStatus.Reserved, (await ToListAsync(store.ReadReservationsAsync())).Single().Status);
        var refused = await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k2");
        Assert.Equal(ReserveOutcomeKind.Refused, refused.Kind);
        Assert.Equal(0, refused.Remaining);
        var added = await ledger.SetNeedAsync(Gambir6x1, 2);
        Assert.Null(added.PreviousNeed);
    }

    [Fact]
    public async Task Lifecycle_DeliverThenVerify_MovesQuantityFromReservedToDelivered()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1")).Reservation!.Id;
        var delivered = await ledger.DeliverAsync(id);
        Assert.Equal(TransitionOutcomeKind.Applied, delivered.Kind);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 4), await ledger.GetNeedAsync(Gambir5x3));
        var verified = await ledger.VerifyAsync(id);
        Assert.Equal(TransitionOutcomeKind.Applied, verified.Kind);
        Assert.Equal(ReservationStatus.Verified, (await ledger.FindAsync(id))!.Status);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 4), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Lifecycle_PartialDelivery_ReturnsTheRestToTheNeed()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 5, "k1")).Reservation!.Id;
        var delivered = await ledger.DeliverAsync(id, deliveredQuantity: 3);
        Assert.Equal(3, delivered.Reservation!.DeliveredQuantity);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 3), await ledger.GetNeedAsync(Gambir5x3));
        var tooMuch = await ledger.DeliverAsync((await ledger.ReserveAsync("donor-a", Gambir5x3, 2, "k2")).Reservation!.Id, deliveredQuantity: 3);
        Assert.Equal(TransitionOutcomeKind.Invalid, tooMuch.Kind);
    }

    [Fact]
    public async Task Lifecycle_ReleaseAndCancel_ReturnTheQuantity()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var a = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", Gambir5x3, 3, "k2")).Reservation!.Id;
        var c = (await ledger.ReserveAsync("donor-c", Gambir5x3, 3, "k3")).Reservation!.Id;
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.ReleaseAsync(a)).Kind);
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.CancelAsync(b, "duplicate pledge")).Kind);
        await ledger.DeliverAsync(c);
        var cancelled = await ledger.CancelAsync(c, "delivered to the wrong RT");
        Assert.Equal(TransitionOutcomeKind.Applied, cancelled.Kind);
        Assert.Equal("delivered to the wrong RT", cancelled.Reservation!.Reason);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 0), await ledger.GetNeedAsync(Gambir5x3));
    }

    [Fact]
    public async Task Lifecycle_InvalidTransitions_AreRefusedWithAClearMessage()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        var verify = await ledger.VerifyAsync(id);
        Assert.Equal(TransitionOutcomeKind.Invalid, verify.Kind);
        Assert.Contains("is reserved and cannot be verified", verify.Message, StringComparison.Ordinal);
        await ledger.ReleaseAsync(id);
        var deliver = await ledger.DeliverAsync(id);
        Assert.Equal(TransitionOutcomeKind.Invalid, deliver.Kind);
        Assert.Contains("is released", deliver.Message, StringComparison.Ordinal);
        Assert.Equal(TransitionOutcomeKind.Invalid, (await ledger.CancelAsync(id, "late")).Kind);
        Assert.Equal(new NeedState(Gambir5x3, 10, 0, 0), await ledger.GetNeedAsync(Gambir5x3));
        var missing = await ledger.ReleaseAsync(ReservationId.FromGuid(Guid.NewGuid()));
        Assert.Equal(TransitionOutcomeKind.NotFound, missing.Kind);
    }

    [Fact]
    public async Task Lifecycle_RepeatingATransition_IsUnchangedAndCountsOnce()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 3, "k1")).Reservation!.Id;
        await ledger.DeliverAsync(id);
        Assert.Equal(TransitionOutcomeKind.Unchanged, (await ledger.DeliverAsync(id)).Kind);
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
        Assert.Equal(ReserveOutcomeKind.Reserved, other.Kind);
        Assert.Equal(ReservationStatus.Expired, (await store.FindReservationAsync(id))!.Status);
        var late = await ledger.DeliverAsync(id);
        Assert.Equal(TransitionOutcomeKind.Invalid, late.Kind);
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
        Assert.Equal(ReserveOutcomeKind.NoLongerHeld, replay.Kind);
        Assert.False(replay.Succeeded);
        Assert.Contains("is expired", replay.Rule, StringComparison.Ordinal);
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
        var late = await ledger.DeliverAsync(id);
        Assert.Equal(TransitionOutcomeKind.Invalid, late.Kind);
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
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(a, [nik])).Kind);
        var dup = await ledger.DeliverAsync(b, [HouseholdId.Parse("3171010101900002", HouseholdIdKind.Nik), nik]);
        Assert.Equal(TransitionOutcomeKind.DuplicateHousehold, dup.Kind);
        Assert.Equal(1, dup.HouseholdIndex);
        Assert.DoesNotContain("3171014107800001", dup.Message, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(b))!.Status);

        // The refused delivery recorded nothing: its first household is still free.
        var c = (await ledger.ReserveAsync("donor-c", fruit, 1, "k3")).Reservation!.Id;
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(c, [HouseholdId.Parse("3171010101900002", HouseholdIdKind.Nik)])).Kind);
    }

    [Fact]
    public async Task Households_OtherPeriod_IsAllowed_AndCancellingADeliveryFreesTheHousehold()
    {
        var june = Need("31.71.01.1001.005.003", period: "2020-06");
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10), (june, 10));
        var kk = HouseholdId.Parse("3171012345678901", HouseholdIdKind.Kk);
        var may = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1")).Reservation!.Id;
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(may, [kk])).Kind);
        var jun = (await ledger.ReserveAsync("donor-a", june, 1, "k2")).Reservation!.Id;
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(jun, [kk])).Kind);

        var again = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k3")).Reservation!.Id;
        Assert.Equal(TransitionOutcomeKind.DuplicateHousehold, (await ledger.DeliverAsync(again, [kk])).Kind);
        await ledger.CancelAsync(may, "recorded twice by the agregator");
        Assert.Equal(TransitionOutcomeKind.Applied, (await ledger.DeliverAsync(again, [kk])).Kind);
    }

    [Fact]
    public async Task Households_OverrideWithReason_IsAccepted_AndAudited()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var kk = HouseholdId.Parse("3171012345678901", HouseholdIdKind.Kk);
        var a = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1")).Reservation!.Id;
        var b = (await ledger.ReserveAsync("donor-b", Gambir5x3, 1, "k2")).Reservation!.Id;
        await ledger.DeliverAsync(a, [kk]);
        var overridden = await ledger.DeliverAsync(b, [kk], overrideReason: "household of 14 people, approved by lurah");
        Assert.Equal(TransitionOutcomeKind.Applied, overridden.Kind);
        var events = await ToListAsync(store.ReadEventsAsync());
        Assert.Contains(events, e => e.Kind == "reservation.delivered" && e.Payload.Contains("approved by lurah", StringComparison.Ordinal));
        var counts = await ToListAsync(store.ReadHouseholdCountsAsync());
        Assert.Equal(2, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public async Task Collaborators_AreUpsertedAndReadInOrder()
    {
        var (store, _, ledger) = await NewLedgerAsync();
        await ledger.SetCollaboratorsAsync([Kolaborator("pt-b", "PT B", "lembaga-usaha"), Kolaborator("a", "Yayasan A", "lsm-oms-pbb-universitas")]);
        await ledger.SetCollaboratorsAsync([Kolaborator("pt-b", "PT B Tbk", "lembaga-usaha")]);
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
        await ledger.DeliverAsync(id);
        await ledger.VerifyAsync(id);
        var events = await ToListAsync(store.ReadEventsAsync());
        Assert.Equal(["need.set", "need.set", "reservation.reserved", "reservation.delivered", "reservation.verified"], events.Select(e => e.Kind));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), events.Select(e => e.Sequence));
        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(events[^1].Hash, verification.HeadHash);
        Assert.Equal(events.Skip(3), await ToListAsync(store.ReadEventsAsync(3)));
    }

    [Fact]
    public async Task Concurrency_ManyWritersOnHotNeeds_NeverOverNeed_NothingLost()
    {
        var (store, _, _) = await NewLedgerAsync((Gambir5x3, 60), (Gambir5x4, 45), (Gambir6x1, 30));
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
                Assert.True(outcome.Kind is ReserveOutcomeKind.Reserved or ReserveOutcomeKind.Refused, outcome.ToString());
                if (outcome.Kind == ReserveOutcomeKind.Reserved)
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
        Assert.Single(outcomes, o => o.Kind == ReserveOutcomeKind.Reserved);
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].Reservation!.Id, o.Reservation!.Id));
        Assert.Equal(7, (await store.GetNeedAsync(Gambir5x3, Start))!.Reserved);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Durability_AnotherInstanceSeesEveryAcknowledgedChange()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1")).Reservation!.Id;
        await ledger.DeliverAsync(id);
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
