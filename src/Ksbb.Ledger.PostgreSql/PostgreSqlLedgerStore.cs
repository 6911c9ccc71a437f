using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ksbb.Ledger.Storage;
using Npgsql;

namespace Ksbb.Ledger.PostgreSql;

/// <summary>The ledger store on a PostgreSQL server, for hosts that run several application servers against one database.</summary>
/// <remarks>
/// <para>
/// The rules and the transaction script are the ledger core's (<see cref="LedgerStore"/>); this class is the dialect.
/// Every write is one READ COMMITTED transaction that locks what it changes in a fixed order — the need rows
/// (<c>SELECT … FOR UPDATE</c>, several in key order), then the reservation, then the single chain-head row — so
/// concurrent writers from any number of connections, processes and servers never deadlock in normal operation. The
/// idempotency key is looked up under the need row's lock, so a retry racing its original is answered with the
/// original's reservation. Each write sets <c>synchronous_commit = on</c>, so it returns only when its commit is
/// flushed to the server's write-ahead log, whatever the server's default.
/// </para>
/// <para>
/// Transient failures — serialization failures, deadlocks, unique-key races, server shutdowns and restarts, lost
/// connections and timeouts — are retried up to <see cref="PostgreSqlLedgerStoreOptions.MaxAttempts"/> times with
/// exponential backoff and jitter, then surface as <see cref="LedgerStoreException"/> naming the server (never the
/// password).
/// </para>
/// <para>
/// The schema is created and upgraded only by <see cref="LedgerStore.MigrateAsync"/>: versioned scripts embedded in
/// this package, applied in one transaction under an advisory lock and recorded in the <c>schema_version</c> table.
/// </para>
/// <para>Thread-safe: one instance serves all threads of a process, with connections from an Npgsql pool.</para>
/// </remarks>
public sealed class PostgreSqlLedgerStore : LedgerStore
{
    private static readonly MigrationScripts Scripts = MigrationScripts.Load(typeof(PostgreSqlLedgerStore).Assembly, "Ksbb.Ledger.PostgreSql.Migrations.");
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlLedgerStoreOptions _options;

    private PostgreSqlLedgerStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlLedgerStoreOptions options)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options;
        Description = $"PostgreSQL ledger {ConnectionStrings.Describe(dataSource.ConnectionString)} schema {options.Schema}";
    }

    /// <summary>Gets the PostgreSQL schema that holds this ledger's tables.</summary>
    public string Schema => _options.Schema;

    /// <inheritdoc/>
    public override string Description { get; }

    // For tests: the pool the store uses.
    internal NpgsqlDataSource DataSource => _dataSource;

    internal override string Tables => _options.Schema + ".";

    internal override string Ordinal => " COLLATE \"C\"";

    internal override int MaxBatchSize => _options.MaxBatchSize;

    internal override int MaxAttempts => _options.MaxAttempts;

    internal override MigrationScripts Migrations => Scripts;

    /// <summary>Opens a store on a connection string; the store owns its connection pool and disposes it.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>) or a
    /// <c>postgres://user:password@host:port/database</c> URI. Without <c>Timeout</c> and <c>Command Timeout</c>, 5 and 15
    /// seconds are used.</param>
    /// <param name="options">Schema and retries, or <see langword="null"/> for the defaults.</param>
    /// <returns>The store; nothing is sent to the server until the first operation.</returns>
    /// <exception cref="ArgumentException">The connection string cannot be parsed (the message never contains the password).</exception>
    public static PostgreSqlLedgerStore Open(string connectionString, PostgreSqlLedgerStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var normalized = ConnectionStrings.WithDurableCommits(ConnectionStrings.WithDefaultTimeouts(ConnectionStrings.Normalize(connectionString)));
        return new PostgreSqlLedgerStore(NpgsqlDataSource.Create(normalized), ownsDataSource: true, options ?? PostgreSqlLedgerStoreOptions.Default);
    }

    /// <summary>Creates a store on a data source the host configured (authentication, TLS, pooling); the host keeps ownership of it.</summary>
    /// <param name="dataSource">The data source; not disposed with the store.</param>
    /// <param name="options">Schema and retries, or <see langword="null"/> for the defaults.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public static PostgreSqlLedgerStore Create(NpgsqlDataSource dataSource, PostgreSqlLedgerStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return new PostgreSqlLedgerStore(dataSource, ownsDataSource: false, options ?? PostgreSqlLedgerStoreOptions.Default);
    }

    /// <summary>Gets a value indicating whether a text is a PostgreSQL connection string rather than a file path.</summary>
    /// <param name="text">A <c>--db</c> argument or configuration value.</param>
    /// <returns><see langword="true"/> for a <c>postgres://</c> or <c>postgresql://</c> URI or a key=value list with <c>Host</c> or <c>Server</c>.</returns>
    public static bool IsConnectionString(string? text) => ConnectionStrings.LooksLikeConnectionString(text);

    /// <summary>Disposes the connection pool when the store opened it from a connection string; otherwise nothing.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public override async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal override void DisposeConnections()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    // The advisory lock key of a schema's migrator: the first 8 bytes of SHA-256("ksbb.ledger.migrate:" + schema).
    internal static long MigrationLockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("ksbb.ledger.migrate:" + schema)), 0);

    internal override string LockRows(string alias) => " FOR UPDATE OF " + alias;

    internal override string LockKey => "SELECT pg_advisory_xact_lock(hashtextextended(@h, 7))";

    internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    internal override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tx = await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        if (!_ownsDataSource)
        {
            // A store on its own data source sets synchronous_commit=on at connection start-up; a host's may not.
            await LedgerSql.ExecuteAsync(tx, "SET LOCAL synchronous_commit TO on", null, cancellationToken).ConfigureAwait(false);
        }

        return tx;
    }

    internal override async ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tx = await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerSql.ExecuteAsync(tx, $"""
            SELECT pg_advisory_xact_lock(@key);
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.schema_version (
              version    integer PRIMARY KEY,
              name       text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now());
            """, c => LedgerSql.Add(c, "@key", MigrationLockKey(Schema)), cancellationToken).ConfigureAwait(false);
        return tx;
    }

    internal override async Task<int?> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        exists.Parameters.AddWithValue("table", Schema + ".schema_version");
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return null;
        }

        await using var max = new NpgsqlCommand($"SELECT MAX(version) FROM {Schema}.schema_version", (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        return await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
    }

    // Scripts name tables without a schema: they run with the search path set to the ledger's schema.
    internal override string ScriptText(string script) => $"SET LOCAL search_path TO {Schema};\n{script}";

    internal override StoreFailure Classify(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState switch
        {
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable
                or PostgresErrorCodes.UniqueViolation => StoreFailure.Retry,
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections => StoreFailure.Connection,
            var state when state.StartsWith("08", StringComparison.Ordinal) => StoreFailure.Connection,
            _ => StoreFailure.Permanent,
        },
        NpgsqlException npgsql when npgsql.IsTransient => StoreFailure.Connection,
        NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } => StoreFailure.Connection,
        _ => StoreFailure.Permanent,
    };

    internal override string Explain(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } pg =>
            $"{pg.MessageText}; the ledger schema is missing or incomplete: run MigrateAsync (or 'ksbb ledger migrate --db …')",
        PostgresException pg => $"{pg.SqlState} {pg.MessageText}",
        NpgsqlException { InnerException: SocketException socket } => $"cannot reach the server ({socket.SocketErrorCode}: {socket.Message})",
        NpgsqlException { InnerException: TimeoutException } => "the server did not answer in time (connection or command timeout)",
        _ => ConnectionStrings.Redact(exception.Message),
    };

    internal override TimeSpan Backoff(int attempt)
    {
        var baseMs = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(baseMs, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble()));
    }

    internal override void ClearPool() => _dataSource.Clear();
}
