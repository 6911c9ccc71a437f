using Ksbb.Model.Time;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>Needs as date ranges: one unit and item never has needs for two periods that share a day.</summary>
public abstract partial class LedgerStoreContract
{
    [Fact]
    public async Task SetNeed_AWeekInsideAMonthOfTheSameUnitAndItem_IsRefused_AndNotApplied()
    {
        var month = Need("31.71.01.1001.005.003", period: "2020-11");
        var (_, _, ledger) = await NewLedgerAsync((month, 10));

        var week = Need("31.71.01.1001.005.003", period: "2020-W46");
        var change = await ledger.SetNeedAsync(SetUp, week, 4);
        Assert.True(change.IsRefused);
        Assert.Equal(DistributionPeriod.Parse("2020-11"), change.OverlapsPeriod);
        Assert.Equal(0, change.After.Need);
        Assert.Null(await ledger.GetNeedAsync(week));
        var refused = await ledger.ReserveAsync("donor-a", week, 1, "k-week");
        AssertRefused(LedgerRule.NeedNotFound, refused);

        // Not overlapping: a week in December, the same week of another unit or of another item.
        Assert.False((await ledger.SetNeedAsync(SetUp, Need("31.71.01.1001.005.003", period: "2020-W50"), 4)).IsRefused);
        Assert.False((await ledger.SetNeedAsync(SetUp, Need("31.71.01.1001.005.004", period: "2020-W46"), 4)).IsRefused);
        Assert.False((await ledger.SetNeedAsync(SetUp, Need("31.71.01.1001.005.003", item: "pangan.makanan-siap-saji", period: "2020-W46"), 4)).IsRefused);

        // Changing the month itself is still a plain update.
        var raised = await ledger.SetNeedAsync(SetUp, month, 12);
        Assert.False(raised.IsRefused);
        Assert.Equal(10, raised.PreviousNeed);

        var verification = await ledger.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task SetNeeds_OverlappingPeriodsInOneBatch_TheLaterIsRefused_TheRestApplied()
    {
        var (_, _, ledger) = await NewLedgerAsync();
        var changes = (await ledger.SetNeedsAsync(SetUp,
        [
            new(Need("31.71.01.1001.005.003", period: "2020-W46"), 3),
            new(Need("31.71.01.1001.005.003", period: "2020-11"), 10),
            new(Need("31.71.01.1001.005.004", period: "2020-11"), 5),
        ])).Changes;
        Assert.False(changes[0].IsRefused);
        Assert.True(changes[1].IsRefused);
        Assert.Equal((LedgerRule.NeedPeriodOverlap, "period", Need("31.71.01.1001.005.003").Unit), (changes[1].Refusal!.Rule, changes[1].Refusal!.Field, changes[1].Refusal!.Unit));
        Assert.Equal(DistributionPeriod.Parse("2020-W46"), changes[1].OverlapsPeriod);
        Assert.False(changes[2].IsRefused);
        Assert.NotNull(await ledger.GetNeedAsync(Need("31.71.01.1001.005.003", period: "2020-W46")));
        Assert.Null(await ledger.GetNeedAsync(Need("31.71.01.1001.005.003", period: "2020-11")));
        Assert.Equal(5, (await ledger.GetNeedAsync(Need("31.71.01.1001.005.004", period: "2020-11")))!.Need);
    }

    // Periods that pairwise share a day (each holds 2020-11-12), so at most one of them can stand for a unit and item.
    private static readonly string[] RacingPeriods =
        ["2020-11", "2020-W46", "2020-11-01/2020-11-12", "2020-11-12/2020-11-30", "2020-11-10/2020-11-14", "2020-11-11/2020-11-13", "2020-11-12/2020-11-12", "2020-11-05/2020-11-20"];

    [Fact]
    public async Task SetNeed_OverlappingPeriodsRacingFromManyInstances_ExactlyOneIsApplied()
    {
        // One store instance per writer, all released at once by a barrier, over many rounds (a new unit each round).
        var (store, clock, first) = await NewLedgerAsync();
        var writers = new List<ReservationLedger> { first };
        for (var i = 1; i < RacingPeriods.Length; i++)
        {
            writers.Add(Ledger(await OpenAgainAsync(store), clock));
        }

        for (var round = 0; round < 12; round++)
        {
            var unit = $"31.71.01.1001.005.{round + 1:000}";
            using var barrier = new Barrier(writers.Count);
            var results = await Task.WhenAll(writers.Select((ledger, i) => Task.Factory.StartNew(() =>
            {
                barrier.SignalAndWait(TimeSpan.FromSeconds(30));
                return ledger.SetNeedAsync(SetUp, Need(unit, period: RacingPeriods[i]), i + 1).GetAwaiter().GetResult();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
            Assert.Equal(1, results.Count(r => !r.IsRefused));
            Assert.All(results.Where(r => r.IsRefused), r => Assert.Equal(LedgerRule.NeedPeriodOverlap, r.Refusal!.Rule));
            var stored = 0;
            foreach (var period in RacingPeriods)
            {
                stored += await first.GetNeedAsync(Need(unit, period: period)) is null ? 0 : 1;
            }

            Assert.Equal(1, stored);
        }

        var verification = await first.VerifyChainAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }
}
