namespace Ksbb.Ledger;

/// <summary>A ledger location (a file path or a connection string) names no usable ledger: bad input, never a store failure.</summary>
/// <remarks>
/// Thrown when a file does not exist or is not a SQLite ledger, or when a text that looks like a connection string
/// cannot be used as one. The message names the file or describes the server, and never contains a password.
/// </remarks>
public sealed class LedgerLocationException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public LedgerLocationException()
        : base("The ledger location names no usable ledger.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong, naming the file (never a password).</param>
    public LedgerLocationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What is wrong, naming the file (never a password).</param>
    /// <param name="innerException">The underlying error.</param>
    public LedgerLocationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
