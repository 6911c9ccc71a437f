using Ksbb.Ledger.Sqlite;
using Ksbb.Ledger.Storage;

namespace Ksbb.Ledger.Tests;

/// <summary>The store contract against the embedded SQLite store, one temporary file per test.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override async Task<ILedgerStore> CreateStoreAsync()
    {
        var store = SqliteLedgerStore.Open(Path.Combine(_folder.Path, $"ledger-{Guid.NewGuid():N}.db"));
        await store.InitializeAsync();
        return store;
    }

    protected override Task<ILedgerStore> OpenAgainAsync(ILedgerStore store) =>
        Task.FromResult<ILedgerStore>(SqliteLedgerStore.Open(((SqliteLedgerStore)store).Path));

    public void Dispose() => _folder.Dispose();
}
