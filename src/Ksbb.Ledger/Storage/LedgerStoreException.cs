namespace Ksbb.Ledger.Storage;

/// <summary>The store failed (I/O, a lock held too long, a lost connection): the operation may not have happened.</summary>
/// <remarks>
/// A reservation whose call threw this is unacknowledged: retrying with the same idempotency key is always safe and
/// returns the reservation if it did commit.
/// </remarks>
public sealed class LedgerStoreException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    public LedgerStoreException()
        : base("The ledger store failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed, naming the store.</param>
    public LedgerStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What failed, naming the store.</param>
    /// <param name="innerException">The database error.</param>
    public LedgerStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
