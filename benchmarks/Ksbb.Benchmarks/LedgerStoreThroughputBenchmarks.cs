using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using Ksbb.Model.Catalog;
using Ksbb.Ledger;
using Ksbb.Model.Needs;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using Npgsql;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Benchmarks;

/// <summary>
/// Durable reservations per second through the ledger on its two stores, with 1, 4 and 16 concurrent writers sharing
/// three hot needs: the embedded SQLite store (baseline) beside the PostgreSQL store on the server named by
/// <c>KSBB_POSTGRES</c>, one transaction per reservation and with group commit. Each invocation makes <see cref="Operations"/> reservations (idempotency key, conditional
/// update, insert and chained event, committed durably); the reported time is per reservation.
/// </summary>
/// <remarks>Without <c>KSBB_POSTGRES</c> the PostgreSQL benchmarks are filtered out and only SQLite runs.</remarks>
[MemoryDiagnoser]
[Config(typeof(PostgreSqlWhenConfigured))]
public class LedgerStoreThroughputBenchmarks
{
    private const int Operations = 480;
    private static readonly NeedKey[] Hot =
    [
        new(RegionCode.Parse("31.71.01.1001.005.003"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05")),
        new(RegionCode.Parse("31.71.01.1001.005.004"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05")),
        new(RegionCode.Parse("31.71.01.1001.006.001"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05")),
    ];

    private string _folder = string.Empty;
    private string _schema = string.Empty;
    private ReservationLedger _sqlite = null!;
    private ReservationLedger? _postgres;
    private ReservationLedger? _postgresGrouped;
    private PostgreSqlLedgerStore? _postgresStore;
    private PostgreSqlLedgerStore? _postgresGroupedStore;
    private long _next;

    /// <summary>Gets or sets the number of concurrent writers sharing the work.</summary>
    [Params(1, 4, 16)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "ksbb-store-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var sqlite = SqliteLedgerStore.Open(Path.Combine(_folder, "ledger.db"));
        sqlite.InitializeAsync().GetAwaiter().GetResult();
        _sqlite = Create(sqlite);

        var connection = Environment.GetEnvironmentVariable("KSBB_POSTGRES");
        if (!string.IsNullOrWhiteSpace(connection))
        {
            _schema = "bench_" + Guid.NewGuid().ToString("N");
            _postgresStore = PostgreSqlLedgerStore.Open(connection, new PostgreSqlLedgerStoreOptions { Schema = _schema });
            _postgresStore.MigrateAsync().GetAwaiter().GetResult();
            _postgres = Create(_postgresStore);
            _postgresGroupedStore = PostgreSqlLedgerStore.Open(connection, new PostgreSqlLedgerStoreOptions { Schema = _schema + "_g", MaxBatchSize = 64 });
            _postgresGroupedStore.MigrateAsync().GetAwaiter().GetResult();
            _postgresGrouped = Create(_postgresGroupedStore);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        if (_postgresStore is not null)
        {
            _postgresStore.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _postgresGroupedStore!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("KSBB_POSTGRES"));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE; DROP SCHEMA {_schema}_g CASCADE", connection);
            drop.ExecuteNonQuery();
        }
    }

    /// <summary>The embedded store: one SQLite file, WAL, synchronous=FULL.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public Task Sqlite() => Run(_sqlite);

    /// <summary>The PostgreSQL store: row-locked conditional update, unique key, serialised chain append, synchronous commit.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public Task PostgreSql() => Run(_postgres ?? throw new InvalidOperationException("KSBB_POSTGRES is not set."));

    /// <summary>The PostgreSQL store with group commit (<c>MaxBatchSize = 64</c>): concurrent reservations of the process share one transaction and one flush.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public Task PostgreSqlGroupCommit() => Run(_postgresGrouped ?? throw new InvalidOperationException("KSBB_POSTGRES is not set."));

    private static ReservationLedger Create(LedgerStore store)
    {
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance });
        BenchmarkLedger.Seed(ledger, Hot, 1_000_000_000);
        return ledger;
    }

    private Task Run(ReservationLedger ledger)
    {
        var perWriter = Operations / Writers;
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var k = 0; k < perWriter; k++)
            {
                var i = Interlocked.Increment(ref _next);
                await BenchmarkLedger.ReserveOneAsync(ledger, Hot[i % Hot.Length], i).ConfigureAwait(false);
            }
        })));
    }

    // Runs the PostgreSQL benchmark only when KSBB_POSTGRES names a server.
    private sealed class PostgreSqlWhenConfigured : ManualConfig
    {
        public PostgreSqlWhenConfigured()
        {
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("KSBB_POSTGRES")))
            {
                AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith(nameof(PostgreSql), StringComparison.Ordinal)));
            }
        }
    }
}
