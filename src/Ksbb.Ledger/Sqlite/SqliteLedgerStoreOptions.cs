using NodaTime;

namespace Ksbb.Ledger.Sqlite;

/// <summary>Timeouts and retries of a <see cref="SqliteLedgerStore"/>.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record SqliteLedgerStoreOptions
{
    /// <summary>Gets the defaults: a 30-second busy timeout and 5 retries.</summary>
    public static SqliteLedgerStoreOptions Default { get; } = new();

    /// <summary>Gets how long one attempt waits for another writer's lock (SQLite's busy timeout). Default 30 seconds.</summary>
    public Duration BusyTimeout { get; init; } = Duration.FromSeconds(30);

    /// <summary>Gets how many times a transaction that still found the file busy is retried before <see cref="Storage.LedgerStoreException"/>. Default 5.</summary>
    public int MaxBusyRetries { get; init; } = 5;

    /// <summary>
    /// Gets the most operations committed together in one transaction (group commit). Operations that arrive while a
    /// commit is in progress wait for the next one and share its single durable sync; each is still atomic on its own
    /// (a savepoint). Default 256; 1 disables grouping.
    /// </summary>
    public int MaxBatchSize { get; init; } = 256;
}
