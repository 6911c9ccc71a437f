using Ksbb.Allocation;
using Ksbb.Ledger;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Catalog;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Tests;
using NodaTime;

namespace Ksbb.Round.Tests;

/// <summary>The core types publish their metrics and traces with no host: a pooled round through <see cref="PooledRound"/>
/// alone, an allocation through <see cref="AllocationEngine"/> alone, and the ledger store's write transactions.</summary>
public sealed class TelemetryTests : IDisposable
{
    private static readonly NeedKey Need = new(RegionCode.Parse("31.71.01.1001.001.001"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-11"));
    private readonly string _folder = Directory.CreateTempSubdirectory("ksbb-round-telemetry-").FullName;

    [Fact]
    public async Task PooledRoundAlone_IsSeenByAMeterListenerAndAnActivityListener()
    {
        var store = SqliteLedgerStore.Open(Path.Combine(_folder, "round.db"));
        await store.MigrateAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance });
        var host = LedgerActor.System("test");
        await ledger.SetNeedsAsync(host, [new(Need, 8)]);
        await ledger.SetCollaboratorsAsync(host, [Collaborator.Create(CollaboratorId.Parse("c-1"), "PT Andalan", CollaboratorCategory.LembagaUsaha)]);
        await ledger.SetAggregatorsAsync(host, [Aggregator.Create(AggregatorId.Parse("agg-1"), "Mitra", GeoPoint.Create(106.80, -6.20), 100)]);
        await ledger.PledgeAsync(LedgerActor.Of(CollaboratorId.Parse("c-1")), Need.Item, Need.Period, 5, Ksbb.Model.Distribution.IdempotencyKey.Parse("p1"), AggregatorId.Parse("agg-1"));
        var round = new PooledRound(ledger, _ => GeoPoint.Create(106.815, -6.175));
        using var observed = new Observed();

        var plan = await round.PlanAsync(Need.Item, Need.Period);
        var commit = await round.CommitAsync(plan, host);

        Assert.Equal(1, commit.Reserved);
        var planned = Assert.Single(observed.Named("ksbb.round.plan"));
        Assert.Equal("pangan.paket-sembako", planned.GetTagItem(RoundTelemetry.ItemTag));
        Assert.Equal(5L, planned.GetTagItem("ksbb.allocated"));
        var run = Assert.Single(observed.Named("ksbb.allocation.run"));
        Assert.Equal(planned.SpanId, run.ParentSpanId); // the allocation is a child of the plan
        var committed = Assert.Single(observed.Named("ksbb.round.commit"));
        Assert.Equal(1, committed.GetTagItem("ksbb.reserved"));
        var reserve = Assert.Single(observed.Named("ksbb.ledger.reserve"), r => r.ParentSpanId == committed.SpanId); // the line's command
        Assert.Contains(observed.Named("ksbb.ledger.transaction"), t => t.ParentSpanId == reserve.SpanId); // and its write
        Assert.Equal(1, observed.Sum(RoundTelemetry.PlansInstrument, RoundTelemetry.ItemTag, "pangan.paket-sembako"));
        Assert.Equal(1, observed.Sum(RoundTelemetry.LinesInstrument, RoundTelemetry.OutcomeTag, "reserved"));
        Assert.Equal(5, observed.Sum(RoundTelemetry.CommittedInstrument));
        Assert.Equal(1, observed.Sum(AllocationTelemetry.RunsInstrument, AllocationTelemetry.OutcomeTag, "ok"));

        // Committing again replays the line: counted as replayed, nothing reserved.
        await round.CommitAsync(plan, host);
        Assert.Equal(1, observed.Sum(RoundTelemetry.LinesInstrument, RoundTelemetry.OutcomeTag, "replayed"));
        Assert.Equal(5, observed.Sum(RoundTelemetry.CommittedInstrument));
    }

    [Fact]
    public void AllocationEngineAlone_TracesCountsAndTimesEachRunByOutcome()
    {
        var item = ItemCode.Parse("pangan.paket-sembako");
        var november = DistributionPeriod.Parse("2020-11");
        var pledgedAt = Instant.FromUtc(2020, 11, 2, 3, 0);
        var rw1 = RegionCode.Parse("31.71.01.1001.001");
        var rw2 = RegionCode.Parse("31.71.01.1001.002");
        var points = new Dictionary<RegionCode, GeoPoint> { [rw1] = GeoPoint.Create(106.8166, -6.1702), [rw2] = GeoPoint.Create(106.8213, -6.1731) };
        Pledge[] pledges =
        [
            Pledge.Direct(PledgeId.Parse("o-1"), CollaboratorId.Parse("c-1"), item, 100, november, pledgedAt, origin: GeoPoint.Create(106.8150, -6.1690)),
            Pledge.Direct(PledgeId.Parse("o-2"), CollaboratorId.Parse("c-2"), item, 60, november, pledgedAt),
        ];
        var problem = AllocationProblem.From([Model.Needs.Need.Create(rw1, item, november, 120), Model.Needs.Need.Create(rw2, item, november, 80)], u => points[u], pledges, []);
        var engine = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(1).Build();
        using var observed = new Observed();

        var result = engine.Allocate(problem, TestContext.Current.CancellationToken);
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Allocate(problem, new CancellationToken(canceled: true)));

        Assert.Equal(160, result.Summary.Allocated);
        Assert.Equal(1, observed.Sum(AllocationTelemetry.RunsInstrument, AllocationTelemetry.OutcomeTag, "ok"));
        Assert.Equal(1, observed.Sum(AllocationTelemetry.RunsInstrument, AllocationTelemetry.OutcomeTag, "cancelled"));
        Assert.Equal(160, observed.Sum(AllocationTelemetry.AllocatedInstrument, AllocationTelemetry.ItemTag, "pangan.paket-sembako"));
        Assert.Equal(2, observed.Measurements.Count(m => m.Instrument == AllocationTelemetry.RunDurationInstrument && m.Value >= 0));
        var runs = observed.Named("ksbb.allocation.run").ToList();
        Assert.Equal(2, runs.Count);
        Assert.Contains(runs, r => Equals(r.GetTagItem("ksbb.allocated"), 160L) && Equals(r.GetTagItem(AllocationTelemetry.OutcomeTag), "ok"));
        Assert.Contains(runs, r => r.Status == System.Diagnostics.ActivityStatusCode.Error && Equals(r.GetTagItem(AllocationTelemetry.OutcomeTag), "cancelled"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
