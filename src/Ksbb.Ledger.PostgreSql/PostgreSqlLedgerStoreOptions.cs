using NodaTime;

namespace Ksbb.Ledger.PostgreSql;

/// <summary>Where a <see cref="PostgreSqlLedgerStore"/> keeps its tables and how it retries transient failures.</summary>
/// <remarks>
/// Connection and command timeouts come from the connection string (Npgsql's <c>Timeout</c> and
/// <c>Command Timeout</c>); <see cref="PostgreSqlLedgerStore.Open(string, PostgreSqlLedgerStoreOptions?)"/> sets them
/// to 5 and 15 seconds when the string does not. Immutable; thread-safe.
/// </remarks>
public sealed record PostgreSqlLedgerStoreOptions
{
    private readonly string _schema = "ksbb_ledger";
    private readonly int _maxAttempts = 6;
    private readonly int _maxBatchSize = 1;

    /// <summary>Gets the defaults: schema <c>ksbb_ledger</c>, 6 attempts, backoff from 100 ms doubling up to 2 seconds.</summary>
    public static PostgreSqlLedgerStoreOptions Default { get; } = new();

    /// <summary>Gets the PostgreSQL schema that holds the ledger's tables. Default <c>ksbb_ledger</c>.</summary>
    /// <remarks>A lowercase unquoted identifier: a letter or underscore, then letters, digits or underscores, at most 63 characters.
    /// Several ledgers can share one database in different schemas.</remarks>
    /// <exception cref="ArgumentException">The name is not such an identifier.</exception>
    public string Schema
    {
        get => _schema;
        init => _schema = IsIdentifier(value)
            ? value
            : throw new ArgumentException($"Schema name '{value}' must be a lowercase identifier: a letter or '_', then letters, digits or '_', at most 63 characters.", nameof(value));
    }

    /// <summary>Gets how many times one operation is attempted in all before it throws <see cref="Storage.LedgerStoreException"/>. Default 6.</summary>
    /// <remarks>Attempts are repeated after serialization failures (SQLSTATE 40001), deadlocks (40P01), lock timeouts (55P03),
    /// races on a unique key (23505), server shutdowns and restarts (57P01, 57P02, 57P03, 08xxx) and lost connections or
    /// timeouts. At least 1.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxAttempts = value;
        }
    }

    /// <summary>Gets the most write operations of one store instance committed together in one transaction (group commit). Default 1: every operation commits on its own.</summary>
    /// <remarks>
    /// Above 1, operations that arrive while a transaction of the same instance is running wait for the next one, which
    /// runs each of them under its own savepoint and commits them together with one flush to disk; each is still atomic
    /// on its own and acknowledged only after that commit. This raises throughput with many concurrent writers in one
    /// process at the price of holding row locks a little longer. At least 1.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxBatchSize
    {
        get => _maxBatchSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBatchSize = value;
        }
    }

    /// <summary>Gets the wait before the second attempt; each later wait doubles, with ±50 % jitter. Default 100 ms.</summary>
    public Duration InitialBackoff { get; init; } = Duration.FromMilliseconds(100);

    /// <summary>Gets the longest wait between two attempts. Default 2 seconds.</summary>
    public Duration MaxBackoff { get; init; } = Duration.FromSeconds(2);

    private static bool IsIdentifier(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || !(char.IsAsciiLetterLower(value[0]) || value[0] == '_'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
