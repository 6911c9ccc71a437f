using System.Data;
using Ksbb.Ledger.Storage;
using Npgsql;

namespace Ksbb.Ledger.PostgreSql;

// Group commit (PostgreSqlLedgerStoreOptions.MaxBatchSize > 1): the write operations of one store instance queue up;
// one leader at a time runs a batch of them in one transaction, each under its own savepoint, appends all their
// events under one chain-head lock and commits once — one flush to disk for the whole batch. Every operation is
// completed only after the commit, so nothing is acknowledged that could still be rolled back.
public sealed partial class PostgreSqlLedgerStore
{
    private readonly Queue<PendingWrite> _queue = new();
    private readonly Lock _queueLock = new();
    private bool _leading;

    private Task<T> EnqueueAsync<T>(Func<WriteContext, CancellationToken, Task<(T Result, bool Commit)>> body, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(body);
        bool lead;
        lock (_queueLock)
        {
            _queue.Enqueue(pending);
            lead = !_leading;
            _leading = true;
        }

        if (lead)
        {
            _ = Task.Run(LeadAsync, CancellationToken.None);
        }

        return pending.Task.WaitAsync(cancellationToken);
    }

    private async Task LeadAsync()
    {
        try
        {
            await LeadBatchesAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Never leave callers waiting: fail whatever is queued and let the next caller lead.
            lock (_queueLock)
            {
                while (_queue.TryDequeue(out var op))
                {
                    op.Fail(ex);
                }

                _leading = false;
            }
        }
    }

    private async Task LeadBatchesAsync()
    {
        while (true)
        {
            var batch = new List<PendingWrite>();
            lock (_queueLock)
            {
                while (batch.Count < _options.MaxBatchSize && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _leading = false;
                    return;
                }
            }

            var retry = await RunBatchAsync(batch).ConfigureAwait(false);
            if (retry.Count > 0)
            {
                await Task.Delay(Backoff(retry.Max(p => p.Attempts))).ConfigureAwait(false);
                lock (_queueLock)
                {
                    foreach (var p in retry)
                    {
                        _queue.Enqueue(p);
                    }
                }
            }
        }
    }

    // Runs one batch; completes or fails what it can and returns the operations to try again in a later batch.
    private async Task<List<PendingWrite>> RunBatchAsync(List<PendingWrite> batch)
    {
        var retry = new List<PendingWrite>();
        var done = new List<PendingWrite>();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted).ConfigureAwait(false);
            var all = new WriteContext(connection, tx);
            await EnsureDurableCommitAsync(all, CancellationToken.None).ConfigureAwait(false);
            foreach (var op in batch)
            {
                var w = new WriteContext(connection, tx);
                await ExecuteAsync(all, "SAVEPOINT op").ConfigureAwait(false);
                try
                {
                    if (await op.RunAsync(w).ConfigureAwait(false))
                    {
                        // Deferred statements run now, inside this operation's savepoint, so a failure undoes it alone.
                        if (w.BeforeAppend.Count > 0)
                        {
                            await using var deferred = w.Batch();
                            foreach (var command in w.BeforeAppend)
                            {
                                deferred.BatchCommands.Add(command);
                            }

                            await deferred.ExecuteNonQueryAsync().ConfigureAwait(false);
                        }

                        all.Events.AddRange(w.Events);
                        await ExecuteAsync(all, "RELEASE SAVEPOINT op").ConfigureAwait(false);
                    }
                    else
                    {
                        await ExecuteAsync(all, "ROLLBACK TO SAVEPOINT op; RELEASE SAVEPOINT op").ConfigureAwait(false);
                    }

                    done.Add(op);
                }
                catch (Exception ex) when (ex is PostgresException or not NpgsqlException && Classify(ex) != Failure.Connection)
                {
                    // This operation failed (a deadlock, a unique-key race, bad input): undo it alone; retry it later when transient.
                    await ExecuteAsync(all, "ROLLBACK TO SAVEPOINT op; RELEASE SAVEPOINT op").ConfigureAwait(false);
                    if (Classify(ex) == Failure.Retry)
                    {
                        RetryOrFail(op, ex, retry);
                    }
                    else
                    {
                        op.Fail(ex is PostgresException ? Wrap(ex) : ex);
                    }
                }
            }

            if (all.Events.Count > 0)
            {
                await AppendEventsAsync(all, CancellationToken.None).ConfigureAwait(false);
            }

            await tx.CommitAsync().ConfigureAwait(false);
            foreach (var op in done)
            {
                op.Complete();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // The transaction is gone (connection lost, server restarted, commit failed): nothing of it is acknowledged.
            // Each operation is idempotent, so it can run again in a later batch even if this commit did happen.
            if (Classify(ex) == Failure.Connection)
            {
                _dataSource.Clear();
            }

            foreach (var op in batch.Except(retry))
            {
                if (!op.IsCompleted)
                {
                    RetryOrFail(op, ex, retry);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var op in batch)
            {
                op.Fail(ex);
            }

            retry.Clear();
        }

        return retry;
    }

    private void RetryOrFail(PendingWrite op, Exception ex, List<PendingWrite> retry)
    {
        op.Attempts++;
        if (Classify(ex) != Failure.Permanent && op.Attempts < _options.MaxAttempts)
        {
            retry.Add(op);
        }
        else
        {
            op.Fail(Wrap(ex, op.Attempts));
        }
    }

    private LedgerStoreException Wrap(Exception ex, int attempts = 1) => ex switch
    {
        LedgerStoreException store => store,
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } pg =>
            new LedgerStoreException($"{Description}: {pg.MessageText}; the ledger schema is missing or incomplete: run PostgreSqlLedgerStore.MigrateAsync (or 'ksbb ledger migrate --db …').", ex),
        _ when attempts > 1 =>
            new LedgerStoreException($"{Description}: {Explain(ex)} (gave up after {attempts} attempts; a reservation whose call failed so is unacknowledged, and retrying it with the same key is safe).", ex),
        _ => new LedgerStoreException($"{Description}: {Explain(ex)}", ex),
    };

    private static async Task ExecuteAsync(WriteContext w, string sql)
    {
        await using var command = w.Command(sql);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private abstract class PendingWrite
    {
        public int Attempts { get; set; }

        public abstract bool IsCompleted { get; }

        // Runs the operation's body inside the batch; returns whether its changes stay (false: roll back to its savepoint).
        public abstract Task<bool> RunAsync(WriteContext w);

        public abstract void Complete();

        public abstract void Fail(Exception ex);
    }

    private sealed class PendingWrite<T>(Func<WriteContext, CancellationToken, Task<(T Result, bool Commit)>> body) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override bool IsCompleted => _completion.Task.IsCompleted;

        public override async Task<bool> RunAsync(WriteContext w)
        {
            var (result, commit) = await body(w, CancellationToken.None).ConfigureAwait(false);
            _result = result;
            return commit;
        }

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception ex) => _completion.TrySetException(ex);
    }
}
