using Ksbb.Ledger.PostgreSql;

namespace Ksbb.Ledger
{
    /// <summary>Chooses the PostgreSQL store for a host's ledger (this package), or the store a location names.</summary>
    public static class PostgreSqlLedgerProviderExtensions
    {
        /// <summary>Uses a PostgreSQL database (<see cref="PostgreSqlLedgerStore"/>) as the ledger's store.</summary>
        /// <param name="options">The ledger's provider options.</param>
        /// <param name="connectionString">An Npgsql connection string or a <c>postgres://</c> URI (see <see cref="PostgreSqlLedgerStore.Open(string, PostgreSqlLedgerStoreOptions?)"/>).</param>
        /// <param name="storeOptions">Schema and retries, or <see langword="null"/> for the defaults.</param>
        /// <returns>The options, for chaining.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
        public static LedgerProviderOptions UsePostgreSql(this LedgerProviderOptions options, string connectionString, PostgreSqlLedgerStoreOptions? storeOptions = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
            return options.UseProvider(new PostgreSqlLedgerStoreProvider(connectionString, storeOptions));
        }

        /// <summary>Uses the store a location names, as the command line's <c>--db</c> does (<see cref="LedgerStores.Open"/>):
        /// PostgreSQL for a connection string, else a SQLite file.</summary>
        /// <param name="options">The ledger's provider options.</param>
        /// <param name="location">A SQLite file path or a PostgreSQL connection string.</param>
        /// <returns>The options, for chaining.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="location"/> is empty.</exception>
        /// <remarks>Prefer <c>UseSqlite</c> or <see cref="UsePostgreSql"/> when the host knows which store it wants.</remarks>
        public static LedgerProviderOptions UseLocation(this LedgerProviderOptions options, string location)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentException.ThrowIfNullOrWhiteSpace(location);
            return LedgerStores.IsConnectionString(location) ? options.UsePostgreSql(location) : options.UseSqlite(location);
        }
    }
}

namespace Ksbb.Ledger.PostgreSql
{
    /// <summary>Creates a <see cref="PostgreSqlLedgerStore"/> on one connection string (never shown: its description hides the password).</summary>
    internal sealed class PostgreSqlLedgerStoreProvider(string connectionString, PostgreSqlLedgerStoreOptions? options) : LedgerStoreProvider
    {
        public override string Description => "PostgreSQL ledger " + ConnectionStrings.Redact(connectionString);

        public override LedgerStore CreateStore() => PostgreSqlLedgerStore.Open(connectionString, options);
    }
}
