using Ksbb.Geo;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.PostgreSql.Tests;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ksbb.Extensions.Hosting.Tests;

public sealed class LedgerRegistrationTests : IDisposable
{
    private static readonly NeedKey Need = new(RegionCode.Parse("31.71.01.1001.001.001"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-11"));
    private static readonly LedgerActor Host = LedgerActor.System("test");
    private static readonly string[] Donors = ["donor-a", "donor-b"];
    private readonly string _dir = Directory.CreateTempSubdirectory("ksbb-hosting-ledger-").FullName;

    [Fact]
    public async Task UseSqlite_RegistersAWorkingLedger_TracedPerWriteTransaction_AndHealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir, "ledger.db");
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.UseSqlite(path)));

        // Resolving never touches the database; the initialiser creates the file and the schema.
        var ledger = telemetry.Services.GetRequiredService<ReservationLedger>();
        Assert.False(File.Exists(path));
        Assert.Same(ledger, await telemetry.Services.GetRequiredService<LedgerInitializer>().InitializeAsync(ct));
        Assert.True(File.Exists(path));
        await AssertWorksAsync(telemetry, ledger);
        Assert.Contains(telemetry.Logs.Entries, e => e.Message.Contains("Reservation ledger ready: Ledger file " + path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsePostgreSql_RegistersAWorkingLedger_AndHealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = PostgresServer.ConnectionStringOrSkip();
        var schema = PostgresServer.NewSchema();
        try
        {
            using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.UsePostgreSql(connectionString, new PostgreSqlLedgerStoreOptions { Schema = schema })));
            var ledger = await telemetry.Services.GetRequiredService<LedgerInitializer>().InitializeAsync(ct);
            Assert.IsType<PostgreSqlLedgerStore>(ledger.Store);
            await AssertWorksAsync(telemetry, ledger);
        }
        finally
        {
            await PostgresServer.DropSchemasAsync([schema]);
        }
    }

    private static async Task AssertWorksAsync(Telemetry telemetry, ReservationLedger ledger)
    {
        var ct = TestContext.Current.CancellationToken;
        await ledger.SetNeedsAsync(Host, [new(Need, 5)], ct);
        await RecordDonorsAsync(ledger, ct);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync(Donor("donor-a"), Need, 3, IdempotencyKey.Parse("k1"), cancellationToken: ct)).Kind);
        Assert.Equal(LedgerOutcomeKind.Replayed, (await ledger.ReserveAsync(Donor("donor-a"), Need, 3, IdempotencyKey.Parse("k1"), cancellationToken: ct)).Kind);
        var refused = await ledger.ReserveAsync(Donor("donor-b"), Need, 3, IdempotencyKey.Parse("k2"), cancellationToken: ct);
        Assert.Equal((LedgerOutcomeKind.Refused, LedgerRule.NotEnoughRemaining), (refused.Kind, refused.Rule));
        Assert.Equal(2, (await ledger.GetNeedAsync(Need, ct))!.Remaining);

        // The store's own telemetry: one activity per write transaction, counted by outcome (the refusal rolls back).
        // (A caller is answered when its batch commits, a moment before the batch's activity stops.)
        for (var waited = 0; telemetry.Observed.Named("ksbb.ledger.transaction").Count() < 4 && waited < 100; waited++)
        {
            await Task.Delay(50, ct);
        }

        Assert.True(telemetry.Observed.Named("ksbb.ledger.transaction").Count() >= 4);
        Assert.True(telemetry.Sum(LedgerTelemetry.TransactionsInstrument, LedgerTelemetry.OutcomeTag, "committed") >= 2);

        var health = await telemetry.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);
        Assert.Equal(HealthStatus.Healthy, health.Entries[LedgerTelemetry.Name].Status);
    }

    [Fact]
    public void AddKsbbLedger_WithoutProvider_FailsStartUpValidationNamingTheOption()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.ReservationLifetime = NodaTime.Duration.Zero));
        var atStart = Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(atStart.Failures, f => f.Contains("LedgerProviderOptions.Provider is not set: call UseSqlite(path), or UsePostgreSql(connectionString)", StringComparison.Ordinal));
        Assert.Contains(atStart.Failures, f => f.Contains("LedgerProviderOptions.ReservationLifetime", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<ReservationLedger>());
    }

    [Fact]
    public async Task WithoutCreating_AMissingFileIsUnhealthyAndNotCreated_AndTheInitializerSaysWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir, "absent.db");
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o =>
        {
            o.UseSqlite(path);
            o.CreateIfMissing = false;
        }));

        var health = await telemetry.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);
        Assert.Equal(HealthStatus.Unhealthy, health.Entries[LedgerTelemetry.Name].Status);
        Assert.Contains("no such ledger file", health.Entries[LedgerTelemetry.Name].Description, StringComparison.Ordinal);
        var initializer = telemetry.Services.GetRequiredService<LedgerInitializer>();
        await Assert.ThrowsAsync<LedgerLocationException>(() => initializer.InitializeAsync(ct));
        Assert.False(initializer.IsReady);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AddKsbbPooledRound_PlansOverTheRegisteredLedger_PlacingUnitsWithTheRegisteredLayer()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir, "round.db");
        using var telemetry = new Telemetry(s => s
            .AddKsbbLedger(o => o.UseSqlite(path))
            .AddKsbbAllocation()
            .AddKsbbBoundaryIndex(_ => BoundaryLayer.Create("one RW", [BoundaryFeature.FromRectangle("31.71.01.1001.001", RegionCode.Parse("31.71.01.1001.001"), "RW 01", 106.81, -6.18, 106.82, -6.17)]))
            .AddKsbbPooledRound());
        var round = telemetry.Services.GetRequiredService<Ksbb.Round.PooledRound>();
        var ledger = await telemetry.Services.GetRequiredService<LedgerInitializer>().InitializeAsync(ct);
        Assert.Same(ledger, round.Ledger);
        Assert.Same(telemetry.Services.GetRequiredService<Ksbb.Allocation.AllocationEngine>(), round.Engine);

        await ledger.SetNeedsAsync(Host, [new(Need, 8)], ct);
        await ledger.SetCollaboratorsAsync(Host, [Ksbb.Model.Collaborators.Collaborator.Create(Ksbb.Model.Collaborators.CollaboratorId.Parse("c-1"), "PT Andalan", Ksbb.Model.Collaborators.CollaboratorCategory.LembagaUsaha)], ct);
        await ledger.SetAggregatorsAsync(Host, [Ksbb.Model.Pledges.Aggregator.Create(Ksbb.Model.Pledges.AggregatorId.Parse("agg-1"), "Mitra", GeoPoint.Create(106.80, -6.20), 100)], ct);
        await ledger.PledgeAsync(Donor("c-1"), Need.Item, Need.Period, 5, IdempotencyKey.Parse("p1"), Ksbb.Model.Pledges.AggregatorId.Parse("agg-1"), cancellationToken: ct);
        var plan = await round.PlanAsync(Need.Item, Need.Period, ct);
        var line = Assert.Single(plan.Lines);
        Assert.Equal((Need, 5L), (line.Need, line.Quantity));
        Assert.True(line.Distance > 0);
        Assert.Equal(1, (await round.CommitAsync(plan, Host, ct)).Reserved);
        Assert.Single(telemetry.Observed.Named("ksbb.round.commit"));

        // A need outside the layer: the default placement names the unit.
        var outside = new NeedKey(RegionCode.Parse("31.72.01.1001.001.001"), Need.Item, Need.Period);
        await ledger.SetNeedsAsync(Host, [new(outside, 3)], ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => round.PlanAsync(Need.Item, Need.Period, ct));
        Assert.Contains("31.72.01.1001.001.001", error.Message, StringComparison.Ordinal);
    }

    private static LedgerActor Donor(string id) => LedgerActor.Of(CollaboratorId.Parse(id));

    // Only a recorded, active collaborator reserves.
    private static async Task RecordDonorsAsync(ReservationLedger ledger, CancellationToken ct) =>
        Assert.True((await ledger.SetCollaboratorsAsync(Host, Donors.Select(d => Collaborator.Create(CollaboratorId.Parse(d), "Donatur " + d, CollaboratorCategory.LembagaUsaha)), ct)).Succeeded);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
