using System.Security.Cryptography;
using System.Text;

namespace Ksbb.Ledger.Households;

/// <summary>Turns household identifiers into keyed hashes (HMAC-SHA256 with the host's secret key).</summary>
/// <remarks>
/// <para>
/// The hash of a NIK or KK number is HMAC-SHA256(key, UTF-8("nik:" or "kk:" + the 16 digits)), as 64 lowercase hex
/// digits. Without the key nobody can test a guessed NIK against the store (a plain SHA-256 of 16 digits with a known
/// structure is brute-forced in minutes). Keep the key out of the database and its backups (an environment variable
/// or a secret store); all servers of one ledger must use the same key, and changing it makes earlier claims
/// unrecognisable.
/// </para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
public sealed class HouseholdHasher
{
    /// <summary>The minimum key length in bytes: 32.</summary>
    public const int MinimumKeyLength = 32;

    private readonly byte[] _key;

    private HouseholdHasher(byte[] key) => _key = key;

    /// <summary>Creates a hasher with a secret key.</summary>
    /// <param name="key">At least <see cref="MinimumKeyLength"/> random bytes; copied.</param>
    /// <returns>The hasher.</returns>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeyLength"/> bytes.</exception>
    public static HouseholdHasher Create(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The household hashing key has {key.Length} bytes; it needs at least {MinimumKeyLength} random bytes.", nameof(key));
        }

        // A random key of 32 bytes has about 30 distinct byte values; fewer than 16 means a made-up key (all zeros, one
        // repeated byte, a short repeated pattern), which anyone could guess and then hash every NIK with.
        var distinct = new HashSet<byte>(key.ToArray()).Count;
        if (distinct < MinimumDistinctBytes)
        {
            throw new ArgumentException($"The household hashing key is weak: only {distinct} distinct byte values (all zeros, a repeated byte or pattern); generate {MinimumKeyLength} random bytes, for example with 'openssl rand -hex 32'.", nameof(key));
        }

        return new HouseholdHasher(key.ToArray());
    }

    /// <summary>Creates a hasher from a key written as hexadecimal or Base64 text (for example from an environment variable).</summary>
    /// <param name="text">The key as hex (64+ digits) or Base64.</param>
    /// <returns>The hasher.</returns>
    /// <exception cref="ArgumentException">The text is neither hex nor Base64, or the key is too short.</exception>
    public static HouseholdHasher FromText(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        byte[] key;
        if (text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit))
        {
            key = Convert.FromHexString(text);
        }
        else
        {
            try
            {
                key = Convert.FromBase64String(text);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException("The household hashing key is neither hexadecimal nor Base64.", nameof(text), ex);
            }
        }

        return Create(key);
    }

    /// <summary>Gets the key's fingerprint: an HMAC of a fixed label, 32 lowercase hex digits; it reveals nothing about the key.</summary>
    /// <remarks>The ledger records it with the first delivery that names households and refuses deliveries hashed with another key.</remarks>
    public string Fingerprint => Convert.ToHexStringLower(HMACSHA256.HashData(_key, "ksbb.household-key.fingerprint.v1"u8))[..32];

    /// <summary>The fewest distinct byte values a key may have (see <see cref="Create"/>).</summary>
    public const int MinimumDistinctBytes = 16;

    /// <summary>Computes the keyed hash of an identifier.</summary>
    /// <param name="id">A valid identifier.</param>
    /// <returns>64 lowercase hex digits.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is the default value.</exception>
    public string Hash(HouseholdId id)
    {
        if (id.IsDefault)
        {
            throw new ArgumentException("The household identifier is the default value.", nameof(id));
        }

        var text = (id.Kind == HouseholdIdKind.Nik ? "nik:" : "kk:") + id.Digits;
        Span<byte> data = stackalloc byte[24];
        var length = Encoding.ASCII.GetBytes(text, data);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, data[..length]));
    }
}
