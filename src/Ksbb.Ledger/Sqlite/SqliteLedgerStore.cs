using System.Runtime.CompilerServices;
using Ksbb.Model.Catalog;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Ksbb.Ledger.Sqlite;

/// <summary>The embedded ledger store: one SQLite file in WAL mode with full synchronous commits.</summary>
/// <remarks>
/// <para>
/// Every write runs in a <c>BEGIN IMMEDIATE</c> transaction, so writers (threads and processes) are serialised by
/// SQLite's file lock; the reservation itself is a conditional
/// <c>UPDATE needs SET reserved = reserved + @q WHERE id = @id AND reserved + delivered + @q &lt;= need</c>.
/// <c>synchronous=FULL</c> makes each commit durable (the WAL is synced) before the call returns. A writer that
/// finds the file locked waits up to <see cref="SqliteLedgerStoreOptions.BusyTimeout"/> (SQLite's busy handler), then
/// retries the whole transaction a bounded number of times before throwing <see cref="LedgerStoreException"/>.
/// </para>
/// <para>
/// Group commit: writes from the threads of one process that arrive while a commit is in progress are committed
/// together in the next transaction, each in its own savepoint (atomic on its own, refused or failed alone), so many
/// concurrent writers share one durable sync. A call completes only after its transaction is durable.
/// </para>
/// <para>
/// Thread-safe: one instance serves all threads of a process (pooled connections, one per operation). Any number of
/// processes may open the same file on one machine; do not put the file on a network share (SQLite's locks are not
/// reliable there) — use a server database store for several machines.
/// </para>
/// </remarks>
public sealed class SqliteLedgerStore : ILedgerStore
{
    private const int SchemaVersion = 1;
    private static readonly TimeSpan LingerLimit = TimeSpan.FromMilliseconds(0.5);
    private readonly string _connectionString;
    private readonly SqliteLedgerStoreOptions _options;
    private readonly Lock _gate = new();
    private readonly List<PendingWrite> _pending = [];
    private bool _flushing;

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

    /// <summary>Opens (without creating the schema) a store on a file; call <see cref="InitializeAsync"/> once to create it.</summary>
    /// <param name="path">The database file; created when absent.</param>
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

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        return Write(tx =>
        {
            Exec(tx, """
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS needs(
                  id INTEGER PRIMARY KEY, unit TEXT NOT NULL, item TEXT NOT NULL, period TEXT NOT NULL,
                  need INTEGER NOT NULL CHECK (need >= 0), reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
                  delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered >= 0), UNIQUE(unit, item, period));
                CREATE TABLE IF NOT EXISTS reservations(
                  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE, collaborator TEXT NOT NULL,
                  need_id INTEGER NOT NULL REFERENCES needs(id), quantity INTEGER NOT NULL CHECK (quantity > 0),
                  delivered INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL, created_at INTEGER NOT NULL,
                  expires_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, reason TEXT);
                CREATE INDEX IF NOT EXISTS reservations_live ON reservations(need_id, status, expires_at);
                CREATE TABLE IF NOT EXISTS collaborators(id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS household_claims(
                  hash TEXT NOT NULL, benefit_class TEXT NOT NULL, period TEXT NOT NULL, reservation_id TEXT NOT NULL,
                  override_reason TEXT);
                CREATE UNIQUE INDEX IF NOT EXISTS household_once ON household_claims(hash, benefit_class, period) WHERE override_reason IS NULL;
                CREATE INDEX IF NOT EXISTS household_by_reservation ON household_claims(reservation_id);
                CREATE TABLE IF NOT EXISTS events(
                  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
                  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                """);
            using var version = Command(tx, "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', $v)");
            version.Parameters.AddWithValue("$v", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            version.ExecuteNonQuery();
            using var check = Command(tx, "SELECT value FROM meta WHERE key = 'schema'");
            var stored = Convert.ToString(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (stored != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new LedgerStoreException($"Ledger file {Path} has schema version {stored}; this library reads version {SchemaVersion}.");
            }

            return 0;
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<NeedChange>> SetNeedsAsync(IReadOnlyList<KeyValuePair<NeedKey, long>> needs, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needs);
        return Write(tx =>
        {
            var chain = new Chain(tx);
            var changes = new List<NeedChange>(needs.Count);
            foreach (var (key, need) in needs)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(need);
                var before = ReadNeedRow(tx, key, now);
                if (before is null)
                {
                    using var insert = Command(tx, "INSERT INTO needs(unit, item, period, need) VALUES ($u, $i, $p, $n)");
                    AddKey(insert, key);
                    insert.Parameters.AddWithValue("$n", need);
                    insert.ExecuteNonQuery();
                    chain.Append(LedgerEvents.NeedSet(now, key, null, need));
                    changes.Add(new NeedChange(null, new NeedState(key, need, 0, 0)));
                    continue;
                }

                var (id, state) = before.Value;
                if (state.Need != need)
                {
                    using var update = Command(tx, "UPDATE needs SET need = $n WHERE id = $id");
                    update.Parameters.AddWithValue("$n", need);
                    update.Parameters.AddWithValue("$id", id);
                    update.ExecuteNonQuery();
                    chain.Append(LedgerEvents.NeedSet(now, key, state.Need, need));
                }

                changes.Add(new NeedChange(state.Need, state with { Need = need }));
            }

            return (IReadOnlyList<NeedChange>)changes;
        });
    }

    /// <inheritdoc/>
    public Task<ReserveOutcome> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(tx =>
        {
            var stored = FindByKey(tx, request.Key);
            if (stored is not null)
            {
                if (!request.SameParametersAs(stored))
                {
                    return ReserveOutcome.KeyConflict(stored);
                }

                var live = ReadNeedRow(tx, stored.Need, request.Now);
                return ReserveOutcome.Replayed(stored, live?.State.Remaining ?? 0);
            }

            var row = ReadNeedRow(tx, request.Need, request.Now);
            if (row is null)
            {
                return ReserveOutcome.UnknownNeed();
            }

            var (needId, _) = row.Value;
            var chain = new Chain(tx);
            ExpireStale(tx, chain, needId, request.Need, request.Now);

            using (var take = Command(tx, "UPDATE needs SET reserved = reserved + $q WHERE id = $id AND reserved + delivered + $q <= need"))
            {
                take.Parameters.AddWithValue("$q", request.Quantity);
                take.Parameters.AddWithValue("$id", needId);
                if (take.ExecuteNonQuery() != 1)
                {
                    var now = ReadNeedRow(tx, request.Need, request.Now)!.Value.State;
                    return ReserveOutcome.Refused(now.Remaining);
                }
            }

            var reservation = new Reservation(request.ProposedId, request.Key, request.Collaborator, request.Need, request.Quantity, 0,
                ReservationStatus.Reserved, request.Now, request.ExpiresAt, request.Now, null);
            using (var insert = Command(tx, """
                INSERT INTO reservations(id, key, collaborator, need_id, quantity, delivered, status, created_at, expires_at, updated_at, reason)
                VALUES ($id, $key, $c, $n, $q, 0, 1, $t, $e, $t, NULL)
                """))
            {
                insert.Parameters.AddWithValue("$id", reservation.Id.Value);
                insert.Parameters.AddWithValue("$key", reservation.Key);
                insert.Parameters.AddWithValue("$c", reservation.Collaborator);
                insert.Parameters.AddWithValue("$n", needId);
                insert.Parameters.AddWithValue("$q", reservation.Quantity);
                insert.Parameters.AddWithValue("$t", reservation.CreatedAt.ToUnixTimeTicks());
                insert.Parameters.AddWithValue("$e", reservation.ExpiresAt.ToUnixTimeTicks());
                insert.ExecuteNonQuery();
            }

            chain.Append(LedgerEvents.Reserved(reservation));
            var after = ReadNeedRow(tx, request.Need, request.Now)!.Value.State;
            return ReserveOutcome.Reserved(reservation, after.Remaining);
        });
    }

    /// <inheritdoc/>
    public Task<TransitionOutcome> TransitionAsync(TransitionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Write(tx =>
        {
            var stored = FindById(tx, request.Id);
            if (stored is null)
            {
                return TransitionOutcome.NotFound(request.Id);
            }

            var plan = ReservationLifecycle.Plan(stored, request);
            var chain = new Chain(tx);
            if (plan.Expired is { } expired)
            {
                StoreStatus(tx, expired);
                AdjustNeed(tx, stored.Id, -stored.Quantity, 0);
                chain.Append(LedgerEvents.Expired(expired));
            }

            if (plan.Outcome != TransitionOutcomeKind.Applied)
            {
                return plan.ToOutcome();
            }

            if (plan.After.Status == ReservationStatus.Delivered)
            {
                for (var i = 0; i < request.Households.Count; i++)
                {
                    var claim = request.Households[i];
                    using var insert = Command(tx, """
                        INSERT INTO household_claims(hash, benefit_class, period, reservation_id, override_reason)
                        VALUES ($h, $b, $p, $r, $o) ON CONFLICT DO NOTHING
                        """);
                    insert.Parameters.AddWithValue("$h", claim.Hash);
                    insert.Parameters.AddWithValue("$b", claim.BenefitClass);
                    insert.Parameters.AddWithValue("$p", claim.Period.ToString());
                    insert.Parameters.AddWithValue("$r", stored.Id.Value);
                    insert.Parameters.AddWithValue("$o", (object?)claim.OverrideReason ?? DBNull.Value);
                    if (insert.ExecuteNonQuery() != 1)
                    {
                        throw new DuplicateHouseholdSignal(TransitionOutcome.DuplicateHousehold(plan.Expired ?? stored, i, claim));
                    }
                }
            }

            if (plan.ReleaseHouseholdClaims)
            {
                using var delete = Command(tx, "DELETE FROM household_claims WHERE reservation_id = $r");
                delete.Parameters.AddWithValue("$r", stored.Id.Value);
                delete.ExecuteNonQuery();
            }

            StoreStatus(tx, plan.After);
            AdjustNeed(tx, stored.Id, plan.ReservedDelta, plan.DeliveredDelta);
            chain.Append(LedgerEvents.Transitioned(plan.After, plan.After.Status == ReservationStatus.Delivered ? request.Households : []));
            return plan.ToOutcome();
        });
    }

    /// <inheritdoc/>
    public Task SetCollaboratorsAsync(IReadOnlyList<Collaborator> collaborators, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        return Write(tx =>
        {
            var chain = new Chain(tx);
            foreach (var c in collaborators)
            {
                using var upsert = Command(tx, """
                    INSERT INTO collaborators(id, name, category) VALUES ($id, $n, $c)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category
                    WHERE name <> excluded.name OR category <> excluded.category
                    """);
                upsert.Parameters.AddWithValue("$id", c.Id);
                upsert.Parameters.AddWithValue("$n", c.Name);
                upsert.Parameters.AddWithValue("$c", c.Category);
                if (upsert.ExecuteNonQuery() == 1)
                {
                    chain.Append(LedgerEvents.CollaboratorSet(now, c));
                }
            }

            return 0;
        });
    }

    /// <inheritdoc/>
    public Task<Reservation?> FindReservationAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(connection => FindById(connection, id, null)));

    /// <inheritdoc/>
    public Task<NeedState?> GetNeedAsync(NeedKey key, Instant now, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = NeedSelect + " WHERE unit = $u AND item = $i AND period = $p";
            AddKey(command, key);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadNeed(reader).State : null;
        }));

    /// <inheritdoc/>
    public IAsyncEnumerable<NeedState> ReadNeedsAsync(Instant now, CancellationToken cancellationToken = default) =>
        ReadAll(NeedSelect + " ORDER BY unit, item, period", c => c.Parameters.AddWithValue("$now", now.ToUnixTimeTicks()), r => ReadNeed(r).State, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<Reservation> ReadReservationsAsync(CancellationToken cancellationToken = default) =>
        ReadAll(ReservationSelect + " ORDER BY r.seq", null, ReadReservation, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<Collaborator> ReadCollaboratorsAsync(CancellationToken cancellationToken = default) =>
        ReadAll("SELECT id, name, category FROM collaborators ORDER BY id", null, r => new Collaborator(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<KeyValuePair<ReservationId, int>> ReadHouseholdCountsAsync(CancellationToken cancellationToken = default) =>
        ReadAll(
            "SELECT reservation_id, COUNT(*) FROM household_claims GROUP BY reservation_id",
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
            var page = Read(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT seq, at, kind, payload, prev_hash, hash FROM events WHERE seq > $after ORDER BY seq LIMIT $n";
                command.Parameters.AddWithValue("$after", after);
                command.Parameters.AddWithValue("$n", Page);
                using var reader = command.ExecuteReader();
                var result = new List<LedgerEvent>(Page);
                while (reader.Read())
                {
                    result.Add(new LedgerEvent(reader.GetInt64(0), Instant.FromUnixTimeTicks(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
                }

                return result;
            });
            foreach (var e in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
                after = e.Sequence;
            }

            if (page.Count < Page)
            {
                break;
            }

            await Task.Yield();
        }
    }

    /// <summary>Releases nothing: connections are pooled per file and closed by the pool.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Closes every pooled connection of every SQLite store in the process (for example before deleting a file).</summary>
    public static void ClearAllPools() => SqliteConnection.ClearAllPools();

    private const string NeedSelect = """
        SELECT n.id, n.unit, n.item, n.period, n.need,
          n.reserved - COALESCE((SELECT SUM(r.quantity) FROM reservations r WHERE r.need_id = n.id AND r.status = 1 AND r.expires_at <= $now), 0),
          n.delivered
        FROM needs n
        """;

    private const string ReservationSelect = """
        SELECT r.id, r.key, r.collaborator, n.unit, n.item, n.period, r.quantity, r.delivered, r.status, r.created_at, r.expires_at, r.updated_at, r.reason
        FROM reservations r JOIN needs n ON n.id = r.need_id
        """;

    // Reads a whole result into memory on one pooled connection, then yields it: no connection stays open while the caller iterates.
    private async IAsyncEnumerable<T> ReadAll<T>(string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var list = Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind?.Invoke(command);
            using var reader = command.ExecuteReader();
            var result = new List<T>();
            while (reader.Read())
            {
                result.Add(map(reader));
            }

            return result;
        });
        foreach (var item in list)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static (long Id, NeedState State) ReadNeed(SqliteDataReader reader)
    {
        var key = new NeedKey(RegionCode.Parse(reader.GetString(1)), ItemCode.Parse(reader.GetString(2)), DistributionPeriod.Parse(reader.GetString(3)));
        return (reader.GetInt64(0), new NeedState(key, reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
    }

    private static Reservation ReadReservation(SqliteDataReader reader) => new(
        ReservationId.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        new NeedKey(RegionCode.Parse(reader.GetString(3)), ItemCode.Parse(reader.GetString(4)), DistributionPeriod.Parse(reader.GetString(5))),
        reader.GetInt64(6),
        reader.GetInt64(7),
        (ReservationStatus)reader.GetInt32(8),
        Instant.FromUnixTimeTicks(reader.GetInt64(9)),
        Instant.FromUnixTimeTicks(reader.GetInt64(10)),
        Instant.FromUnixTimeTicks(reader.GetInt64(11)),
        reader.IsDBNull(12) ? null : reader.GetString(12));

    private static (long Id, NeedState State)? ReadNeedRow(SqliteTransaction tx, NeedKey key, Instant now)
    {
        using var command = Command(tx, NeedSelect + " WHERE unit = $u AND item = $i AND period = $p");
        AddKey(command, key);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadNeed(reader) : null;
    }

    private static Reservation? FindByKey(SqliteTransaction tx, string key)
    {
        using var command = Command(tx, ReservationSelect + " WHERE r.key = $k");
        command.Parameters.AddWithValue("$k", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadReservation(reader) : null;
    }

    private static Reservation? FindById(SqliteTransaction tx, ReservationId id) => FindById(tx.Connection!, id, tx);

    private static Reservation? FindById(SqliteConnection connection, ReservationId id, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = ReservationSelect + " WHERE r.id = $id";
        command.Parameters.AddWithValue("$id", id.Value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadReservation(reader) : null;
    }

    private static void ExpireStale(SqliteTransaction tx, Chain chain, long needId, NeedKey key, Instant now)
    {
        var stale = new List<Reservation>();
        using (var find = Command(tx, ReservationSelect + " WHERE r.need_id = $n AND r.status = 1 AND r.expires_at <= $now ORDER BY r.seq"))
        {
            find.Parameters.AddWithValue("$n", needId);
            find.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                stale.Add(ReadReservation(reader));
            }
        }

        foreach (var r in stale)
        {
            var expired = r with { Status = ReservationStatus.Expired, UpdatedAt = r.ExpiresAt };
            StoreStatus(tx, expired);
            AdjustNeed(tx, r.Id, -r.Quantity, 0);
            chain.Append(LedgerEvents.Expired(expired));
        }

        _ = key;
    }

    private static void StoreStatus(SqliteTransaction tx, Reservation r)
    {
        using var update = Command(tx, "UPDATE reservations SET status = $s, delivered = $d, updated_at = $t, reason = $why WHERE id = $id");
        update.Parameters.AddWithValue("$s", (int)r.Status);
        update.Parameters.AddWithValue("$d", r.DeliveredQuantity);
        update.Parameters.AddWithValue("$t", r.UpdatedAt.ToUnixTimeTicks());
        update.Parameters.AddWithValue("$why", (object?)r.Reason ?? DBNull.Value);
        update.Parameters.AddWithValue("$id", r.Id.Value);
        update.ExecuteNonQuery();
    }

    private static void AdjustNeed(SqliteTransaction tx, ReservationId id, long reservedDelta, long deliveredDelta)
    {
        if (reservedDelta == 0 && deliveredDelta == 0)
        {
            return;
        }

        using var update = Command(tx, "UPDATE needs SET reserved = reserved + $r, delivered = delivered + $d WHERE id = (SELECT need_id FROM reservations WHERE id = $id)");
        update.Parameters.AddWithValue("$r", reservedDelta);
        update.Parameters.AddWithValue("$d", deliveredDelta);
        update.Parameters.AddWithValue("$id", id.Value);
        update.ExecuteNonQuery();
    }

    private static void AddKey(SqliteCommand command, NeedKey key)
    {
        command.Parameters.AddWithValue("$u", key.Unit.ToString());
        command.Parameters.AddWithValue("$i", key.Item.Value);
        command.Parameters.AddWithValue("$p", key.Period.ToString());
    }

    private static SqliteCommand Command(SqliteTransaction tx, string sql)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Exec(SqliteTransaction tx, string sql)
    {
        using var command = Command(tx, sql);
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            var busyMs = (long)_options.BusyTimeout.TotalMilliseconds;
            pragmas.CommandText = $"PRAGMA busy_timeout = {busyMs}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private T Read<T>(Func<SqliteConnection, T> body) => Run(() =>
    {
        using var connection = OpenConnection();
        return body(connection);
    });

    // Group commit: writes queue up and one flusher commits everything queued in a single BEGIN IMMEDIATE
    // transaction (one WAL sync), each operation inside its own savepoint so one operation's failure or refusal
    // rolls back only that operation. Callers are answered only after the commit is durable.
    private Task<T> Write<T>(Func<SqliteTransaction, T> body)
    {
        var work = new PendingWrite(tx => body(tx));
        bool flush;
        lock (_gate)
        {
            _pending.Add(work);
            flush = !_flushing;
            _flushing = true;
        }

        if (flush)
        {
            _ = Task.Run(FlushPending);
        }

        return Cast<T>(work.Completion.Task);
    }

    private int PendingCount()
    {
        lock (_gate)
        {
            return _pending.Count;
        }
    }

    private static async Task<T> Cast<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;

    private void FlushPending()
    {
        var lastBatch = 0;
        while (true)
        {
            // Writers answered by the last commit are about to send their next write: when fewer are queued than
            // were answered, wait a moment (bounded, far below one durable sync) so they share the next commit.
            if (lastBatch > 1)
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (PendingCount() < lastBatch && waited.Elapsed < LingerLimit)
                {
                    Thread.Yield();
                }
            }

            List<PendingWrite> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                var take = Math.Min(_pending.Count, _options.MaxBatchSize);
                batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
            }

            lastBatch = batch.Count;

            try
            {
                Run(() => CommitBatch(batch));
                foreach (var work in batch)
                {
                    if (work.Error is not null)
                    {
                        work.Completion.TrySetException(work.Error);
                    }
                    else
                    {
                        work.Completion.TrySetResult(work.Result);
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var work in batch)
                {
                    work.Completion.TrySetException(ex);
                }
            }
        }
    }

    private int CommitBatch(List<PendingWrite> batch)
    {
        using var connection = OpenConnection();
        using var tx = connection.BeginTransaction(deferred: false);
        for (var i = 0; i < batch.Count; i++)
        {
            var work = batch[i];
            work.Result = null;
            work.Error = null;
            var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            tx.Save(savepoint);
            try
            {
                work.Result = work.Body(tx);
                tx.Release(savepoint);
            }
            catch (DuplicateHouseholdSignal signal)
            {
                tx.Rollback(savepoint);
                tx.Release(savepoint);
                work.Result = signal.Outcome;
            }
            catch (Exception ex) when (ex is not SqliteException)
            {
                tx.Rollback(savepoint);
                tx.Release(savepoint);
                work.Error = ex;
            }
        }

        tx.Commit();
        return batch.Count;
    }

    private T Run<T>(Func<T> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return attempt();
            }
            catch (SqliteException ex) when (IsBusy(ex) && i < _options.MaxBusyRetries)
            {
                Thread.Sleep(Random.Shared.Next(1, 10 * (i + 1)));
            }
            catch (SqliteException ex)
            {
                throw new LedgerStoreException($"Ledger file {Path}: {ex.Message}", ex);
            }
        }
    }

    private static bool IsBusy(SqliteException ex) => ex.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED

    private sealed class PendingWrite(Func<SqliteTransaction, object?> body)
    {
        public Func<SqliteTransaction, object?> Body { get; } = body;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public object? Result { get; set; }

        public Exception? Error { get; set; }
    }

    // Aborts a delivery transaction whose household claims conflict, carrying the outcome out of the rollback.
    private sealed class DuplicateHouseholdSignal(TransitionOutcome outcome) : Exception
    {
        public TransitionOutcome Outcome { get; } = outcome;
    }

    // The chain head, read once per transaction under the write lock, then advanced by each append.
    private sealed class Chain(SqliteTransaction tx)
    {
        private long _sequence = -1;
        private string _hash = LedgerEventChain.GenesisHash;

        public void Append(LedgerEventData data)
        {
            if (_sequence < 0)
            {
                using var head = Command(tx, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
                using var reader = head.ExecuteReader();
                if (reader.Read())
                {
                    _sequence = reader.GetInt64(0);
                    _hash = reader.GetString(1);
                }
                else
                {
                    _sequence = 0;
                }
            }

            var sealedEvent = LedgerEventChain.Seal(_sequence, _hash, data);
            using var insert = Command(tx, "INSERT INTO events(seq, at, kind, payload, prev_hash, hash) VALUES ($s, $a, $k, $p, $ph, $h)");
            insert.Parameters.AddWithValue("$s", sealedEvent.Sequence);
            insert.Parameters.AddWithValue("$a", sealedEvent.At.ToUnixTimeTicks());
            insert.Parameters.AddWithValue("$k", sealedEvent.Kind);
            insert.Parameters.AddWithValue("$p", sealedEvent.Payload);
            insert.Parameters.AddWithValue("$ph", sealedEvent.PreviousHash);
            insert.Parameters.AddWithValue("$h", sealedEvent.Hash);
            insert.ExecuteNonQuery();
            _sequence = sealedEvent.Sequence;
            _hash = sealedEvent.Hash;
        }
    }
}
