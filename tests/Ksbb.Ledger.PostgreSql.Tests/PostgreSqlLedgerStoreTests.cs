using System.Collections.Concurrent;
using Ksbb.Ledger.Storage;
using Ksbb.Ledger.Tests;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>The store contract against a real PostgreSQL server, each store on its own fresh schema, one transaction per operation.</summary>
public sealed class PostgreSqlLedgerStoreTests : PostgreSqlContract
{
    protected override PostgreSqlLedgerStoreOptions Options => PostgreSqlLedgerStoreOptions.Default;
}

/// <summary>The same contract with group commit: concurrent operations of one store share transactions (savepoint each).</summary>
public sealed class PostgreSqlGroupCommitLedgerStoreTests : PostgreSqlContract
{
    protected override PostgreSqlLedgerStoreOptions Options { get; } = new() { MaxBatchSize = 16 };
}

/// <summary>Runs the shared store contract on PostgreSQL with the options a derived class chooses.</summary>
public abstract class PostgreSqlContract : LedgerStoreContract, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected abstract PostgreSqlLedgerStoreOptions Options { get; }

    protected override async Task<LedgerStore> CreateStoreAsync()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        var store = PostgresServer.Open(schema, Options);
        await store.MigrateAsync();
        return store;
    }

    protected override Task<LedgerStore> OpenAgainAsync(LedgerStore store) =>
        Task.FromResult<LedgerStore>(PostgresServer.Open(((PostgreSqlLedgerStore)store).Schema, Options));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await PostgresServer.DropSchemasAsync(_schemas);
        GC.SuppressFinalize(this);
    }
}
