using System.Data.Common;
using System.Runtime.CompilerServices;
using Ksbb.Ledger.Storage;
using NodaTime;

namespace Ksbb.Ledger;

/// <summary>The durable store behind a <see cref="ReservationLedger"/>: a SQLite file or a PostgreSQL database.</summary>
/// <remarks>
/// <para>
/// Obtain one from <see cref="Sqlite.SqliteLedgerStore.Open"/>, <c>PostgreSqlLedgerStore.Open</c> (package
/// Ksbb.Ledger.PostgreSql), a <see cref="LedgerStoreProvider"/> or <c>LedgerStores.OpenAsync</c>, create or upgrade
/// its schema once with <see cref="MigrateAsync"/> (or <see cref="EnsureReadyAsync"/>), and hand it to
/// <see cref="ReservationLedger.Create"/>. Every rule and the whole
/// transaction script (idempotency, the conditional reservation, lifecycle transitions, household claims, the event
/// chain, group commit and retries) live in this class, once; a store only supplies its database dialect
/// (connections, SQL text, row locks and versioned migrations). The class cannot be derived from outside the ledger
/// packages.
/// </para>
/// <para>
/// Guarantees, under any concurrency of threads, processes and (for PostgreSQL) servers: a reservation is accepted
/// only while reserved + delivered + quantity ≤ need; an idempotency key is unique, and a repeat with the same
/// parameters returns the stored reservation; every change is durable, together with the events it appends, before
/// its call returns; a household is claimed at most once per benefit class and period without an audited override.
/// Failures of the database (I/O, a lost connection after bounded retries) throw <see cref="LedgerStoreException"/>;
/// rule outcomes never throw.
/// </para>
/// <para>Thread-safe: one instance serves all threads of a process.</para>
/// </remarks>
public abstract partial class LedgerStore : IAsyncDisposable, IDisposable
{
    private volatile bool _schemaChecked;

    internal LedgerStore()
    {
    }

    /// <summary>Gets a description for messages: the file's full path, or server, database and schema (never a password).</summary>
    public abstract string Description { get; }

    /// <summary>Gets the schema version this library reads and <see cref="MigrateAsync"/> migrates to.</summary>
    public int LatestSchemaVersion => Migrations.Latest;

    /// <summary>Creates or upgrades the schema to <see cref="LatestSchemaVersion"/>; a no-op when it is current.</summary>
    /// <remarks>
    /// Applies this store's embedded, numbered scripts above the recorded version in one transaction, holding the
    /// database's write lock (SQLite) or an advisory lock on the schema (PostgreSQL), so concurrent migrators wait for
    /// each other and the second finds nothing to do. Every other operation checks the version once per instance and
    /// never migrates.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The schema version afterwards.</returns>
    /// <exception cref="LedgerStoreException">The database failed, is not a ledger, or its schema is newer than this library.</exception>
    public Task<int> MigrateAsync(CancellationToken cancellationToken = default) => MigrateToAsync(LatestSchemaVersion, cancellationToken);

    /// <summary>Creates or upgrades the schema: the same as <see cref="MigrateAsync(CancellationToken)"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => MigrateAsync(cancellationToken);

    /// <summary>Makes the store ready for use: with <paramref name="create"/>, creates or upgrades the schema (a SQLite file
    /// is created when absent); without it, checks that the database holds a ledger at <see cref="LatestSchemaVersion"/>.</summary>
    /// <remarks>
    /// With <paramref name="create"/>, a schema is migrated only when missing or older, so an application role without
    /// the right to create schemas can open a database its owner migrated. Without it nothing is created or changed (a
    /// missing SQLite file stays missing), which makes it a readiness check. Idempotent and safe to call concurrently.
    /// </remarks>
    /// <param name="create">Whether to create or upgrade the schema.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="LedgerLocationException">A SQLite path names a folder, a file that is not a SQLite database, or (without <paramref name="create"/>) no file or a file without a ledger.</exception>
    /// <exception cref="LedgerStoreException">The database failed, or (without <paramref name="create"/>) its schema is missing, older or newer.</exception>
    public async Task EnsureReadyAsync(bool create, CancellationToken cancellationToken = default)
    {
        await CheckLocationAsync(create, cancellationToken).ConfigureAwait(false);
        if (!create)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (await GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false) != LatestSchemaVersion)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the schema version recorded in the database.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The version, or <see langword="null"/> when the schema was never created.</returns>
    /// <exception cref="LedgerStoreException">The database failed or is not a ledger.</exception>
    public Task<int?> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async ct =>
        {
            await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
            return await ReadSchemaVersionAsync(connection, null, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Releases the store's connections (a PostgreSQL pool the store opened itself; nothing for SQLite).</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public abstract ValueTask DisposeAsync();

    /// <summary>Releases the store's connections synchronously (for containers disposed synchronously): the same as <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        DisposeConnections();
        GC.SuppressFinalize(this);
    }

    // Releases what DisposeAsync releases, synchronously.
    internal virtual void DisposeConnections()
    {
    }

    // ---- The dialect a store supplies -------------------------------------------------------------------------

    // "" or "schema." before every table name.
    internal abstract string Tables { get; }

    // The row lock clause after a SELECT that reads rows the transaction will change: "" where the whole database is locked.
    internal abstract string LockRows(string alias);

    // A statement that takes a transaction-scoped lock on one text key (parameter @h: a household's keyed hash, so
    // concurrent deliveries naming it are serialised; a unit and item, so needs of overlapping periods are checked one
    // writer at a time); "" where the whole database is locked.
    internal abstract string LockKey { get; }

    // The clause after a text column in ORDER BY that orders by ordinal (byte) comparison.
    internal abstract string Ordinal { get; }

    internal abstract int MaxBatchSize { get; }

    internal abstract int MaxAttempts { get; }

    internal abstract MigrationScripts Migrations { get; }

    internal abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    // Begins a write transaction that holds what makes the conditional updates exact (SQLite: the database write lock).
    internal abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    // Begins the migration transaction, takes the migrators' lock and creates the schema_version table if absent.
    internal abstract ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    // The version recorded in the database, or null when there is no ledger schema.
    internal abstract Task<int?> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

    // Prepares a migration script to run inside the migration transaction (for example, setting the search path).
    internal abstract string ScriptText(string script);

    internal abstract StoreFailure Classify(Exception exception);

    // Explains a database failure in one sentence, without secrets.
    internal abstract string Explain(Exception exception);

    internal abstract TimeSpan Backoff(int attempt);

    // Checks, before EnsureReadyAsync touches the database, that the location can hold a ledger (a file store: not a folder, not another kind of file).
    internal virtual Task CheckLocationAsync(bool create, CancellationToken cancellationToken) => Task.CompletedTask;

    // Drops pooled connections after a connection-level failure (a restarted server leaves them all dead).
    internal abstract void ClearPool();

    // ---- Reads -----------------------------------------------------------------------------------------------

    internal Task<Reservation?> FindReservationAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        FirstAsync($"{ReservationSelect} WHERE r.id = @id", c => LedgerSql.Add(c, "@id", id.Value), LedgerRows.Reservation, cancellationToken);

    internal Task<Reservation?> FindReservationByKeyAsync(string key, CancellationToken cancellationToken = default) =>
        FirstAsync($"{ReservationSelect} WHERE r.key = @k", c => LedgerSql.Add(c, "@k", key), LedgerRows.Reservation, cancellationToken);

    internal Task<NeedState?> GetNeedAsync(NeedKey key, Instant now, CancellationToken cancellationToken = default) =>
        FirstAsync($"{NeedSelect} WHERE n.unit = @u AND n.item = @i AND n.period = @p", c =>
        {
            LedgerSql.AddKey(c, key);
            LedgerSql.Add(c, "@now", now.ToUnixTimeTicks());
        }, r => LedgerRows.Need(r).State, cancellationToken);

    internal IAsyncEnumerable<NeedState> ReadNeedsAsync(Instant now, CancellationToken cancellationToken = default) =>
        EnumerateAsync(
            $"{NeedSelect} ORDER BY n.unit{Ordinal}, n.item{Ordinal}, n.period{Ordinal}",
            c => LedgerSql.Add(c, "@now", now.ToUnixTimeTicks()),
            r => LedgerRows.Need(r).State,
            cancellationToken);

    internal IAsyncEnumerable<Reservation> ReadReservationsAsync(CancellationToken cancellationToken = default) =>
        EnumerateAsync($"{ReservationSelect} ORDER BY r.seq", null, LedgerRows.Reservation, cancellationToken);

    // Reservations still held at @now (reserved, not expired): the candidates for overdue commitments.
    internal IAsyncEnumerable<Reservation> ReadHeldReservationsAsync(Instant now, CancellationToken cancellationToken = default) =>
        EnumerateAsync($"{ReservationSelect} WHERE r.status = {(int)ReservationStatus.Reserved} AND r.expires_at > @now ORDER BY r.seq", c => LedgerSql.Add(c, "@now", now.ToUnixTimeTicks()), LedgerRows.Reservation, cancellationToken);

    internal async Task<DeliveryProof?> FindProofAsync(ReservationId id, CancellationToken cancellationToken = default)
    {
        var rows = await ReadListAsync($"{ProofSelect} WHERE reservation_id = @id", c => LedgerSql.Add(c, "@id", id.Value), LedgerRows.Proof, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0].Proof : null;
    }

    internal IAsyncEnumerable<(ReservationId Id, DeliveryProof Proof)> ReadProofsAsync(CancellationToken cancellationToken = default) =>
        EnumerateAsync(ProofSelect, null, LedgerRows.Proof, cancellationToken);

    internal IAsyncEnumerable<Collaborator> ReadCollaboratorsAsync(CancellationToken cancellationToken = default) =>
        EnumerateAsync($"SELECT id, name, category, sub_kind, publish_name, status FROM {Tables}collaborators ORDER BY id{Ordinal}", null, LedgerRows.Collaborator, cancellationToken);

    internal IAsyncEnumerable<RoleGrant> ReadRolesAsync(CancellationToken cancellationToken = default) =>
        EnumerateAsync($"SELECT actor, role, scope FROM {Tables}roles ORDER BY actor{Ordinal}, role{Ordinal}, scope{Ordinal}", null, r =>
        {
            var actor = CollaboratorId.Parse(r.GetString(0));
            var scope = r.GetString(2);
            return r.GetString(1) switch
            {
                "operator" => RoleGrant.Operator(actor, Model.Regions.RegionCode.Parse(scope)),
                "verifier" => RoleGrant.Verifier(actor, Model.Regions.RegionCode.Parse(scope)),
                "aggregator" => RoleGrant.ForAggregator(actor, Model.Pledges.AggregatorId.Parse(scope)),
                var other => throw new InvalidDataException($"The ledger holds a role '{other}' it does not know."),
            };
        }, cancellationToken);

    internal IAsyncEnumerable<KeyValuePair<ReservationId, int>> ReadHouseholdCountsAsync(CancellationToken cancellationToken = default) =>
        EnumerateAsync(
            $"SELECT reservation_id, COUNT(*) FROM {Tables}household_claims GROUP BY reservation_id",
            null,
            r => new KeyValuePair<ReservationId, int>(ReservationId.Parse(r.GetString(0)), checked((int)r.GetInt64(1))),
            cancellationToken);

    internal async IAsyncEnumerable<LedgerEvent> ReadEventsAsync(long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Page = 4096;
        var after = afterSequence;
        while (true)
        {
            var from = after;
            var page = await ReadListAsync(
                $"SELECT seq, at, kind, payload, prev_hash, hash FROM {Tables}events WHERE seq > @after ORDER BY seq LIMIT {Page}",
                c => LedgerSql.Add(c, "@after", from),
                LedgerRows.Event,
                cancellationToken).ConfigureAwait(false);
            foreach (var e in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
                after = e.Sequence;
            }

            if (page.Count < Page)
            {
                yield break;
            }
        }
    }

    private string NeedSelect => $"""
        SELECT n.id, n.unit, n.item, n.period, n.need,
          n.reserved - COALESCE((SELECT SUM(r.quantity) FROM {Tables}reservations r
                                 WHERE r.need_id = n.id AND r.status = {(int)ReservationStatus.Reserved} AND r.expires_at <= @now), 0),
          n.delivered
        FROM {Tables}needs n
        """;

    private string ProofSelect => $"SELECT reservation_id, evidence, lon, lat, located_unit, distance_m, acknowledgements FROM {Tables}delivery_proofs";

    private string ReservationSelect => $"""
        SELECT r.id, r.key, r.collaborator, n.unit, n.item, n.period, r.quantity, r.delivered, r.status, r.created_at, r.expires_at, r.updated_at, r.reason, r.deliver_by
        FROM {Tables}reservations r JOIN {Tables}needs n ON n.id = r.need_id
        """;

    private async Task<T?> FirstAsync<T>(string sql, Action<DbCommand>? bind, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var list = await ReadListAsync(sql, bind, map, cancellationToken).ConfigureAwait(false);
        return list.Count > 0 ? list[0] : null;
    }

    // Reads a whole result on one pooled connection (with retries), then yields it: no connection stays open while the caller iterates.
    private async IAsyncEnumerable<T> EnumerateAsync<T>(string sql, Action<DbCommand>? bind, Func<DbDataReader, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = await ReadListAsync(sql, bind, map, cancellationToken).ConfigureAwait(false);
        foreach (var item in list)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private async Task<List<T>> ReadListAsync<T>(string sql, Action<DbCommand>? bind, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(async ct =>
        {
            await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind?.Invoke(command);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var result = new List<T>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(map(reader));
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    // ---- Schema ----------------------------------------------------------------------------------------------

    internal async Task<int> MigrateToAsync(int target, CancellationToken cancellationToken)
    {
        var version = await RunAsync(async ct =>
        {
            await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var tx = await BeginMigrationAsync(connection, ct).ConfigureAwait(false);
            var current = await ReadSchemaVersionAsync(connection, tx, ct).ConfigureAwait(false) ?? 0;
            if (current > Migrations.Latest)
            {
                throw new LedgerStoreException($"{Description}: the ledger schema is at version {current}, newer than this library's {Migrations.Latest}: upgrade the Ksbb.Ledger packages.");
            }

            foreach (var script in Migrations.Scripts)
            {
                if (script.Version <= current || script.Version > target)
                {
                    continue;
                }

                await LedgerSql.ExecuteAsync(tx, ScriptText(script.Sql), null, ct).ConfigureAwait(false);
                await LedgerSql.ExecuteAsync(tx, $"INSERT INTO {Tables}schema_version (version, name) VALUES (@v, @n)", c =>
                {
                    LedgerSql.Add(c, "@v", script.Version);
                    LedgerSql.Add(c, "@n", script.Name);
                }, ct).ConfigureAwait(false);
                current = script.Version;
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
            return current;
        }, cancellationToken).ConfigureAwait(false);
        _schemaChecked = version == LatestSchemaVersion;
        return version;
    }

    // Checks once per instance that the schema exists at the version this library reads; never migrates.
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaChecked)
        {
            return;
        }

        var version = await GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
        if (version != LatestSchemaVersion)
        {
            throw new LedgerStoreException(version is null
                ? $"{Description}: the ledger schema does not exist; create it once with MigrateAsync (or 'ksbb ledger migrate --db …')."
                : version < LatestSchemaVersion
                    ? $"{Description}: the ledger schema is at version {version}; this library needs version {LatestSchemaVersion}: run MigrateAsync (or 'ksbb ledger migrate --db …')."
                    : $"{Description}: the ledger schema is at version {version}, newer than this library's {LatestSchemaVersion}: upgrade the Ksbb.Ledger packages.");
        }

        _schemaChecked = true;
    }

    // ---- Retries ---------------------------------------------------------------------------------------------

    // Runs one attempt after another while failures are transient, with the dialect's backoff; wraps the last in LedgerStoreException.
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not LedgerStoreException && Classify(ex) is var failure && failure != StoreFailure.Permanent && !cancellationToken.IsCancellationRequested)
            {
                if (failure == StoreFailure.Connection)
                {
                    ClearPool();
                }

                if (i >= MaxAttempts)
                {
                    throw Wrap(ex, i);
                }

                LedgerTelemetry.Retried(write: false);
                await Task.Delay(Backoff(i), cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Wrap(ex, 1);
            }
        }
    }

    private LedgerStoreException Wrap(Exception ex, int attempts) => ex switch
    {
        LedgerStoreException store => store,
        _ when attempts > 1 =>
            new LedgerStoreException($"{Description}: {Explain(ex)} (gave up after {attempts} attempts; a reservation whose call failed so is unacknowledged, and retrying it with the same key is safe).", ex),
        _ => new LedgerStoreException($"{Description}: {Explain(ex)}", ex),
    };
}

/// <summary>How a store failure is handled.</summary>
internal enum StoreFailure
{
    /// <summary>Not transient: reported at once.</summary>
    Permanent,

    /// <summary>Transient for one operation (a deadlock, a unique-key race): that operation is tried again.</summary>
    Retry,

    /// <summary>The connection or transaction is gone (or the database is busy): the whole transaction is tried again.</summary>
    Connection,
}
