using Ksbb.Ledger.Export;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>Institutions (panti, pesantren, other priority locations) are recipients like RTs: their unit code sits
/// at the RT level of their RW (<see cref="RegionCode.ForInstitution"/>), so needs, pledges, reservations, deliveries
/// and the public export work for them unchanged.</summary>
public abstract partial class LedgerStoreContract
{
    [Fact]
    public async Task Institutions_HaveNeedsPledgesReservationsDeliveriesAndAPublicRecord_AsRtsDo()
    {
        var rw = RegionCode.Parse("31.71.01.1001.005");
        var panti = RegionCode.ForInstitution(rw, 1);
        Assert.True(panti.IsInstitution);
        var need = new NeedKey(panti, ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05"));
        var (_, _, ledger) = await NewLedgerAsync((need, 40), (Gambir5x3, 10));
        await ledger.SetCollaboratorsAsync(SetUp, [WithStatus("donor-a", CollaboratorStatus.Active), WithStatus("donor-b", CollaboratorStatus.Active)]);

        var pledge = await ledger.PledgeAsync(Actor("donor-a"), need.Item, need.Period, 30, Key("p-panti"));
        Assert.NotNull(pledge.Pledge);
        var held = await ledger.ReserveAsync("donor-a", need, 25, "r-panti", pledge.Pledge!.Id);
        Assert.Equal(LedgerOutcomeKind.Applied, held.Kind);
        Assert.Equal(panti, held.Reservation!.Need.Unit);

        // Never over the institution's need, whoever asks.
        var over = await ledger.ReserveAsync("donor-b", need, 16, "r-over");
        Assert.Equal(15L, AssertRefused(LedgerRule.NotEnoughRemaining, over).Remaining);

        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(held.Reservation.Id)).Kind);
        Assert.Equal(new NeedState(need, 40, 0, 25), await ledger.GetNeedAsync(need));

        // The public export lists the institution under its own code, inside its RW's range, beside the RT.
        var export = await PublicExport.CreateAsync(ledger);
        var record = Assert.Single(export.Needs, n => n.Unit == panti);
        Assert.Equal((40L, 25L), (record.Need, record.Delivered ?? -1));
        Assert.True(rw.Contains(record.Unit));
        Assert.Contains(export.Needs, n => n.Unit == Gambir5x3.Unit);

        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }
}
