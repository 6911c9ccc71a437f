using System.Collections.Concurrent;
using Ksbb.Ledger.Storage;
using Ksbb.Ledger.Tests;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>The store contract against a real PostgreSQL server, each store on its own fresh schema.</summary>
public sealed class PostgreSqlLedgerStoreTests : LedgerStoreContract, IAsyncLifetime
{
    private readonly ConcurrentBag<string> _schemas = [];

    protected override async Task<ILedgerStore> CreateStoreAsync()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        var store = PostgresServer.Open(schema);
        await store.MigrateAsync();
        return store;
    }

    protected override Task<ILedgerStore> OpenAgainAsync(ILedgerStore store) =>
        Task.FromResult<ILedgerStore>(PostgresServer.Open(((PostgreSqlLedgerStore)store).Schema));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemasAsync(_schemas);
}
