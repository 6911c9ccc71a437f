using BenchmarkDotNet.Attributes;
using Ksbb.Model.Catalog;
using Ksbb.Ledger;
using Ksbb.Model.Needs;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using Microsoft.Data.Sqlite;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Benchmarks;

/// <summary>
/// Durable reservations per second on one SQLite file (WAL, synchronous=FULL), with 1, 4 and 16 concurrent writers.
/// Baseline: the floor — a plain durable INSERT in its own transaction, no check. Peer: the naive
/// check-then-insert that comparable systems use (a read, then a separate insert transaction; not race-safe).
/// Each invocation makes <see cref="Operations"/> reservations spread over three hot needs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LedgerReservationBenchmarks
{
    private const int Operations = 240;
    private static readonly NeedKey[] Hot =
    [
        new(RegionCode.Parse("31.71.01.1001.005.003"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05")),
        new(RegionCode.Parse("31.71.01.1001.005.004"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05")),
        new(RegionCode.Parse("31.71.01.1001.006.001"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05")),
    ];

    private string _folder = string.Empty;
    private string _rawConnection = string.Empty;
    private ReservationLedger _ledger = null!;
    private long _next;

    /// <summary>Gets or sets the number of concurrent writers (threads) sharing the work.</summary>
    [Params(1, 4, 16)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ksbb-ledger-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var store = SqliteLedgerStore.Open(Path.Combine(_folder, "ledger.db"));
        store.InitializeAsync().GetAwaiter().GetResult();
        _ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance });
        BenchmarkLedger.Seed(_ledger, Hot, 1_000_000_000);

        _rawConnection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "raw.db"), Pooling = true }.ToString();
        using var connection = OpenRaw();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS pledges(id INTEGER PRIMARY KEY, key TEXT NOT NULL, unit TEXT NOT NULL, quantity INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS pledges_unit ON pledges(unit);
            """;
        create.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The floor: one durable INSERT per reservation, no check at all.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public Task InsertOnly() => Run(i =>
    {
        using var connection = OpenRaw();
        using var tx = connection.BeginTransaction(deferred: false);
        Insert(connection, tx, i);
        tx.Commit();
        return Task.CompletedTask;
    });

    /// <summary>What comparable systems do: sum the pledges, then insert in a separate transaction (not race-safe).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public Task NaiveCheckThenInsert() => Run(i =>
    {
        using var connection = OpenRaw();
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "SELECT COALESCE(SUM(quantity), 0) FROM pledges WHERE unit = $u";
            check.Parameters.AddWithValue("$u", Hot[i % Hot.Length].Unit.ToString());
            if ((long)check.ExecuteScalar()! + 1 > 1_000_000_000)
            {
                return Task.CompletedTask;
            }
        }

        using var tx = connection.BeginTransaction(deferred: false);
        Insert(connection, tx, i);
        tx.Commit();
        return Task.CompletedTask;
    });

    /// <summary>The ledger: idempotency key, conditional update, insert and chained event in one durable transaction.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public Task LedgerReserve() => Run(async i =>
    {
        await BenchmarkLedger.ReserveOneAsync(_ledger, Hot[i % Hot.Length], i).ConfigureAwait(false);
    });

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(_rawConnection);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, long i)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO pledges(key, unit, quantity) VALUES ($k, $u, 1)";
        insert.Parameters.AddWithValue("$k", "bench-" + i);
        insert.Parameters.AddWithValue("$u", Hot[i % Hot.Length].Unit.ToString());
        insert.ExecuteNonQuery();
    }

    private Task Run(Func<long, Task> one)
    {
        var perWriter = Operations / Writers;
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var k = 0; k < perWriter; k++)
            {
                await one(Interlocked.Increment(ref _next)).ConfigureAwait(false);
            }
        })));
    }
}
