using Ksbb.Ledger.Households;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Tests;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestCollaborators;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// Tampering with any table of a ledger file — a changed, deleted, added or reordered row, or a truncated chain — is
/// detected by verify-chain, which names the table and the key.
/// </summary>
public sealed class TamperSuiteTests : IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 11)).ToArray();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // A ledger with every kind of row: needs, collaborators, reservations in every status, household claims, aggregators,
    // pledges, a draw on a pledge and role grants.
    private async Task<(string Db, ReservationLedger Ledger)> FullLedgerAsync()
    {
        var db = _folder.File($"tamper-{Guid.NewGuid():N}.db");
        var store = SqliteLedgerStore.Open(db);
        await store.MigrateAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 0, 0), Duration.FromSeconds(1)),
            Households = HouseholdHasher.Create(Key),
        });
        await ledger.SetNeedsAsync(SetUp, [new(LedgerStoreContractNeeds.A, 10), new(LedgerStoreContractNeeds.B, 8)]);
        await ledger.SetCollaboratorsAsync(SetUp, [Kolaborator("pt-a", "PT A", "lembaga-usaha"), Kolaborator("ibu-b", "Ibu B", "perorangan")]);
        var r1 = (await ledger.ReserveAsync("pt-a", LedgerStoreContractNeeds.A, 3, "k1")).Reservation!;
        var r2 = (await ledger.ReserveAsync("ibu-b", LedgerStoreContractNeeds.A, 2, "k2")).Reservation!;
        var r3 = (await ledger.ReserveAsync("pt-a", LedgerStoreContractNeeds.B, 4, "k3")).Reservation!;
        await ledger.ReserveAsync("ibu-b", LedgerStoreContractNeeds.B, 1, "k4");
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(r1.Id, [HouseholdId.Parse("3171010101010001", HouseholdIdKind.Nik), HouseholdId.Parse("3171010101010002", HouseholdIdKind.Nik)])).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReleaseAsOwnerAsync(r2.Id)).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.CancelAsync(SetUp, r3.Id, "donor withdrew")).Kind);

        // Aggregators, pledges (direct with an origin, and via an aggregator), a draw on a pledge and role grants.
        var sembako = LedgerStoreContractNeeds.A.Item;
        var may = LedgerStoreContractNeeds.A.Period;
        await ledger.SetAggregatorsAsync(SetUp, [Aggregator.Create(AggregatorId.Parse("mitra-1"), "Mitra 1", GeoPoint.Create(106.82, -6.17), 50)]);
        var direct = await ledger.PledgeAsync(Actor("pt-a"), sembako, may, 6, IdempotencyKey.Parse("p1"), origin: GeoPoint.Create(106.8, -6.2));
        Assert.Equal(LedgerOutcomeKind.Applied, direct.Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.PledgeAsync(Actor("ibu-b"), sembako, may, 5, IdempotencyKey.Parse("p2"), via: AggregatorId.Parse("mitra-1"))).Kind);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync("pt-a", LedgerStoreContractNeeds.A, 1, "k6", direct.Pledge!.Id)).Kind);
        await ledger.SetRolesAsync(SetUp, [
            RoleGrant.Verifier(CollaboratorId.Parse("ver-1"), RegionCode.Parse("31.71")),
            RoleGrant.ForAggregator(CollaboratorId.Parse("ibu-b"), AggregatorId.Parse("mitra-1"))]);

        // A reservation with a planned date, delivered with proof (evidence, a geotag, acknowledgements).
        var r7 = (await ledger.ReserveAsync("pt-a", LedgerStoreContractNeeds.B, 2, "k7", deliverBy: new LocalDate(2020, 5, 20))).Reservation!;
        var proof = DeliveryProof.Create(
            [DeliveryEvidence.Create(new string('a', 64), 1024), DeliveryEvidence.Create(new string('b', 64), 2048)],
            DeliveryGeotag.Create(GeoPoint.Create(106.8271, -6.1754), RegionCode.Parse("31.71.01.1001.006"), 412.5),
            3);
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(r7.Id, proof)).Kind);
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
        return (db, ledger);
    }

    private static void Execute(string db, string sql)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0, sql);
    }

    // Each row: the tampering, the table the audit must name, and a query (run before tampering, since ids are random)
    // giving the exact key it must name: a need's unit, item and period, a reservation or pledge id (a claim, a draw or a
    // proof is keyed by its reservation), a role's actor, role and scope, or an event position.
    private static string Scalar(string db, string sql)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        Assert.True(value is not null and not DBNull, sql);
        return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
    }

    public static TheoryData<string, string, string> Tampering => new()
    {
        { "UPDATE needs SET need = need + 100 WHERE id = 1", "needs", "SELECT unit || ' ' || item || ' ' || period FROM needs WHERE id = 1" },
        { "UPDATE needs SET reserved = reserved - 1 WHERE id = 2", "needs", "SELECT unit || ' ' || item || ' ' || period FROM needs WHERE id = 2" },
        { "PRAGMA foreign_keys = OFF; DELETE FROM needs WHERE id = 2", "needs", "SELECT unit || ' ' || item || ' ' || period FROM needs WHERE id = 2" },
        { "INSERT INTO needs(unit, item, period, need) VALUES ('31.71.01.1001.006.001', 'pangan.paket-sembako', '2020-05', 5)", "needs", "SELECT '31.71.01.1001.006.001 pangan.paket-sembako 2020-05'" },
        { "UPDATE reservations SET quantity = 2 WHERE key = 'k4'", "reservations", "SELECT id FROM reservations WHERE key = 'k4'" },
        { "UPDATE reservations SET status = 1 WHERE key = 'k2'", "reservations", "SELECT id FROM reservations WHERE key = 'k2'" },
        { "UPDATE reservations SET collaborator = 'pt-z' WHERE key = 'k1'", "reservations", "SELECT id FROM reservations WHERE key = 'k1'" },
        { "UPDATE reservations SET reason = NULL WHERE key = 'k3'", "reservations", "SELECT id FROM reservations WHERE key = 'k3'" },
        { "DELETE FROM reservations WHERE key = 'k4'", "reservations", "SELECT id FROM reservations WHERE key = 'k4'" },
        { "UPDATE reservations SET seq = seq + 100 WHERE key = 'k1'", "reservations", "SELECT id FROM reservations WHERE key = 'k1'" },
        { "UPDATE reservations SET seq = 0 WHERE key = 'k7'", "reservations", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE collaborators SET name = 'Budi Santoso' WHERE id = 'ibu-b'", "collaborators", "SELECT 'ibu-b'" },
        { "UPDATE collaborators SET publish_name = 1 WHERE id = 'ibu-b'", "collaborators", "SELECT 'ibu-b'" },
        { "DELETE FROM collaborators WHERE id = 'pt-a'", "collaborators", "SELECT 'pt-a'" },
        { "INSERT INTO collaborators(id, name, category) VALUES ('x', 'X', 'lembaga-usaha')", "collaborators", "SELECT 'x'" },
        { "DELETE FROM household_claims WHERE rowid = (SELECT MIN(rowid) FROM household_claims)", "household_claims", "SELECT reservation_id FROM household_claims WHERE rowid = (SELECT MIN(rowid) FROM household_claims)" },
        { "UPDATE household_claims SET period = '2020-06' WHERE rowid = (SELECT MIN(rowid) FROM household_claims)", "household_claims", "SELECT reservation_id FROM household_claims WHERE rowid = (SELECT MIN(rowid) FROM household_claims)" },
        { "INSERT INTO household_claims(hash, benefit_class, period, reservation_id) SELECT 'h', 'x', '2020-05', id FROM reservations WHERE key = 'k4'", "household_claims", "SELECT id FROM reservations WHERE key = 'k4'" },
        { "UPDATE household_claims SET period_start = period_start + 40 WHERE rowid = (SELECT MIN(rowid) FROM household_claims)", "household_claims", "SELECT reservation_id FROM household_claims WHERE rowid = (SELECT MIN(rowid) FROM household_claims)" },
        { "UPDATE household_claims SET period_end = NULL WHERE rowid = (SELECT MIN(rowid) FROM household_claims)", "household_claims", "SELECT reservation_id FROM household_claims WHERE rowid = (SELECT MIN(rowid) FROM household_claims)" },
        { "UPDATE aggregators SET capacity = 500 WHERE id = 'mitra-1'", "aggregators", "SELECT 'mitra-1'" },
        { "UPDATE aggregators SET depot_lat = depot_lat + 0.0001 WHERE id = 'mitra-1'", "aggregators", "SELECT 'mitra-1'" },
        { "PRAGMA foreign_keys = OFF; DELETE FROM aggregators WHERE id = 'mitra-1'", "aggregators", "SELECT 'mitra-1'" },
        { "INSERT INTO aggregators(id, name, capacity, depot_lon, depot_lat) VALUES ('mitra-x', 'X', 10, 106.8, -6.2)", "aggregators", "SELECT 'mitra-x'" },
        { "UPDATE pledges SET quantity = 60 WHERE key = 'p1'", "pledges", "SELECT id FROM pledges WHERE key = 'p1'" },
        { "UPDATE pledges SET aggregator = NULL WHERE key = 'p2'", "pledges", "SELECT id FROM pledges WHERE key = 'p2'" },
        { "UPDATE pledges SET origin_lat = origin_lat + 0.001 WHERE key = 'p1'", "pledges", "SELECT id FROM pledges WHERE key = 'p1'" },
        { "PRAGMA foreign_keys = OFF; DELETE FROM pledges WHERE key = 'p2'", "pledges", "SELECT id FROM pledges WHERE key = 'p2'" },
        { "INSERT INTO pledges(id, key, collaborator, item, period, quantity, created_at) VALUES ('p-x', 'px', 'pt-a', 'pangan.paket-sembako', '2020-05', 3, 0)", "pledges", "SELECT 'p-x'" },
        { "UPDATE pledges SET seq = seq + 100 WHERE key = 'p1'", "pledges", "SELECT id FROM pledges WHERE key = 'p1'" },
        { "UPDATE pledge_draws SET pledge_id = (SELECT id FROM pledges WHERE key = 'p2')", "pledge_draws", "SELECT id FROM reservations WHERE key = 'k6'" },
        { "DELETE FROM pledge_draws", "pledge_draws", "SELECT id FROM reservations WHERE key = 'k6'" },
        { "INSERT INTO pledge_draws(reservation_id, pledge_id) SELECT id, (SELECT id FROM pledges WHERE key = 'p1') FROM reservations WHERE key = 'k4'", "pledge_draws", "SELECT id FROM reservations WHERE key = 'k4'" },
        { "UPDATE roles SET scope = '31' WHERE role = 'verifier'", "roles", "SELECT 'ver-1 verifier 31.71'" },
        { "DELETE FROM roles WHERE role = 'aggregator'", "roles", "SELECT 'ibu-b aggregator mitra-1'" },
        { "INSERT INTO roles(actor, role, scope) VALUES ('ver-1', 'operator', '31.71')", "roles", "SELECT 'ver-1 operator 31.71'" },
        { "UPDATE reservations SET deliver_by = '2020-05-31' WHERE key = 'k7'", "reservations", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE reservations SET deliver_by = NULL WHERE key = 'k1'", "reservations", "SELECT id FROM reservations WHERE key = 'k1'" },
        { "UPDATE delivery_proofs SET acknowledgements = 9", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE delivery_proofs SET evidence = replace(evidence, 'aaaa', 'aaab')", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE delivery_proofs SET evidence = replace(evidence, ':2048', ':2049')", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE delivery_proofs SET distance_m = 0", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE delivery_proofs SET located_unit = '31.71.01.1001.005'", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "UPDATE delivery_proofs SET lat = lat + 0.0001", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "DELETE FROM delivery_proofs", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k7'" },
        { "INSERT INTO delivery_proofs(reservation_id, evidence, acknowledgements) SELECT id, '', 1 FROM reservations WHERE key = 'k1'", "delivery_proofs", "SELECT id FROM reservations WHERE key = 'k1'" },
        { "DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)", "chain_head", "SELECT MAX(seq) FROM events" },
        { "DELETE FROM events WHERE seq >= 6", "chain_head", "SELECT 6" },
        { "UPDATE chain_head SET seq = seq - 2, hash = (SELECT hash FROM events WHERE seq = (SELECT MAX(seq) - 2 FROM events))", "chain_head", "SELECT MAX(seq) - 1 FROM events" },
        { "UPDATE chain_head SET hash = (SELECT hash FROM events WHERE seq = 1)", "chain_head", "SELECT MAX(seq) FROM events" },
        { "UPDATE events SET payload = replace(payload, '\"need\":10', '\"need\":110') WHERE kind = 'need.set'", "events", "SELECT MIN(seq) FROM events WHERE kind = 'need.set' AND payload LIKE '%\"need\":10%'" },
        { "UPDATE events SET seq = seq + 1000 WHERE seq = 3", "events", "SELECT 3" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task AnyTampering_IsDetected_AndNamesTableAndKey(string sql, string table, string keyQuery)
    {
        var (db, ledger) = await FullLedgerAsync();
        var key = Scalar(db, keyQuery);
        Execute(db, sql);

        var result = await ReservationLedger.Create(SqliteLedgerStore.Open(db), ledger.Options).VerifyChainAsync();

        Assert.False(result.IsIntact, sql);
        Assert.Equal(table, result.Table);
        Assert.Equal(key, result.Key);
    }

    [Fact]
    public async Task ExpectHead_PublishedEarlier_AcceptsTheGrownChain_AndDetectsATruncatedOne()
    {
        var (db, ledger) = await FullLedgerAsync();
        var published = (await ledger.VerifyChainAsync()).HeadHash;
        await ledger.ReserveAsync("pt-a", LedgerStoreContractNeeds.A, 1, "k5");
        Assert.True((await ledger.VerifyChainAsync(published)).IsIntact);

        // An attacker who deletes the newest events and moves the stored head back to match is caught by the published head.
        var (_, output, _) = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db]);
        var head = output.Trim().Split(' ')[^1];
        Execute(db, "DELETE FROM events WHERE seq > 3");
        Execute(db, "UPDATE chain_head SET seq = 3, hash = (SELECT hash FROM events WHERE seq = 3)");
        var (code, text, _) = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db, "--expect-head", head]);
        Assert.Equal(3, code);
        Assert.Contains("tampered: table events", text, StringComparison.Ordinal);
        Assert.Contains(head, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_VerifyChain_NamesTheTamperedTable()
    {
        var (db, _) = await FullLedgerAsync();
        Execute(db, "UPDATE needs SET need = need + 100 WHERE id = 1");
        var (code, output, _) = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db]);
        Assert.Equal(3, code);
        Assert.StartsWith("tampered: table needs, key 31.71.01.1001.005.003", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicExport_CarriesTheChainHead()
    {
        var (db, ledger) = await FullLedgerAsync();
        var head = (await ledger.VerifyChainAsync()).HeadHash;
        var export = _folder.File("public.json");
        var (code, output, _) = await KsbbCli.RunAsync(["ledger", "public-export", "--db", db, "--out", export]);
        Assert.Equal(0, code);
        Assert.EndsWith("chain head " + head, output.Trim(), StringComparison.Ordinal);
    }
}
