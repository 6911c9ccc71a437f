using System.Collections.Concurrent;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.PostgreSql.Tests;
using Ksbb.Ledger.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

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

    protected override async Task<IReadOnlyList<string>> ReadEventPayloadsAsync(LedgerStore store, string kind)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ((SqliteLedgerStore)store).Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM events WHERE kind = $kind ORDER BY seq";
        command.Parameters.AddWithValue("$kind", kind);
        var payloads = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            payloads.Add(reader.GetString(0));
        }

        return payloads;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
    private readonly ConcurrentDictionary<LedgerStore, string> _stores = new();

    protected override async Task<LedgerStore> CreateStoreAsync()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        var store = PostgresServer.Open(schema, PostgreSqlLedgerStoreOptions.Default);
        await store.MigrateAsync();
        _stores[store] = schema;
        return store;
    }

    protected override async Task<IReadOnlyList<string>> ReadEventPayloadsAsync(LedgerStore store, string kind)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionStringOrSkip());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT payload FROM {_stores[store]}.events WHERE kind = @kind ORDER BY seq", connection);
        command.Parameters.AddWithValue("kind", kind);
        var payloads = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            payloads.Add(reader.GetString(0));
        }

        return payloads;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemasAsync(_schemas);
}
