using Ksbb.Ledger.Sqlite;

namespace Ksbb.Ledger
{
    /// <summary>Chooses the embedded SQLite store for a host's ledger.</summary>
    public static class SqliteLedgerProviderExtensions
    {
        /// <summary>Uses a SQLite file (<see cref="SqliteLedgerStore"/>) as the ledger's store.</summary>
        /// <param name="options">The ledger's provider options.</param>
        /// <param name="path">The database file; with <see cref="LedgerProviderOptions.CreateIfMissing"/> it is created when absent.</param>
        /// <param name="storeOptions">Timeouts, retries and grouping, or <see langword="null"/> for the defaults.</param>
        /// <returns>The options, for chaining.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
        public static LedgerProviderOptions UseSqlite(this LedgerProviderOptions options, string path, SqliteLedgerStoreOptions? storeOptions = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            return options.UseProvider(new SqliteLedgerStoreProvider(System.IO.Path.GetFullPath(path), storeOptions));
        }
    }
}

namespace Ksbb.Ledger.Sqlite
{
    /// <summary>Creates a <see cref="SqliteLedgerStore"/> on one file.</summary>
    internal sealed class SqliteLedgerStoreProvider(string path, SqliteLedgerStoreOptions? options) : LedgerStoreProvider
    {
        public override string Description => "Ledger file " + path;

        public override LedgerStore CreateStore() => SqliteLedgerStore.Open(path, options);
    }
}
