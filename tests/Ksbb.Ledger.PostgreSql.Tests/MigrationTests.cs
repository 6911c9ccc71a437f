using System.Collections.Concurrent;
using Ksbb.Ledger.Storage;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>Schema migrations: from an empty database, from the previous version, concurrent migrators, and refusal to run unmigrated.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private static readonly Instant Start = Instant.FromUtc(2020, 5, 4, 2, 0);
    private readonly ConcurrentBag<string> _schemas = [];

    [Fact]
    public async Task Migrate_FromAnEmptyDatabase_CreatesTheLatestSchema_AndIsIdempotent()
    {
        var schema = NewSchema();
        await using var store = PostgresServer.Open(schema);
        Assert.Null(await store.GetSchemaVersionAsync());

        Assert.Equal(store.LatestSchemaVersion, await store.MigrateAsync());
        Assert.Equal(store.LatestSchemaVersion, await store.MigrateAsync());
        Assert.Equal(store.LatestSchemaVersion, await store.GetSchemaVersionAsync());
        Assert.Equal((long)store.LatestSchemaVersion, await PostgresServer.ScalarAsync($"SELECT COUNT(*) FROM {schema}.schema_version"));
        Assert.Equal("0001_initial,0002_lookup_indexes,0003_collaborator_record,0004_household_key,0005_pledges,0006_roles,0007_claim_dates,0008_delivery_proof", await PostgresServer.ScalarAsync($"SELECT string_agg(name, ',' ORDER BY version) FROM {schema}.schema_version"));
        Assert.Equal(true, await PostgresServer.ScalarAsync($"SELECT to_regclass('{schema}.reservations_live') IS NOT NULL"));

        var ledger = LedgerOn(store);
        await ledger.SetNeedAsync(SetUp, LedgerStoreContract_Need, 5);
        await ledger.RecordCollaboratorsAsync("donor-a");
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("donor-a", LedgerStoreContract_Need, 5, "k1")).Kind);
    }

    [Fact]
    public async Task Migrate_FromThePreviousVersion_KeepsTheData_AndAddsVersion2()
    {
        var schema = NewSchema();
        await using var store = PostgresServer.Open(schema);
        Assert.Equal(1, await store.MigrateToAsync(1, TestContext.Current.CancellationToken));
        Assert.Equal(false, await PostgresServer.ScalarAsync($"SELECT to_regclass('{schema}.reservations_live') IS NOT NULL"));

        // A version-1 database in use: the store refuses to run on it, with the fix in the message.
        var refused = await Assert.ThrowsAsync<LedgerStoreException>(() => store.GetNeedAsync(LedgerStoreContract_Need, Start));
        Assert.Contains("version 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ksbb ledger migrate", refused.Message, StringComparison.Ordinal);

        // Data written by a version-1 deployment (as its store wrote it).
        await PostgresServer.ScalarAsync($"""
            INSERT INTO {schema}.needs (unit, item, period, need, reserved) VALUES ('31.71.01.1001.005.003', 'pangan.paket-sembako', '2020-05', 10, 4);
            INSERT INTO {schema}.reservations (id, key, collaborator, need_id, quantity, status, created_at, expires_at, updated_at)
              SELECT '0191a1b2c3d4e5f60718293a4b5c6d7e', 'old-key', 'donor-old', id, 4, 1, {Start.ToUnixTimeTicks()}, {(Start + Duration.FromDays(30)).ToUnixTimeTicks()}, {Start.ToUnixTimeTicks()}
              FROM {schema}.needs;
            """);

        Assert.Equal(store.LatestSchemaVersion, await store.MigrateAsync());
        Assert.Equal(true, await PostgresServer.ScalarAsync($"SELECT to_regclass('{schema}.reservations_live') IS NOT NULL"));
        var ledger = LedgerOn(store);
        Assert.Equal(new NeedState(LedgerStoreContract_Need, 10, 4, 0), await ledger.GetNeedAsync(LedgerStoreContract_Need));
        var replay = await ledger.ReserveAsync("donor-old", LedgerStoreContract_Need, 4, "old-key");
        Assert.Equal(LedgerOutcomeKind.Replayed, replay.Kind);
        await ledger.RecordCollaboratorsAsync("donor-b");
        var refusedReservation = await ledger.ReserveAsync("donor-b", LedgerStoreContract_Need, 7, "k2");
        AssertRefused(LedgerRule.NotEnoughRemaining, refusedReservation);
        Assert.Equal(6, refusedReservation.Remaining);
    }

    [Fact]
    public async Task Migrate_ManyMigratorsAtOnce_ApplyEachScriptOnce()
    {
        var schema = NewSchema();
        var stores = Enumerable.Range(0, 6).Select(_ => PostgresServer.Open(schema)).ToList();
        var versions = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));
        Assert.All(versions, v => Assert.Equal(stores[0].LatestSchemaVersion, v));
        Assert.Equal((long)stores[0].LatestSchemaVersion, await PostgresServer.ScalarAsync($"SELECT COUNT(*) FROM {schema}.schema_version"));
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Operations_OnAnUnmigratedSchema_FailWithInstructions_AndNeverMigrate()
    {
        var schema = NewSchema();
        await using var store = PostgresServer.Open(schema);
        var ex = await Assert.ThrowsAsync<LedgerStoreException>(() => LedgerOn(store).ReserveAsync("donor-a", LedgerStoreContract_Need, 1, "k1"));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains(schema, ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetSchemaVersionAsync());
        Assert.Equal(false, await PostgresServer.ScalarAsync($"SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{schema}')"));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemasAsync(_schemas);

    private static NeedKey LedgerStoreContract_Need => new(Model.Regions.RegionCode.Parse("31.71.01.1001.005.003"), Model.Catalog.ItemCode.Parse("pangan.paket-sembako"), Model.Time.DistributionPeriod.Parse("2020-05"));

    private static ReservationLedger LedgerOn(LedgerStore store) =>
        ReservationLedger.Create(store, new LedgerOptions { Clock = new FakeClock(Start, Duration.FromMilliseconds(1)), ReservationLifetime = Duration.FromDays(3) });

    private string NewSchema()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        return schema;
    }
}
