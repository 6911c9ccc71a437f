using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.Sqlite;
using Ksbb.Ledger;
using Ksbb.Ledger.Storage;

namespace Ksbb.Cli.Ledger;

/// <summary>Opens the ledger store a <c>--db</c> argument names: a SQLite file, or a PostgreSQL connection string.</summary>
/// <remarks>
/// A PostgreSQL connection string is recognised by <c>Host=</c> / <c>Server=</c> (Npgsql keywords) or a
/// <c>postgres://</c> / <c>postgresql://</c> URI; anything else is a file path. Commands that only read or change data
/// never create or migrate a PostgreSQL schema: that is <c>ksbb ledger migrate</c> (or <c>init</c>, which migrates a
/// missing or older schema and leaves a current one alone).
/// </remarks>
internal static class LedgerStoreFactory
{
    /// <summary>Gets a value indicating whether <paramref name="db"/> is a PostgreSQL connection string.</summary>
    public static bool IsPostgreSql(string db) => PostgreSqlLedgerStore.IsConnectionString(db);

    /// <summary>Opens the store; <paramref name="create"/> creates the SQLite file, or migrates a missing or older PostgreSQL schema, first.</summary>
    public static async Task<LedgerStore> OpenAsync(string db, bool create, CancellationToken ct)
    {
        if (IsPostgreSql(db))
        {
            var postgres = OpenPostgreSql(db);
            // init creates the schema when it is missing or old; a current schema is left alone, so an application role
            // without the right to create schemas can run init on a database the owner migrated.
            if (create && await postgres.GetSchemaVersionAsync(ct).ConfigureAwait(false) != postgres.LatestSchemaVersion)
            {
                await postgres.MigrateAsync(ct).ConfigureAwait(false);
            }

            return postgres;
        }

        var file = new FileInfo(db);
        if (!create && !file.Exists)
        {
            throw new CliInputException($"{file.FullName}: no such ledger file (create it with 'ksbb ledger init').");
        }

        var sqlite = SqliteLedgerStore.Open(file.FullName);
        if (create)
        {
            await sqlite.InitializeAsync(ct).ConfigureAwait(false);
        }

        return sqlite;
    }

    /// <summary>Opens a PostgreSQL store, turning a malformed connection string into bad input (exit 2).</summary>
    public static PostgreSqlLedgerStore OpenPostgreSql(string connectionString)
    {
        try
        {
            return PostgreSqlLedgerStore.Open(connectionString);
        }
        catch (ArgumentException ex)
        {
            // ArgumentException appends " (Parameter '…')": the user needs only the sentence.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new CliInputException($"--db: not a valid PostgreSQL connection string: {message}", ex);
        }
    }

    /// <summary>Describes the store for messages: the file's full path, or server, database and schema (never a password).</summary>
    public static string Describe(string db)
    {
        if (!IsPostgreSql(db))
        {
            return new FileInfo(db).FullName;
        }

        try
        {
            return PostgreSqlLedgerStore.Open(db).Description;
        }
        catch (ArgumentException)
        {
            return "the PostgreSQL ledger";
        }
    }

    /// <summary>Describes the store a <c>--db</c> option value names.</summary>
    public static string Describe(FileInfo db) => Describe(db.ToString());
}
