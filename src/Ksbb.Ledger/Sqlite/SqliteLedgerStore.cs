using System.Data.Common;
using System.Globalization;
using Ksbb.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Ksbb.Ledger.Sqlite;

/// <summary>The embedded ledger store: one SQLite file in WAL mode with full synchronous commits.</summary>
/// <remarks>
/// <para>
/// Every write runs in a <c>BEGIN IMMEDIATE</c> transaction, so writers (threads and processes) are serialised by
/// SQLite's file lock; <c>synchronous=FULL</c> makes each commit durable (the WAL is synced) before the call returns.
/// A writer that finds the file locked waits up to <see cref="SqliteLedgerStoreOptions.BusyTimeout"/> (SQLite's busy
/// handler), then retries the whole transaction up to <see cref="SqliteLedgerStoreOptions.MaxBusyRetries"/> times
/// before throwing <see cref="LedgerStoreException"/>. Writes from the threads of one process that arrive while a
/// commit is in progress are committed together (group commit, see <see cref="LedgerStore"/>).
/// </para>
/// <para>
/// The schema is versioned like the PostgreSQL store's: <see cref="LedgerStore.MigrateAsync"/> applies the embedded
/// scripts and records them in the <c>schema_version</c> table; other operations never migrate.
/// </para>
/// <para>
/// Thread-safe: one instance serves all threads of a process (pooled connections, one per operation). Any number of
/// processes may open the same file on one machine; do not put the file on a network share (SQLite's locks are not
/// reliable there) — use a server database store for several machines.
/// </para>
/// </remarks>
public sealed class SqliteLedgerStore : LedgerStore
{
    private static readonly MigrationScripts Scripts = MigrationScripts.Load(typeof(SqliteLedgerStore).Assembly, "Ksbb.Ledger.Sqlite.Migrations.");
    private readonly string _connectionString;
    private readonly SqliteLedgerStoreOptions _options;

    private SqliteLedgerStore(string path, SqliteLedgerStoreOptions options)
    {
        Path = path;
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds) + 5,
        }.ToString();
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string Description => "Ledger file " + Path;

    internal override string Tables => string.Empty;

    internal override string Ordinal => string.Empty;

    internal override int MaxBatchSize => _options.MaxBatchSize;

    internal override int MaxAttempts => _options.MaxBusyRetries + 1;

    internal override MigrationScripts Migrations => Scripts;

    /// <summary>Opens a store on a file (created when absent); call <see cref="LedgerStore.MigrateAsync"/> once to create the schema.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">Timeouts, retries and grouping, or <see langword="null"/> for the defaults.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or an option is out of range.</exception>
    public static SqliteLedgerStore Open(string path, SqliteLedgerStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (options is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, "options.MaxBatchSize");
            ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBusyRetries, "options.MaxBusyRetries");
        }

        return new SqliteLedgerStore(System.IO.Path.GetFullPath(path), options ?? SqliteLedgerStoreOptions.Default);
    }

    /// <summary>Closes the idle pooled connections to this store's file, so the file can be moved or deleted once no
    /// other store on it is in use.</summary>
    /// <returns>A completed task.</returns>
    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    internal override async Task CheckLocationAsync(bool create, CancellationToken cancellationToken)
    {
        CheckFile(Path);
        if (create)
        {
            return;
        }

        if (!File.Exists(Path))
        {
            throw new LedgerLocationException($"{Path}: no such ledger file (create it with 'ksbb ledger init').");
        }

        if (await GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new LedgerLocationException($"{Path}: a SQLite file without a ledger in it.");
        }
    }

    // A path that cannot hold a ledger file: a folder, or an existing file that is not a SQLite database (an input file given by mistake).
    internal static void CheckFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new LedgerLocationException($"{path}: is a folder, not a ledger file.");
        }

        if (File.Exists(path) && !HasSqliteHeader(path))
        {
            throw new LedgerLocationException($"{path}: not a SQLite ledger file (it does not start with the SQLite header; is it an input file?).");
        }
    }

    private static bool HasSqliteHeader(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0)
        {
            return true; // An empty file is a new SQLite database.
        }

        Span<byte> header = stackalloc byte[16];
        return file.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && header.SequenceEqual("SQLite format 3\0"u8);
    }

    // The whole file is locked by BEGIN IMMEDIATE: no row locks.
    internal override string LockRows(string alias) => string.Empty;

    internal override string LockKey => string.Empty;

    internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            var busyMs = (long)_options.BusyTimeout.TotalMilliseconds;
            pragmas.CommandText = $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
            return ValueTask.FromResult<DbConnection>(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    internal override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tx = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await LedgerSql.ExecuteAsync(tx, """
            CREATE TABLE IF NOT EXISTS schema_version(
              version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)
            """, null, cancellationToken).ConfigureAwait(false);
        return tx;
    }

    internal override async Task<int?> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        async Task<object?> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }

        var tables = Convert.ToString(await Scalar(
            "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'meta')").ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
        if (tables.Contains("schema_version", StringComparison.Ordinal) && await Scalar("SELECT MAX(version) FROM schema_version").ConfigureAwait(false) is { } version)
        {
            return Convert.ToInt32(version, CultureInfo.InvariantCulture);
        }

        // A file from before versioned migrations: its meta table records the schema it was created with (version 1).
        return tables.Contains("meta", StringComparison.Ordinal) && await Scalar("SELECT value FROM meta WHERE key = 'schema'").ConfigureAwait(false) is { } legacy
            ? int.Parse(Convert.ToString(legacy, CultureInfo.InvariantCulture)!, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
    }

    internal override string ScriptText(string script) => script;

    internal override StoreFailure Classify(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 } ? StoreFailure.Connection : StoreFailure.Permanent; // SQLITE_BUSY, SQLITE_LOCKED

    internal override string Explain(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 26 } => "the file is not a SQLite ledger",
        SqliteException sqlite => sqlite.Message,
        _ => exception.Message,
    };

    internal override TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt));

    internal override void ClearPool()
    {
    }
}
