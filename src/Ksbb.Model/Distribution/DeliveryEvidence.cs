using System.Globalization;
using System.Security.Cryptography;

namespace Ksbb.Model.Distribution;

/// <summary>One piece of evidence of a delivery, as the ledger keeps it: the SHA-256 of a file and its size, never the file.</summary>
/// <remarks>
/// The file itself (a photo, a signed receipt) stays with whoever made it; the hash proves later that a file shown is
/// the one recorded. No file name is kept: names can carry personal data. Immutable and thread-safe.
/// </remarks>
public sealed class DeliveryEvidence : IEquatable<DeliveryEvidence>
{
    private DeliveryEvidence(string sha256, long size)
    {
        Sha256 = sha256;
        Size = size;
    }

    /// <summary>Gets the SHA-256 of the file: 64 lowercase hexadecimal digits.</summary>
    public string Sha256 { get; }

    /// <summary>Gets the file's size in bytes, 0 or more.</summary>
    public long Size { get; }

    /// <summary>Creates evidence from a hash and a size.</summary>
    /// <param name="sha256">The SHA-256, 64 hexadecimal digits (either case; kept lowercase).</param>
    /// <param name="size">The size in bytes, 0 or more.</param>
    /// <returns>The evidence.</returns>
    /// <exception cref="ArgumentException">The hash is not 64 hexadecimal digits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative.</exception>
    public static DeliveryEvidence Create(string sha256, long size)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"Evidence hash '{sha256}' is not a SHA-256 (64 hexadecimal digits).", nameof(sha256));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new DeliveryEvidence(sha256.ToLowerInvariant(), size);
    }

    /// <summary>Hashes a stream to the end: the evidence of its content.</summary>
    /// <param name="content">The content, read from its current position to its end (not closed).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The evidence: SHA-256 and byte count.</returns>
    /// <exception cref="IOException">The stream failed.</exception>
    public static async Task<DeliveryEvidence> ComputeAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }

        return new DeliveryEvidence(Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    /// <summary>Returns whether two pieces of evidence have the same hash and size.</summary>
    /// <param name="other">The other evidence.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(DeliveryEvidence? other) => other is not null && Size == other.Size && string.Equals(Sha256, other.Sha256, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DeliveryEvidence);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sha256, Size);

    /// <summary>Returns the evidence as the ledger writes it: <c>sha256:size</c>.</summary>
    /// <returns>For example <c>9f86…0f00a08:1024</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sha256}:{Size}");
}
