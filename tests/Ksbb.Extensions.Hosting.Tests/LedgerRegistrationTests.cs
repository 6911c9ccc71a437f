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
    private static readonly LedgerActor Host = LedgerActor.System("test");
    private static readonly string[] Donors = ["donor-a", "donor-b"];
    private readonly string _dir = Directory.CreateTempSubdirectory("ksbb-hosting-ledger-").FullName;

    [Fact]
    public async Task AddKsbbLedger_OpensSqlite_CountsReservationsAndRefusals_AndReportsHealthy()
    {
        var path = Path.Combine(_dir, "ledger.db");
        using var telemetry = new Telemetry(s => s.AddKsbbLedger(o => o.Location = path));
        var recorder = telemetry.Services.GetRequiredService<LedgerRecorder>();
        var ct = TestContext.Current.CancellationToken;
        await recorder.Ledger.SetNeedsAsync(Host, [new(Need, 5)], ct);
        await RecordDonorsAsync(recorder.Ledger, ct);

        Assert.Equal(LedgerOutcomeKind.Applied, (await recorder.ReserveAsync(Donor("donor-a"), Need, 3, IdempotencyKey.Parse("k1"), cancellationToken: ct)).Kind);
        Assert.Equal(LedgerOutcomeKind.Replayed, (await recorder.ReserveAsync(Donor("donor-a"), Need, 3, IdempotencyKey.Parse("k1"), cancellationToken: ct)).Kind);
        var refused = await recorder.ReserveAsync(Donor("donor-b"), Need, 3, IdempotencyKey.Parse("k2"), cancellationToken: ct);
        Assert.Equal((LedgerOutcomeKind.Refused, LedgerRule.NotEnoughRemaining), (refused.Kind, refused.Rule));

        Assert.True(File.Exists(path));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.ReservationsInstrument, KsbbTelemetry.OutcomeTag, "applied"));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.ReservationsInstrument, KsbbTelemetry.OutcomeTag, "replayed"));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.RefusalsInstrument, KsbbTelemetry.OutcomeTag, "not-enough-remaining"));
        Assert.Equal(2, (await recorder.Ledger.GetNeedAsync(Need, TestContext.Current.CancellationToken))!.Remaining);

        var health = await telemetry.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(HealthStatus.Healthy, health.Entries[KsbbTelemetry.LedgerName].Status);
    }

    [Fact]
    public async Task Recorder_CountsReservationsWithAPlannedDate_AndDeliveriesWithProof()
    {
        var path = Path.Combine(_dir, "proof.db");

        // A day inside the need's period: a planned date lies from today to the period's last day plus the grace.
        using var telemetry = new Telemetry(s => s.AddSingleton<IClock>(new FixedClock(Instant.FromUtc(2020, 11, 5, 3, 0))).AddKsbbLedger(o => o.Location = path));
        var recorder = telemetry.Services.GetRequiredService<LedgerRecorder>();
        var ct = TestContext.Current.CancellationToken;
        await recorder.Ledger.SetNeedsAsync(Host, [new(Need, 5)], ct);
        await RecordDonorsAsync(recorder.Ledger, ct);
        var donor = Donor("donor-a");
        var today = recorder.Ledger.Options.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Jakarta"]).Date;

        var reserved = await recorder.ReserveAsync(donor, Need, 2, IdempotencyKey.Parse("dated"), deliverBy: today.PlusDays(3), cancellationToken: ct);
        Assert.True(reserved.Kind == LedgerOutcomeKind.Applied, reserved.ToString());
        Assert.Equal(today.PlusDays(3), reserved.Reservation!.DeliverBy);
        var past = await recorder.ReserveAsync(donor, Need, 1, IdempotencyKey.Parse("past"), deliverBy: today.PlusDays(-1), cancellationToken: ct);
        Assert.Equal((LedgerRule.DeliverByOutOfRange, "deliverBy"), (past.Rule, past.Refusal!.Field));

        var proof = DeliveryProof.Create([DeliveryEvidence.Create(new string('a', 64), 10)], acknowledgements: 2);
        var delivered = await recorder.DeliverAsync(donor, reserved.Reservation.Id, proof, cancellationToken: ct);
        Assert.Equal(LedgerOutcomeKind.Applied, delivered.Kind);
        Assert.Equal(proof.Evidence, (await recorder.Ledger.GetProofAsync(reserved.Reservation.Id, ct))!.Evidence);

        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.ReservationsInstrument, KsbbTelemetry.OutcomeTag, "applied"));
        Assert.Equal(1, telemetry.Sum(KsbbTelemetry.RefusalsInstrument, KsbbTelemetry.OutcomeTag, "deliver-by-out-of-range"));
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

        await ledger.SetNeedsAsync(Host, [new(Need, 8)], ct);
        await ledger.SetCollaboratorsAsync(Host, [Ksbb.Model.Collaborators.Collaborator.Create(Ksbb.Model.Collaborators.CollaboratorId.Parse("c-1"), "PT Andalan", Ksbb.Model.Collaborators.CollaboratorCategory.LembagaUsaha)], ct);
        await ledger.SetAggregatorsAsync(Host, [Ksbb.Model.Offers.Aggregator.Create(Ksbb.Model.Offers.AggregatorId.Parse("agg-1"), "Mitra", GeoPoint.Create(106.80, -6.20), 100)], ct);
        await ledger.PledgeAsync(Donor("c-1"), Need.Item, Need.Period, 5, IdempotencyKey.Parse("p1"), Ksbb.Model.Offers.AggregatorId.Parse("agg-1"), cancellationToken: ct);
        var plan = await round.PlanAsync(Need.Item, Need.Period, ct);
        var line = Assert.Single(plan.Lines);
        Assert.Equal((Need, 5L), (line.Need, line.Quantity));
        Assert.True(line.Distance > 0);
        Assert.Equal(1, (await round.CommitAsync(plan, Host, ct)).Reserved);

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

/// <summary>A clock that stays at one instant.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
