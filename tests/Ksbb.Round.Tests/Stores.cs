using System.Collections.Concurrent;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.PostgreSql.Tests;
using Ksbb.Ledger.Sqlite;

namespace Ksbb.Round.Tests;

/// <summary>The pooled round on the embedded SQLite store, one temporary file per test.</summary>
public sealed class SqlitePooledRoundTests : PooledRoundContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ksbb-round-tests-").FullName;

    protected override async Task<LedgerStore> CreateStoreAsync()
    {
        var store = SqliteLedgerStore.Open(Path.Combine(_folder, $"ledger-{Guid.NewGuid():N}.db"));
        await store.InitializeAsync();
        return store;
    }

    public void Dispose()
    {
        SqliteLedgerStore.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: the OS temp cleaner takes it.
        }
    }
}

/// <summary>The pooled round on PostgreSQL, each store on its own fresh schema (skips when no server is available).</summary>
public sealed class PostgreSqlPooledRoundTests : PooledRoundContract, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected override async Task<LedgerStore> CreateStoreAsync()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        var store = PostgresServer.Open(schema, PostgreSqlLedgerStoreOptions.Default);
        await store.MigrateAsync();
        return store;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemasAsync(_schemas);
}
