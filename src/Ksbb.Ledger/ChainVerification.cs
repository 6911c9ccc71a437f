namespace Ksbb.Ledger;

/// <summary>The result of verifying the event chain.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class ChainVerification
{
    private ChainVerification(bool isIntact, long verifiedCount, long? firstBrokenSequence, string headHash, string message, string? table = null, string? key = null)
    {
        Table = table;
        Key = key;
        IsIntact = isIntact;
        VerifiedCount = verifiedCount;
        FirstBrokenSequence = firstBrokenSequence;
        HeadHash = headHash;
        Message = message;
    }

    /// <summary>Gets a value indicating whether every link verified.</summary>
    public bool IsIntact { get; }

    /// <summary>Gets how many events verified before the first broken link (all of them when intact).</summary>
    public long VerifiedCount { get; }

    /// <summary>Gets the sequence number of the first broken link, or <see langword="null"/> when intact.</summary>
    public long? FirstBrokenSequence { get; }

    /// <summary>Gets the last event's hash when intact (publish it to anchor the chain); empty when broken.</summary>
    public string HeadHash { get; }

    /// <summary>Gets the ledger table found tampered (<c>events</c>, <c>chain_head</c>, <c>needs</c>, <c>reservations</c>, <c>collaborators</c> or <c>household_claims</c>), or <see langword="null"/> when intact.</summary>
    public string? Table { get; }

    /// <summary>Gets the key of the tampered row in <see cref="Table"/> (an event number, a need, a reservation or collaborator id), or <see langword="null"/>.</summary>
    public string? Key { get; }

    /// <summary>Gets what is wrong with the first broken link (empty when intact).</summary>
    public string Message { get; }

    internal static ChainVerification Intact(long count, string head) => new(true, count, null, head, string.Empty);

    internal static ChainVerification Broken(long count, long sequence, string message) =>
        new(false, count, sequence, string.Empty, message, "events", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static ChainVerification Tampered(long count, string table, string key, string message) => new(false, count, null, string.Empty, message, table, key);

    /// <inheritdoc/>
    public override string ToString() => IsIntact ? $"intact: {VerifiedCount} events, head {HeadHash}"
        : FirstBrokenSequence is { } broken ? $"broken at event {broken}: {Message}"
        : $"tampered: table {Table}, key {Key}: {Message}";
}
