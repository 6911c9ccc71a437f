using System.Security.Cryptography;
using Ksbb.Model.Regions;
using NodaTime;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

// Planned delivery dates, overdue commitments and proof of delivery: the same contract on every store.
public abstract partial class LedgerStoreContract
{
    private static readonly LocalDate May5 = new(2020, 5, 5);

    protected static DeliveryEvidence Evidence(string content) =>
        DeliveryEvidence.Create(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content))), content.Length);

    private static Task<LedgerOutcome> ReserveByAsync(ReservationLedger ledger, string who, NeedKey need, long quantity, string key, LocalDate deliverBy) =>
        ledger.ReserveAsync(who, need, quantity, key, deliverBy: deliverBy);

    [Fact]
    public async Task Reserve_PlansTheGivenDate_OrThePeriodEnd_AndTheChainRecordsIt()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var dated = (await ReserveByAsync(ledger, "donor-a", Gambir5x3, 2, "k1", May5)).Reservation!;
        var plain = (await ledger.ReserveAsync("donor-b", Gambir5x3, 2, "k2")).Reservation!;

        Assert.Equal(May5, dated.DeliverBy);
        Assert.Equal(new LocalDate(2020, 5, 31), plain.DeliverBy);
        Assert.Equal(May5, (await ledger.FindAsync(dated.Id))!.DeliverBy);
        Assert.Equal([May5, new LocalDate(2020, 5, 31)], (await ToListAsync(ledger.ReadReservationsAsync())).Select(r => r.DeliverBy));
        var reopened = Ledger(await OpenAgainAsync(store), new NodaTime.Testing.FakeClock(Start));
        Assert.Equal(May5, (await reopened.FindAsync(dated.Id))!.DeliverBy);
        var reserved = (await ToListAsync(store.ReadEventsAsync())).Where(e => e.Kind == "reservation.reserved").Select(e => e.Payload).ToList();
        Assert.Contains("\"deliverBy\":\"2020-05-05\"", reserved[0], StringComparison.Ordinal);
        Assert.Contains("\"deliverBy\":\"2020-05-31\"", reserved[1], StringComparison.Ordinal);
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Reserve_PlannedDate_BeforeToday_IsRefused_AndAnotherDateUnderTheSameKey_IsAKeyConflict()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var past = await ReserveByAsync(ledger, "donor-a", Gambir5x3, 2, "k1", new LocalDate(2020, 5, 3));
        Assert.Equal("deliverBy", AssertRefused(LedgerRule.DeliverByOutOfRange, past).Field);
        Assert.Contains("2020-05-03", past.Message, StringComparison.Ordinal);

        var first = await ReserveByAsync(ledger, "donor-a", Gambir5x3, 2, "k1", May5);
        Assert.Equal(LedgerOutcomeKind.Replayed, (await ReserveByAsync(ledger, "donor-a", Gambir5x3, 2, "k1", May5)).Kind);
        var conflict = await ReserveByAsync(ledger, "donor-a", Gambir5x3, 2, "k1", May5.PlusDays(1));
        AssertRefused(LedgerRule.KeyConflict, conflict);
        Assert.Equal(first.Reservation!.Id, conflict.Reservation!.Id);
        Assert.Equal(8, (await ledger.GetNeedAsync(Gambir5x3))!.Remaining);
    }

    [Fact]
    public async Task Overdue_ListsOnlyHeldReservations_PastTheirPlannedDate_MostOverdueFirst()
    {
        var (store, clock, shortLived) = await NewLedgerAsync((Gambir5x3, 50), (Gambir5x4, 50));
        var ledger = Ledger(store, clock, Duration.FromDays(40));
        await ledger.RecordCollaboratorsAsync("donor-d", "donor-e", "donor-f");
        var early = (await ReserveByAsync(ledger, "donor-a", Gambir5x3, 1, "early", May5)).Reservation!;
        var later = (await ReserveByAsync(ledger, "donor-b", Gambir5x4, 1, "later", new LocalDate(2020, 5, 10))).Reservation!;
        var periodEnd = (await ledger.ReserveAsync("donor-c", Gambir5x3, 1, "period-end")).Reservation!;
        var delivered = (await ReserveByAsync(ledger, "donor-d", Gambir5x3, 1, "delivered", May5)).Reservation!;
        var released = (await ReserveByAsync(ledger, "donor-e", Gambir5x3, 1, "released", May5)).Reservation!;
        var expiring = (await ReserveByAsync(shortLived, "donor-f", Gambir5x3, 1, "expiring", May5)).Reservation!;
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(delivered.Id)).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReleaseAsOwnerAsync(released.Id)).Kind);

        // 2020-05-05 is not yet past on the 5th (Asia/Jakarta), and is on the 6th.
        Assert.Empty(await ledger.ReadOverdueAsync());
        clock.Reset(Instant.FromUtc(2020, 5, 5, 16, 59));
        Assert.Empty(await ledger.ReadOverdueAsync());
        clock.Reset(Instant.FromUtc(2020, 5, 5, 17, 0));
        Assert.Equal([(early.Id, 1), (expiring.Id, 1)], (await ledger.ReadOverdueAsync()).Select(o => (o.Reservation.Id, o.DaysOverdue)));

        // Three days after it was made, the short-lived reservation has expired: no longer a commitment.
        clock.Reset(Instant.FromUtc(2020, 6, 2, 3, 0));
        var overdue = await ledger.ReadOverdueAsync();
        Assert.Equal([(early.Id, 28), (later.Id, 23), (periodEnd.Id, 2)], overdue.Select(o => (o.Reservation.Id, o.DaysOverdue)));
        Assert.Equal([May5, new LocalDate(2020, 5, 10), new LocalDate(2020, 5, 31)], overdue.Select(o => o.DeliverBy));
        Assert.All(overdue, o => Assert.Equal(ReservationStatus.Reserved, o.Reservation.Status));
        Assert.DoesNotContain(overdue, o => o.Reservation.Id == expiring.Id);
    }

    [Fact]
    public async Task Deliver_WithProof_StoresHashesGeotagAndAcknowledgements_InTheTableAndTheChain()
    {
        var (store, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var id = (await ledger.ReserveAsync("donor-a", Gambir5x3, 4, "k1")).Reservation!.Id;
        var proof = DeliveryProof.Create(
            [Evidence("photo"), Evidence("receipt")],
            DeliveryGeotag.Create(GeoPoint.Create(106.8123456789, -6.1712345678), RegionCode.Parse("31.71.01.1001.005"), 0),
            3);

        var outcome = await ledger.DeliverAsOwnerAsync(id, proof);

        Assert.Equal(LedgerOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(proof, await ledger.GetProofAsync(id));
        Assert.Equal(proof, await Ledger(await OpenAgainAsync(store), new NodaTime.Testing.FakeClock(Start)).GetProofAsync(id));
        var delivered = (await ToListAsync(store.ReadEventsAsync())).Single(e => e.Kind == "reservation.delivered").Payload;
        Assert.Contains(proof.Evidence[0].Sha256, delivered, StringComparison.Ordinal);
        Assert.Contains(proof.Evidence[1].Sha256, delivered, StringComparison.Ordinal);
        Assert.Contains("\"acknowledgements\":3", delivered, StringComparison.Ordinal);
        Assert.Contains("\"locatedUnit\":\"31.71.01.1001.005\"", delivered, StringComparison.Ordinal);
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);

        // A repeated delivery changes nothing, and keeps the first proof.
        Assert.Equal(LedgerOutcomeKind.Unchanged, (await ledger.DeliverAsOwnerAsync(id, DeliveryProof.Create(acknowledgements: 9))).Kind);
        Assert.Equal(proof, await ledger.GetProofAsync(id));
        Assert.Equal(DeliveryStanding.DeliveredWithEvidence, DeliveryProof.StandingOf((await ledger.FindAsync(id))!.Status, proof));
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.VerifyAsync(SetUp, id)).Kind);
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Deliver_WithoutProof_HasNone_AndAGeotagContradictingTheClaimedUnit_IsBadInput()
    {
        var (_, _, ledger) = await NewLedgerAsync((Gambir5x3, 10));
        var plain = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k1")).Reservation!.Id;
        var tagged = (await ledger.ReserveAsync("donor-a", Gambir5x3, 1, "k2")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(plain);
        Assert.Null(await ledger.GetProofAsync(plain));

        // Located in the claimed RT itself, yet said to be 120 m from it: a host's mistake, refused before anything is stored.
        var contradiction = DeliveryProof.Create(geotag: DeliveryGeotag.Create(GeoPoint.Create(106.8, -6.2), Gambir5x3.Unit, 120));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ledger.DeliverAsOwnerAsync(tagged, contradiction));
        Assert.Equal("proof", error.ParamName);
        Assert.Equal(ReservationStatus.Reserved, (await ledger.FindAsync(tagged))!.Status);

        // Outside the claimed unit, in another RW: recorded as it is, the standing says so.
        var outside = DeliveryProof.Create([Evidence("photo")], DeliveryGeotag.Create(GeoPoint.Create(106.8, -6.2), RegionCode.Parse("31.71.01.1001.009"), 850.5), 2);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(tagged, outside)).Kind);
        Assert.Equal(DeliveryStanding.LocatedOutsideClaimedUnit, DeliveryProof.StandingOf(ReservationStatus.Delivered, await ledger.GetProofAsync(tagged)));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }
}
