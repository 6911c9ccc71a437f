using Ksbb.Geo;
using Ksbb.Ledger;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Ksbb.Extensions.Hosting.Tests;

public sealed class LedgerRegistrationTests : IDisposable
{
    private static readonly NeedKey Need = new(RegionCode.Parse("31.71.01.1001.001.001"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-11"));
    private readonly string _dir = Directory.CreateTempSubdirectory("ksbb-hosting-ledger-").FullName;

    [Fact]
    public async Task AddKsbbLedger_OpensSqlite_CountsReservationsAndRefusals_AndReportsHealthy()
    {
        var path = Path.Combine(_dir, "ledger.db");
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.Location = path));
        var recorder = telemetry.Services.GetRequiredService<LedgerRecorder>();
        await recorder.Ledger.SetNeedAsync(Need, 5, TestContext.Current.CancellationToken);

        Assert.Equal(ReserveOutcomeKind.Reserved, (await recorder.ReserveAsync("donor-a", Need, 3, "k1", TestContext.Current.CancellationToken)).Kind);
        Assert.Equal(ReserveOutcomeKind.Replayed, (await recorder.ReserveAsync("donor-a", Need, 3, "k1", TestContext.Current.CancellationToken)).Kind);
        Assert.Equal(ReserveOutcomeKind.Refused, (await recorder.ReserveAsync("donor-b", Need, 3, "k2", TestContext.Current.CancellationToken)).Kind);

        Assert.True(File.Exists(path));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.ReservationsInstrument, KsbbTelemetry.OutcomeTag, "reserved"));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.ReservationsInstrument, KsbbTelemetry.OutcomeTag, "replayed"));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.RefusalsInstrument, KsbbTelemetry.OutcomeTag, "refused"));
        Assert.Equal(2, (await recorder.Ledger.GetNeedAsync(Need, TestContext.Current.CancellationToken))!.Remaining);

        var health = await telemetry.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(HealthStatus.Healthy, health.Entries[KsbbTelemetry.LedgerName].Status);
    }

    [Fact]
    public async Task Recorder_CountsReservationsWithAPlannedDate_AndDeliveriesWithProof()
    {
        var path = Path.Combine(_dir, "proof.db");
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.Location = path));
        var recorder = telemetry.Services.GetRequiredService<LedgerRecorder>();
        var ct = TestContext.Current.CancellationToken;
        await recorder.Ledger.SetNeedAsync(Need, 5, ct);
        var donor = CollaboratorId.Parse("donor-a");
        var today = recorder.Ledger.Options.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Jakarta"]).Date;

        var reserved = await recorder.ReserveAsync(donor, Need, 2, "dated", today.PlusDays(3), null, ct);
        Assert.Equal(ReserveOutcomeKind.Reserved, reserved.Kind);
        Assert.Equal(today.PlusDays(3), reserved.Reservation!.DeliverBy);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.ReserveAsync(donor, Need, 1, "past", today.PlusDays(-1), null, ct).GetAwaiter().GetResult());

        var proof = DeliveryProof.Create([DeliveryEvidence.Create(new string('a', 64), 10)], acknowledgements: 2);
        var delivered = await recorder.DeliverAsync(reserved.Reservation.Id, proof, donor, null, ct);
        Assert.Equal(TransitionOutcomeKind.Applied, delivered.Kind);
        Assert.Equal(proof.Evidence, (await recorder.Ledger.GetProofAsync(reserved.Reservation.Id, ct))!.Evidence);

        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.ReservationsInstrument, KsbbTelemetry.OutcomeTag, "reserved"));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.TransitionsInstrument, KsbbTelemetry.TransitionTag, "deliver"));
    }

    [Fact]
    public void AddKsbbLedger_WithoutLocation_FailsValidationNamingTheOption()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.ReservationLifetime = TimeSpan.Zero));
        var error = Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<IOptions<LedgerStoreOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("LedgerStoreOptions.Location", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("LedgerStoreOptions.ReservationLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthCheck_IsUnhealthy_WhenTheStoreSchemaIsMissing()
    {
        // Opened without creating: the file is absent, so the store cannot answer with a schema.
        var path = Path.Combine(_dir, "absent.db");
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o =>
        {
            o.Location = path;
            o.CreateIfMissing = false;
        }));
        var health = await telemetry.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, health.Entries[KsbbTelemetry.LedgerName].Status);
    }

    [Fact]
    public async Task AddKsbbPooledRound_PlansOverTheRegisteredLedger_PlacingUnitsWithTheRegisteredLayer()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir, "round.db");
        using var telemetry = new Telemetry(s => s
            .AddKsbbLedger(o => o.Location = path)
            .AddKsbbAllocation()
            .AddKsbbBoundaryIndex(_ => BoundaryLayer.Create("one RW", [BoundaryFeature.FromRectangle("31.71.01.1001.001", RegionCode.Parse("31.71.01.1001.001"), "RW 01", 106.81, -6.18, 106.82, -6.17)]))
            .AddKsbbPooledRound());
        var round = telemetry.Services.GetRequiredService<Ksbb.Round.PooledRound>();
        var ledger = telemetry.Services.GetRequiredService<LedgerRecorder>().Ledger;
        Assert.Same(ledger, round.Ledger);
        Assert.Same(telemetry.Services.GetRequiredService<Ksbb.Allocation.AllocationEngine>(), round.Engine);

        await ledger.SetNeedAsync(Need, 8, ct);
        await ledger.SetCollaboratorsAsync([Ksbb.Model.Collaborators.Collaborator.Create(Ksbb.Model.Collaborators.CollaboratorId.Parse("c-1"), "PT Andalan", Ksbb.Model.Collaborators.CollaboratorCategory.LembagaUsaha)], ct);
        await ledger.SetAggregatorsAsync([Ksbb.Model.Offers.Aggregator.Create(Ksbb.Model.Offers.AggregatorId.Parse("agg-1"), "Mitra", GeoPoint.Create(106.80, -6.20), 100)], ct);
        await ledger.PledgeAsync(Ksbb.Model.Collaborators.CollaboratorId.Parse("c-1"), Need.Item, Need.Period, 5, "p1", Ksbb.Model.Offers.AggregatorId.Parse("agg-1"), cancellationToken: ct);
        var plan = await round.PlanAsync(Need.Item, Need.Period, ct);
        var line = Assert.Single(plan.Lines);
        Assert.Equal((Need, 5L), (line.Need, line.Quantity));
        Assert.True(line.Distance > 0);
        Assert.Equal(1, (await round.CommitAsync(plan, ct)).Reserved);

        // A need outside the layer: the default placement names the unit.
        var outside = new NeedKey(RegionCode.Parse("31.72.01.1001.001.001"), Need.Item, Need.Period);
        await ledger.SetNeedAsync(outside, 3, ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => round.PlanAsync(Need.Item, Need.Period, ct));
        Assert.Contains("31.72.01.1001.001.001", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
