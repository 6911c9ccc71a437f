using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ksbb.Ledger.Storage;

namespace Ksbb.Ledger;

/// <summary>The hash chain over ledger events: sealing new events and verifying a stored chain.</summary>
/// <remarks>
/// <para>
/// hash(n) = SHA-256(bytes(previous hash) ‖ UTF-8(<c>sequence</c> LF <c>at</c> LF <c>kind</c> LF <c>payload</c>)),
/// where <c>sequence</c> is decimal, <c>at</c> is the instant in Unix ticks (100 ns) as decimal, and the previous
/// hash of event 1 is 32 zero bytes. Hashes are written as 64 lowercase hex digits.
/// </para>
/// <para>
/// A chain proves that no stored event was changed, removed or inserted after a later one was written; someone who
/// rewrites the whole file can rewrite the whole chain, so publish <see cref="ChainVerification.HeadHash"/>
/// somewhere else (a notice, a daily report) to anchor it. Static and thread-safe.
/// </para>
/// </remarks>
public static class LedgerEventChain
{
    /// <summary>Gets the previous hash of the first event: 64 zeros.</summary>
    public static string GenesisHash { get; } = new('0', 64);

    /// <summary>Computes an event's hash.</summary>
    /// <param name="previousHash">The previous event's hash (64 hex digits).</param>
    /// <param name="sequence">The event's sequence number.</param>
    /// <param name="data">The event's time, kind and payload.</param>
    /// <returns>64 lowercase hex digits.</returns>
    /// <exception cref="ArgumentException"><paramref name="previousHash"/> is not 64 hex digits.</exception>
    internal static string ComputeHash(string previousHash, long sequence, LedgerEventData data)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(data);
        if (previousHash.Length != 64)
        {
            throw new ArgumentException($"Previous hash '{previousHash}' is not 64 hex digits.", nameof(previousHash));
        }

        byte[] previous;
        try
        {
            previous = Convert.FromHexString(previousHash);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"Previous hash '{previousHash}' is not 64 hex digits.", nameof(previousHash), ex);
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{sequence}\n{data.At.ToUnixTimeTicks()}\n{data.Kind}\n{data.Payload}");
        var bytes = new byte[32 + Encoding.UTF8.GetByteCount(text)];
        previous.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 32);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Seals an event: gives it its sequence number and hash after the previous event.</summary>
    /// <param name="previous">The chain's last event, or <see langword="null"/> when the chain is empty.</param>
    /// <param name="data">The new event's time, kind and payload.</param>
    /// <returns>The sealed event to store.</returns>
    internal static LedgerEvent Seal(LedgerEvent? previous, LedgerEventData data) =>
        Seal(previous?.Sequence ?? 0, previous?.Hash ?? GenesisHash, data);

    /// <summary>Seals an event after a chain head known by its sequence number and hash.</summary>
    /// <param name="previousSequence">The last event's sequence number, or 0 when the chain is empty.</param>
    /// <param name="previousHash">The last event's hash, or <see cref="GenesisHash"/> when the chain is empty.</param>
    /// <param name="data">The new event's time, kind and payload.</param>
    /// <returns>The sealed event to store.</returns>
    internal static LedgerEvent Seal(long previousSequence, string previousHash, LedgerEventData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sequence = previousSequence + 1;
        return new LedgerEvent(sequence, data.At, data.Kind, data.Payload, previousHash, ComputeHash(previousHash, sequence, data));
    }

    /// <summary>Verifies a chain read in sequence order.</summary>
    /// <param name="events">The events, first to last.</param>
    /// <returns>Whether the chain is intact and, if not, the first broken link.</returns>
    public static ChainVerification Verify(IEnumerable<LedgerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var expectedPrevious = GenesisHash;
        long expectedSequence = 1;
        long count = 0;
        foreach (var e in events)
        {
            if (e.Sequence != expectedSequence)
            {
                return ChainVerification.Broken(count, expectedSequence, $"event {expectedSequence} is missing (found {e.Sequence} next)");
            }

            if (!string.Equals(e.PreviousHash, expectedPrevious, StringComparison.OrdinalIgnoreCase))
            {
                return ChainVerification.Broken(count, e.Sequence, $"event {e.Sequence} names previous hash {e.PreviousHash} but event {e.Sequence - 1} hashes to {expectedPrevious}");
            }

            string actual;
            try
            {
                actual = ComputeHash(expectedPrevious, e.Sequence, new LedgerEventData(e.At, e.Kind, e.Payload));
            }
            catch (ArgumentException ex)
            {
                return ChainVerification.Broken(count, e.Sequence, ex.Message);
            }

            if (!string.Equals(actual, e.Hash, StringComparison.OrdinalIgnoreCase))
            {
                return ChainVerification.Broken(count, e.Sequence, $"event {e.Sequence} ({e.Kind}) was altered: its content hashes to {actual}, the stored hash is {e.Hash}");
            }

            expectedPrevious = e.Hash;
            expectedSequence++;
            count++;
        }

        return ChainVerification.Intact(count, expectedPrevious);
    }
}
