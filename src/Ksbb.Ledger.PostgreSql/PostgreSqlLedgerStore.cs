using System.Data;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Ksbb.Model.Catalog;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using Npgsql;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Ledger.PostgreSql;

/// <summary>The ledger store on a PostgreSQL server, for hosts that run several application servers against one database.</summary>
/// <remarks>
/// <para>
/// Every write is one READ COMMITTED transaction that locks what it changes in a fixed order — the need rows
/// (<c>SELECT … FOR UPDATE</c>, several in key order), then the reservation, then the single chain-head row — so
/// concurrent writers from any number of connections, processes and servers never deadlock in normal operation. A
/// reservation is the conditional <c>UPDATE needs SET reserved = reserved + @q WHERE id = @id AND reserved + delivered +
/// @q &lt;= need</c> under that row lock; idempotency keys are a unique constraint; events are sealed after the chain
/// head read under its row lock, so the chain is gapless in commit order. Each write sets
/// <c>synchronous_commit = on</c> for its transaction, so it returns only when its commit is flushed to the server's
/// write-ahead log, whatever the server's default.
/// </para>
/// <para>
/// Transient failures — serialization failures, deadlocks, unique-key races, server shutdowns and restarts, lost
/// connections and timeouts — are retried up to <see cref="PostgreSqlLedgerStoreOptions.MaxAttempts"/> times with
/// exponential backoff and jitter, then surface as <see cref="LedgerStoreException"/> naming the server. Retrying a
/// write whose commit outcome is unknown (the connection dropped during <c>COMMIT</c>) is safe because every write is
/// idempotent: a reservation is found again by its key (and answered <see cref="ReserveOutcomeKind.Replayed"/>), a
/// transition to the status a reservation already has is <see cref="TransitionOutcomeKind.Unchanged"/>, and needs and
/// collaborators are set to absolute values.
/// </para>
/// <para>
/// The schema is created and upgraded only by <see cref="MigrateAsync"/> (and <see cref="InitializeAsync"/>, which calls
/// it): versioned scripts embedded in this package, applied in one transaction under an advisory lock and recorded in
/// the <c>schema_version</c> table. Other operations check the version once per instance and throw
/// <see cref="LedgerStoreException"/> when the schema is missing or at another version; they never migrate.
/// </para>
/// <para>Thread-safe: one instance serves all threads of a process, with connections from an Npgsql pool.</para>
/// </remarks>
public sealed partial class PostgreSqlLedgerStore : ILedgerStore
{
    private const int ReservedStatus = (int)ReservationStatus.Reserved;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlLedgerStoreOptions _options;
    private readonly string _s;
    private readonly string _needSelect;
    private readonly string _reservationSelect;
    private volatile bool _schemaChecked;

    private PostgreSqlLedgerStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlLedgerStoreOptions options)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options;
        _s = options.Schema;
        Description = $"PostgreSQL ledger {ConnectionStrings.Describe(dataSource.ConnectionString)} schema {options.Schema}";
        _needSelect = $"""
            SELECT n.id, n.unit, n.item, n.period, n.need,
              n.reserved - COALESCE((SELECT SUM(r.quantity) FROM {_s}.reservations r
                                     WHERE r.need_id = n.id AND r.status = {ReservedStatus} AND r.expires_at <= @now), 0),
              n.delivered
            FROM {_s}.needs n
            """;
        _reservationSelect = $"""
            SELECT r.id, r.key, r.collaborator, n.unit, n.item, n.period, r.quantity, r.delivered, r.status, r.created_at, r.expires_at, r.updated_at, r.reason
            FROM {_s}.reservations r JOIN {_s}.needs n ON n.id = r.need_id
            """;
    }

    // For tests: the pool the store uses.
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Gets the schema version this library reads and <see cref="MigrateAsync"/> migrates to.</summary>
    public static int LatestSchemaVersion => SchemaMigrations.Latest;

    /// <summary>Gets the PostgreSQL schema that holds this ledger's tables.</summary>
    public string Schema => _options.Schema;

    /// <summary>Gets a description for messages: server, database and schema, never the password.</summary>
    public string Description { get; }

    /// <summary>Opens a store on a connection string; the store owns its connection pool and disposes it.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>) or a
    /// <c>postgres://user:password@host:port/database</c> URI. Without <c>Timeout</c> and <c>Command Timeout</c>, 5 and 15
    /// seconds are used.</param>
    /// <param name="options">Schema and retries, or <see langword="null"/> for the defaults.</param>
    /// <returns>The store; nothing is sent to the server until the first operation.</returns>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
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

    /// <summary>Creates or upgrades the schema to <see cref="LatestSchemaVersion"/>; a no-op when it is current.</summary>
    /// <remarks>
    /// Applies the embedded scripts above the recorded version in one transaction, holding a transaction-scoped advisory
    /// lock on the schema so concurrent migrators (two servers starting at once) wait for each other and the second finds
    /// nothing to do. Needs the right to create a schema and tables (see the deployment notes).
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The schema version afterwards.</returns>
    /// <exception cref="LedgerStoreException">The server failed or the schema is newer than this library.</exception>
    public Task<int> MigrateAsync(CancellationToken cancellationToken = default) => MigrateToAsync(LatestSchemaVersion, cancellationToken);

    /// <summary>Reads the schema version recorded in the database.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The version, or <see langword="null"/> when the schema was never migrated.</returns>
    /// <exception cref="LedgerStoreException">The server failed.</exception>
    public Task<int?> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async ct =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await SchemaMigrations.CurrentAsync(connection, null, _s, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Creates or upgrades the schema: the same as <see cref="MigrateAsync(CancellationToken)"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => MigrateAsync(cancellationToken);

    internal async Task<int> MigrateToAsync(int target, CancellationToken cancellationToken)
    {
        var version = await RunAsync(async ct =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await SchemaMigrations.ApplyAsync(connection, _s, target, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        _schemaChecked = version == LatestSchemaVersion;
        return version;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<NeedChange>> SetNeedsAsync(IReadOnlyList<KeyValuePair<NeedKey, long>> needs, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needs);
        foreach (var pair in needs)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pair.Value);
        }

        return WriteAsync<IReadOnlyList<NeedChange>>(async (w, ct) =>
        {
            // Lock every existing need of the batch in one statement, in key order (LockRows runs above the sort).
            var existing = new Dictionary<NeedKey, (long Id, NeedState State)>();
            if (needs.Count > 0)
            {
                await using var lockNeeds = w.Command($"""
                    {_needSelect}
                    WHERE (n.unit, n.item, n.period) IN (SELECT * FROM unnest(@u, @i, @p))
                    ORDER BY n.unit, n.item, n.period
                    FOR UPDATE OF n
                    """);
                lockNeeds.Parameters.AddWithValue("u", needs.Select(n => n.Key.Unit.ToString()).ToArray());
                lockNeeds.Parameters.AddWithValue("i", needs.Select(n => n.Key.Item.Value).ToArray());
                lockNeeds.Parameters.AddWithValue("p", needs.Select(n => n.Key.Period.ToString()).ToArray());
                lockNeeds.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
                await using var reader = await lockNeeds.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var row = ReadNeed(reader);
                    existing[row.State.Key] = row;
                }
            }

            var changes = new List<NeedChange>(needs.Count);
            await using var batch = w.Batch();
            foreach (var (key, need) in needs)
            {
                if (!existing.TryGetValue(key, out var row))
                {
                    var insert = new NpgsqlBatchCommand($"INSERT INTO {_s}.needs (unit, item, period, need) VALUES (@u, @i, @p, @n)");
                    AddKey(insert.Parameters, key);
                    insert.Parameters.AddWithValue("n", need);
                    batch.BatchCommands.Add(insert);
                    w.Events.Add(LedgerEvents.NeedSet(now, key, null, need));
                    changes.Add(new NeedChange(null, new NeedState(key, need, 0, 0)));
                    continue;
                }

                if (row.State.Need != need)
                {
                    var update = new NpgsqlBatchCommand($"UPDATE {_s}.needs SET need = @n WHERE id = @id");
                    update.Parameters.AddWithValue("n", need);
                    update.Parameters.AddWithValue("id", row.Id);
                    batch.BatchCommands.Add(update);
                    w.Events.Add(LedgerEvents.NeedSet(now, key, row.State.Need, need));
                }

                changes.Add(new NeedChange(row.State.Need, row.State with { Need = need }));
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            return (changes, true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ReserveOutcome> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(async (w, ct) =>
        {
            // One round trip: the key lookup, then the need row locked (a replay locks it needlessly, briefly).
            Reservation? stored = null;
            (long Id, NeedState State)? locked = null;
            await using (var batch = w.Batch())
            {
                var byKey = new NpgsqlBatchCommand($"{_reservationSelect} WHERE r.key = @k");
                byKey.Parameters.AddWithValue("k", request.Key);
                var lockNeed = new NpgsqlBatchCommand($"{_needSelect} WHERE n.unit = @u AND n.item = @i AND n.period = @p FOR UPDATE OF n");
                AddKey(lockNeed.Parameters, request.Need);
                lockNeed.Parameters.AddWithValue("now", request.Now.ToUnixTimeTicks());
                batch.BatchCommands.Add(byKey);
                batch.BatchCommands.Add(lockNeed);
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    stored = ReadReservation(reader);
                }

                await reader.NextResultAsync(ct).ConfigureAwait(false);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    locked = ReadNeed(reader);
                }
            }

            if (stored is not null)
            {
                if (!request.SameParametersAs(stored))
                {
                    return (ReserveOutcome.KeyConflict(stored), false);
                }

                // Same parameters, so the same need: the row just read is the stored reservation's need.
                return (ReserveOutcome.Replayed(stored, locked?.State.Remaining ?? 0), false);
            }

            if (locked is not { } row)
            {
                return (ReserveOutcome.UnknownNeed(), false);
            }

            var expired = await ExpireStaleAsync(w, row.Id, request.Now, ct).ConfigureAwait(false);

            // The row is locked, so this cannot race; the condition is the rule itself, checked by the server.
            await using (var take = w.Command($"""
                UPDATE {_s}.needs SET reserved = reserved - @expired + @q
                WHERE id = @id AND reserved - @expired + delivered + @q <= need
                """))
            {
                take.Parameters.AddWithValue("expired", expired);
                take.Parameters.AddWithValue("q", request.Quantity);
                take.Parameters.AddWithValue("id", row.Id);
                if (await take.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                {
                    await AdjustNeedAsync(w, row.Id, -expired, 0, ct).ConfigureAwait(false);
                    return (ReserveOutcome.Refused(row.State.Remaining), true);
                }
            }

            var reservation = new Reservation(request.ProposedId, request.Key, request.Collaborator, request.Need, request.Quantity, 0,
                ReservationStatus.Reserved, request.Now, request.ExpiresAt, request.Now, null);
            // Sent in the same round trip as the chain-head lock (see AppendEventsAsync); a key race fails it with 23505.
            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO {_s}.reservations (id, key, collaborator, need_id, quantity, delivered, status, created_at, expires_at, updated_at, reason)
                VALUES (@id, @key, @c, @n, @q, 0, {ReservedStatus}, @t, @e, @t, NULL)
                """);
            insert.Parameters.AddWithValue("id", reservation.Id.Value);
            insert.Parameters.AddWithValue("key", reservation.Key);
            insert.Parameters.AddWithValue("c", reservation.Collaborator);
            insert.Parameters.AddWithValue("n", row.Id);
            insert.Parameters.AddWithValue("q", reservation.Quantity);
            insert.Parameters.AddWithValue("t", reservation.CreatedAt.ToUnixTimeTicks());
            insert.Parameters.AddWithValue("e", reservation.ExpiresAt.ToUnixTimeTicks());
            w.BeforeAppend.Add(insert);
            w.Events.Add(LedgerEvents.Reserved(reservation));
            return (ReserveOutcome.Reserved(reservation, row.State.Remaining - request.Quantity), true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TransitionOutcome> TransitionAsync(TransitionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(async (w, ct) =>
        {
            // Lock order as everywhere: the need row first, then the reservation, then the chain head.
            long needId;
            await using (var find = w.Command($"SELECT need_id FROM {_s}.reservations WHERE id = @id"))
            {
                find.Parameters.AddWithValue("id", request.Id.Value);
                if (await find.ExecuteScalarAsync(ct).ConfigureAwait(false) is not long found)
                {
                    return (TransitionOutcome.NotFound(request.Id), false);
                }

                needId = found;
            }

            await using (var lockNeed = w.Command($"SELECT 1 FROM {_s}.needs WHERE id = @n FOR UPDATE"))
            {
                lockNeed.Parameters.AddWithValue("n", needId);
                await lockNeed.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            var stored = (await FindAsync(w, "r.id = @id", p => p.AddWithValue("id", request.Id.Value), forUpdate: true, ct).ConfigureAwait(false))!;
            var plan = ReservationLifecycle.Plan(stored, request);
            if (plan.Expired is { } expired)
            {
                await StoreStatusAsync(w, expired, ct).ConfigureAwait(false);
                await AdjustNeedAsync(w, needId, -stored.Quantity, 0, ct).ConfigureAwait(false);
                w.Events.Add(LedgerEvents.Expired(expired));
            }

            if (plan.Outcome != TransitionOutcomeKind.Applied)
            {
                return (plan.ToOutcome(), true);
            }

            if (plan.After.Status == ReservationStatus.Delivered)
            {
                for (var i = 0; i < request.Households.Count; i++)
                {
                    var claim = request.Households[i];
                    await using var insert = w.Command($"""
                        INSERT INTO {_s}.household_claims (hash, benefit_class, period, reservation_id, override_reason)
                        VALUES (@h, @b, @p, @r, @o) ON CONFLICT DO NOTHING
                        """);
                    insert.Parameters.AddWithValue("h", claim.Hash);
                    insert.Parameters.AddWithValue("b", claim.BenefitClass);
                    insert.Parameters.AddWithValue("p", claim.Period.ToString());
                    insert.Parameters.AddWithValue("r", stored.Id.Value);
                    insert.Parameters.AddWithValue("o", (object?)claim.OverrideReason ?? DBNull.Value);
                    if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                    {
                        // Roll back the whole delivery (and any expiry found on the way, as the other stores do).
                        return (TransitionOutcome.DuplicateHousehold(plan.Expired ?? stored, i, claim), false);
                    }
                }
            }

            if (plan.ReleaseHouseholdClaims)
            {
                await using var delete = w.Command($"DELETE FROM {_s}.household_claims WHERE reservation_id = @r");
                delete.Parameters.AddWithValue("r", stored.Id.Value);
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await StoreStatusAsync(w, plan.After, ct).ConfigureAwait(false);
            await AdjustNeedAsync(w, needId, plan.ReservedDelta, plan.DeliveredDelta, ct).ConfigureAwait(false);
            w.Events.Add(LedgerEvents.Transitioned(plan.After, plan.After.Status == ReservationStatus.Delivered ? request.Households : []));
            return (plan.ToOutcome(), true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetCollaboratorsAsync(IReadOnlyList<Collaborator> collaborators, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        return WriteAsync(async (w, ct) =>
        {
            if (collaborators.Count == 0)
            {
                return (0, false);
            }

            await using var batch = w.Batch();
            foreach (var c in collaborators)
            {
                var upsert = new NpgsqlBatchCommand($"""
                    INSERT INTO {_s}.collaborators AS t (id, name, category) VALUES (@id, @n, @c)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category
                    WHERE t.name <> excluded.name OR t.category <> excluded.category
                    """);
                upsert.Parameters.AddWithValue("id", c.Id);
                upsert.Parameters.AddWithValue("n", c.Name);
                upsert.Parameters.AddWithValue("c", c.Category);
                batch.BatchCommands.Add(upsert);
            }

            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < collaborators.Count; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected == 1)
                {
                    w.Events.Add(LedgerEvents.CollaboratorSet(now, collaborators[i]));
                }
            }

            return (0, true);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<Reservation?> FindReservationAsync(ReservationId id, CancellationToken cancellationToken = default)
    {
        var list = await ReadListAsync($"{_reservationSelect} WHERE r.id = @id", p => p.AddWithValue("id", id.Value), ReadReservation, cancellationToken).ConfigureAwait(false);
        return list.Count > 0 ? list[0] : null;
    }

    /// <inheritdoc/>
    public async Task<NeedState?> GetNeedAsync(NeedKey key, Instant now, CancellationToken cancellationToken = default)
    {
        var list = await ReadListAsync(
            $"{_needSelect} WHERE n.unit = @u AND n.item = @i AND n.period = @p",
            p =>
            {
                AddKey(p, key);
                p.AddWithValue("now", now.ToUnixTimeTicks());
            },
            r => ReadNeed(r).State,
            cancellationToken).ConfigureAwait(false);
        return list.Count > 0 ? list[0] : null;
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<NeedState> ReadNeedsAsync(Instant now, CancellationToken cancellationToken = default) =>
        Enumerate($"{_needSelect} ORDER BY n.unit COLLATE \"C\", n.item COLLATE \"C\", n.period COLLATE \"C\"", p => p.AddWithValue("now", now.ToUnixTimeTicks()), r => ReadNeed(r).State, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<Reservation> ReadReservationsAsync(CancellationToken cancellationToken = default) =>
        Enumerate($"{_reservationSelect} ORDER BY r.seq", null, ReadReservation, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<Collaborator> ReadCollaboratorsAsync(CancellationToken cancellationToken = default) =>
        Enumerate($"SELECT id, name, category FROM {_s}.collaborators ORDER BY id COLLATE \"C\"", null, r => new Collaborator(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<KeyValuePair<ReservationId, int>> ReadHouseholdCountsAsync(CancellationToken cancellationToken = default) =>
        Enumerate(
            $"SELECT reservation_id, COUNT(*)::int FROM {_s}.household_claims GROUP BY reservation_id",
            null,
            r => new KeyValuePair<ReservationId, int>(ReservationId.Parse(r.GetString(0)), r.GetInt32(1)),
            cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<LedgerEvent> ReadEventsAsync(long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Page = 4096;
        var after = afterSequence;
        while (true)
        {
            var from = after;
            var page = await ReadListAsync(
                $"SELECT seq, at, kind, payload, prev_hash, hash FROM {_s}.events WHERE seq > @after ORDER BY seq LIMIT {Page}",
                p => p.AddWithValue("after", from),
                r => new LedgerEvent(r.GetInt64(0), Instant.FromUnixTimeTicks(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)),
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

    /// <summary>Disposes the connection pool when the store opened it from a connection string; otherwise nothing.</summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Reads a whole result on one pooled connection (with retries), then yields it: no connection stays open while the caller iterates.
    private async IAsyncEnumerable<T> Enumerate<T>(string sql, Action<NpgsqlParameterCollection>? bind, Func<NpgsqlDataReader, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = await ReadListAsync(sql, bind, map, cancellationToken).ConfigureAwait(false);
        foreach (var item in list)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private async Task<List<T>> ReadListAsync<T>(string sql, Action<NpgsqlParameterCollection>? bind, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(async ct =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            bind?.Invoke(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var result = new List<T>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(map(reader));
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    // One write transaction, retried as a whole: body returns its result and whether to commit (false rolls back, e.g. a duplicate household).
    private async Task<T> WriteAsync<T>(Func<WriteContext, CancellationToken, Task<(T Result, bool Commit)>> body, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (_options.MaxBatchSize > 1)
        {
            return await EnqueueAsync(body, cancellationToken).ConfigureAwait(false);
        }

        return await RunAsync(async ct =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
            var w = new WriteContext(connection, tx);
            await EnsureDurableCommitAsync(w, ct).ConfigureAwait(false);

            var (result, commit) = await body(w, ct).ConfigureAwait(false);
            if (!commit)
            {
                await tx.RollbackAsync(ct).ConfigureAwait(false);
                return result;
            }

            if (w.Events.Count > 0)
            {
                await AppendEventsAsync(w, ct).ConfigureAwait(false);
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    // A store on its own data source sets synchronous_commit=on at connection start-up; a host's data source may not, so then every write transaction sets it.
    private async Task EnsureDurableCommitAsync(WriteContext w, CancellationToken ct)
    {
        if (_ownsDataSource)
        {
            return;
        }

        await using var durable = w.Command("SET LOCAL synchronous_commit TO on");
        await durable.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // Seals the transaction's events after the chain head, read under its row lock (held until commit), and moves the head.
    private async Task AppendEventsAsync(WriteContext w, CancellationToken ct)
    {
        long sequence;
        string hash;
        await using (var lockHead = w.Batch())
        {
            // Writes that wait for nothing travel with the lock: one round trip.
            foreach (var command in w.BeforeAppend)
            {
                lockHead.BatchCommands.Add(command);
            }

            lockHead.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT seq, hash FROM {_s}.chain_head WHERE id = 1 FOR UPDATE"));
            await using var reader = await lockHead.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
            }

            if (reader.FieldCount == 0 || !await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new LedgerStoreException($"{Description}: the chain_head row is missing; the schema was altered outside the migrations.");
            }

            sequence = reader.GetInt64(0);
            hash = reader.GetString(1);
        }

        await using var batch = w.Batch();
        foreach (var data in w.Events)
        {
            var sealedEvent = LedgerEventChain.Seal(sequence, hash, data);
            var insert = new NpgsqlBatchCommand($"INSERT INTO {_s}.events (seq, at, kind, payload, prev_hash, hash) VALUES (@s, @a, @k, @p, @ph, @h)");
            insert.Parameters.AddWithValue("s", sealedEvent.Sequence);
            insert.Parameters.AddWithValue("a", sealedEvent.At.ToUnixTimeTicks());
            insert.Parameters.AddWithValue("k", sealedEvent.Kind);
            insert.Parameters.AddWithValue("p", sealedEvent.Payload);
            insert.Parameters.AddWithValue("ph", sealedEvent.PreviousHash);
            insert.Parameters.AddWithValue("h", sealedEvent.Hash);
            batch.BatchCommands.Add(insert);
            sequence = sealedEvent.Sequence;
            hash = sealedEvent.Hash;
        }

        var move = new NpgsqlBatchCommand($"UPDATE {_s}.chain_head SET seq = @s, hash = @h WHERE id = 1");
        move.Parameters.AddWithValue("s", sequence);
        move.Parameters.AddWithValue("h", hash);
        batch.BatchCommands.Add(move);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // Records the expiry of the need's reserved reservations past their time (the need row is locked); returns their total quantity.
    private async Task<long> ExpireStaleAsync(WriteContext w, long needId, Instant now, CancellationToken ct)
    {
        var stale = new List<(long Seq, Reservation Expired)>();
        await using (var expire = w.Command($"""
            UPDATE {_s}.reservations r SET status = {(int)ReservationStatus.Expired}, updated_at = r.expires_at
            FROM {_s}.needs n
            WHERE r.need_id = @n AND n.id = r.need_id AND r.status = {ReservedStatus} AND r.expires_at <= @now
            RETURNING r.id, r.key, r.collaborator, n.unit, n.item, n.period, r.quantity, r.delivered, r.status, r.created_at, r.expires_at, r.updated_at, r.reason, r.seq
            """))
        {
            expire.Parameters.AddWithValue("n", needId);
            expire.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
            await using var reader = await expire.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                stale.Add((reader.GetInt64(13), ReadReservation(reader)));
            }
        }

        stale.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        long total = 0;
        foreach (var (_, expired) in stale)
        {
            w.Events.Add(LedgerEvents.Expired(expired));
            total += expired.Quantity;
        }

        return total;
    }

    private async Task StoreStatusAsync(WriteContext w, Reservation r, CancellationToken ct)
    {
        await using var update = w.Command($"UPDATE {_s}.reservations SET status = @s, delivered = @d, updated_at = @t, reason = @why WHERE id = @id");
        update.Parameters.AddWithValue("s", (short)r.Status);
        update.Parameters.AddWithValue("d", r.DeliveredQuantity);
        update.Parameters.AddWithValue("t", r.UpdatedAt.ToUnixTimeTicks());
        update.Parameters.AddWithValue("why", (object?)r.Reason ?? DBNull.Value);
        update.Parameters.AddWithValue("id", r.Id.Value);
        await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task AdjustNeedAsync(WriteContext w, long needId, long reservedDelta, long deliveredDelta, CancellationToken ct)
    {
        if (reservedDelta == 0 && deliveredDelta == 0)
        {
            return;
        }

        await using var update = w.Command($"UPDATE {_s}.needs SET reserved = reserved + @r, delivered = delivered + @d WHERE id = @id");
        update.Parameters.AddWithValue("r", reservedDelta);
        update.Parameters.AddWithValue("d", deliveredDelta);
        update.Parameters.AddWithValue("id", needId);
        await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<(long Id, NeedState State)?> ReadNeedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, NeedKey key, Instant now, bool forUpdate, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"{_needSelect} WHERE n.unit = @u AND n.item = @i AND n.period = @p{(forUpdate ? " FOR UPDATE OF n" : string.Empty)}", connection, tx);
        AddKey(command.Parameters, key);
        command.Parameters.AddWithValue("now", now.ToUnixTimeTicks());
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadNeed(reader) : null;
    }

    private async Task<Reservation?> FindAsync(WriteContext w, string where, Action<NpgsqlParameterCollection> bind, bool forUpdate, CancellationToken ct)
    {
        await using var command = w.Command($"{_reservationSelect} WHERE {where}{(forUpdate ? " FOR UPDATE OF r" : string.Empty)}");
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadReservation(reader) : null;
    }

    private static (long Id, NeedState State) ReadNeed(NpgsqlDataReader reader)
    {
        var key = new NeedKey(RegionCode.Parse(reader.GetString(1)), ItemCode.Parse(reader.GetString(2)), DistributionPeriod.Parse(reader.GetString(3)));
        return (reader.GetInt64(0), new NeedState(key, reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
    }

    private static Reservation ReadReservation(NpgsqlDataReader reader) => new(
        ReservationId.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        new NeedKey(RegionCode.Parse(reader.GetString(3)), ItemCode.Parse(reader.GetString(4)), DistributionPeriod.Parse(reader.GetString(5))),
        reader.GetInt64(6),
        reader.GetInt64(7),
        (ReservationStatus)reader.GetInt16(8),
        Instant.FromUnixTimeTicks(reader.GetInt64(9)),
        Instant.FromUnixTimeTicks(reader.GetInt64(10)),
        Instant.FromUnixTimeTicks(reader.GetInt64(11)),
        reader.IsDBNull(12) ? null : reader.GetString(12));

    private static void AddKey(NpgsqlParameterCollection parameters, NeedKey key)
    {
        parameters.AddWithValue("u", key.Unit.ToString());
        parameters.AddWithValue("i", key.Item.Value);
        parameters.AddWithValue("p", key.Period.ToString());
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
                ? $"{Description}: the ledger schema does not exist; create it once with PostgreSqlLedgerStore.MigrateAsync (or 'ksbb ledger migrate --db …')."
                : version < LatestSchemaVersion
                    ? $"{Description}: the ledger schema is at version {version}; this library needs version {LatestSchemaVersion}: run PostgreSqlLedgerStore.MigrateAsync (or 'ksbb ledger migrate --db …')."
                    : $"{Description}: the ledger schema is at version {version}, newer than this library's {LatestSchemaVersion}: upgrade the Ksbb.Ledger.PostgreSql package.");
        }

        _schemaChecked = true;
    }

    // Runs one attempt after another while failures are transient, with exponential backoff and jitter; wraps the last in LedgerStoreException.
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Classify(ex) is var failure && failure != Failure.Permanent && !cancellationToken.IsCancellationRequested)
            {
                if (failure == Failure.Connection)
                {
                    // Idle pooled connections to a restarted server are dead too: drop them all at once.
                    _dataSource.Clear();
                }

                if (i >= _options.MaxAttempts)
                {
                    throw new LedgerStoreException($"{Description}: {Explain(ex)} (gave up after {i} attempts; a reservation whose call failed so is unacknowledged, and retrying it with the same key is safe).", ex);
                }

                await Task.Delay(Backoff(i), cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable && !cancellationToken.IsCancellationRequested)
            {
                _schemaChecked = false;
                throw new LedgerStoreException($"{Description}: {ex.MessageText}; the ledger schema is missing or incomplete: run PostgreSqlLedgerStore.MigrateAsync (or 'ksbb ledger migrate --db …').", ex);
            }
            catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LedgerStoreException($"{Description}: {Explain(ex)}", ex);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var baseMs = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(baseMs, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble()));
    }

    private static string Explain(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.SqlState} {pg.MessageText}",
        NpgsqlException { InnerException: SocketException socket } => $"cannot reach the server ({socket.SocketErrorCode}: {socket.Message})",
        NpgsqlException { InnerException: TimeoutException } => "the server did not answer in time (connection or command timeout)",
        _ => ex.Message,
    };

    private enum Failure
    {
        Permanent,
        Retry,
        Connection,
    }

    private static Failure Classify(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState switch
        {
            PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable
                or PostgresErrorCodes.UniqueViolation => Failure.Retry,
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections => Failure.Connection,
            var state when state.StartsWith("08", StringComparison.Ordinal) => Failure.Connection,
            _ => Failure.Permanent,
        },
        NpgsqlException npgsql when npgsql.IsTransient => Failure.Connection,
        NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } => Failure.Connection,
        _ => Failure.Permanent,
    };

    // The connection, transaction and pending events of one write attempt.
    private sealed class WriteContext(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        public NpgsqlConnection Connection { get; } = connection;

        public NpgsqlTransaction Transaction { get; } = transaction;

        public List<LedgerEventData> Events { get; } = [];

        // Statements whose results nobody reads, sent together with the chain-head lock.
        public List<NpgsqlBatchCommand> BeforeAppend { get; } = [];

        public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

        public NpgsqlBatch Batch() => new(Connection, Transaction);
    }
}
