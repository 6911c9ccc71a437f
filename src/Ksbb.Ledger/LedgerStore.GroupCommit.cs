using System.Data.Common;

namespace Ksbb.Ledger;

// Group commit and retries, once for every store: the write operations of one store instance queue up; one leader at
// a time runs a batch of them (at most MaxBatchSize) in one transaction, each under its own savepoint when there are
// several, appends all their events under one chain-head lock and commits once — one durable flush for the whole
// batch. Every operation completes only after the commit, so nothing is acknowledged that could still be rolled back.
// An operation whose failure is transient for itself (a deadlock, a unique-key race) is tried again in a later batch;
// a lost connection or a busy database tries the whole batch again. Every write is idempotent (a reservation is found
// again by its key, a transition to the status a reservation has is unchanged, needs and collaborators are absolute
// values), so running an operation again after a commit whose outcome is unknown is safe.
public abstract partial class LedgerStore
{
    private static readonly TimeSpan LingerLimit = TimeSpan.FromMilliseconds(0.5);
    private readonly Queue<PendingWrite> _queue = new();
    private readonly Lock _queueLock = new();
    private bool _leading;

    private async Task<T> WriteAsync<T>(Func<WriteScope, CancellationToken, Task<(T Result, bool Commit)>> body, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
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

        return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private int QueuedCount()
    {
        lock (_queueLock)
        {
            return _queue.Count;
        }
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
        var lastBatch = 0;
        while (true)
        {
            // Writers answered by the last commit are about to send their next write: when fewer are queued than were
            // answered, wait a moment (bounded, far below one durable flush) so they share the next commit.
            if (lastBatch > 1)
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (QueuedCount() < lastBatch && waited.Elapsed < LingerLimit)
                {
                    Thread.Yield();
                }
            }

            var batch = new List<PendingWrite>();
            lock (_queueLock)
            {
                while (batch.Count < MaxBatchSize && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _leading = false;
                    return;
                }
            }

            lastBatch = batch.Count;
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
        var savepoints = batch.Count > 1;
        using var activity = LedgerTelemetry.StartTransaction(batch.Count);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await using var tx = await BeginWriteAsync(connection, CancellationToken.None).ConfigureAwait(false);
            var events = new List<Storage.LedgerEventData>();
            var rolledBack = false;
            foreach (var op in batch)
            {
                var w = new WriteScope(tx);
                if (savepoints)
                {
                    await tx.SaveAsync("op").ConfigureAwait(false);
                }

                try
                {
                    var commit = await op.RunAsync(w).ConfigureAwait(false);
                    if (commit)
                    {
                        events.AddRange(w.Events);
                    }

                    rolledBack |= await EndOperationAsync(tx, savepoints, commit).ConfigureAwait(false);
                    done.Add(op);
                }
                catch (Exception ex) when (Classify(ex) != StoreFailure.Connection)
                {
                    // This operation failed (a deadlock, a unique-key race, bad input): undo it alone; retry it later when transient.
                    rolledBack |= await EndOperationAsync(tx, savepoints, commit: false).ConfigureAwait(false);
                    if (Classify(ex) == StoreFailure.Retry)
                    {
                        RetryOrFail(op, ex, retry);
                    }
                    else
                    {
                        op.Fail(ex is DbException ? Wrap(ex, 1) : ex);
                    }
                }
            }

            if (!rolledBack)
            {
                if (events.Count > 0)
                {
                    await AppendEventsAsync(tx, events, CancellationToken.None).ConfigureAwait(false);
                }

                await tx.CommitAsync().ConfigureAwait(false);
            }

            outcome = rolledBack ? "rolled_back" : "committed";
            foreach (var op in done)
            {
                op.Complete();
            }
        }
        catch (Exception ex) when (Classify(ex) != StoreFailure.Permanent || ex is DbException or IOException or TimeoutException)
        {
            // The transaction is gone (connection lost, database busy, commit failed): nothing of it is acknowledged.
            if (Classify(ex) == StoreFailure.Connection)
            {
                ClearPool();
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
        finally
        {
            LedgerTelemetry.TransactionEnded(activity, outcome, started);
        }

        return retry;
    }

    // Keeps or undoes one operation; returns whether the whole transaction was rolled back (a single operation, undone).
    private static async Task<bool> EndOperationAsync(DbTransaction tx, bool savepoints, bool commit)
    {
        if (savepoints)
        {
            if (!commit)
            {
                await tx.RollbackAsync("op").ConfigureAwait(false);
            }

            await tx.ReleaseAsync("op").ConfigureAwait(false);
            return false;
        }

        if (commit)
        {
            return false;
        }

        await tx.RollbackAsync().ConfigureAwait(false);
        return true;
    }

    private void RetryOrFail(PendingWrite op, Exception ex, List<PendingWrite> retry)
    {
        op.Attempts++;
        if (Classify(ex) != StoreFailure.Permanent && op.Attempts < MaxAttempts)
        {
            LedgerTelemetry.Retried(write: true);
            retry.Add(op);
        }
        else
        {
            op.Fail(Wrap(ex, op.Attempts));
        }
    }

    private abstract class PendingWrite
    {
        public int Attempts { get; set; }

        public abstract bool IsCompleted { get; }

        // Runs the operation's body inside the batch; returns whether its changes stay (false: roll back to its savepoint).
        public abstract Task<bool> RunAsync(WriteScope w);

        public abstract void Complete();

        public abstract void Fail(Exception ex);
    }

    private sealed class PendingWrite<T>(Func<WriteScope, CancellationToken, Task<(T Result, bool Commit)>> body) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override bool IsCompleted => _completion.Task.IsCompleted;

        public override async Task<bool> RunAsync(WriteScope w)
        {
            var (result, commit) = await body(w, CancellationToken.None).ConfigureAwait(false);
            _result = result;
            return commit;
        }

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception ex) => _completion.TrySetException(ex);
    }
}
