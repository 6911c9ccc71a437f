using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Ledger;

/// <summary>The identifier of a reservation: 32 lowercase hexadecimal digits (a version-7 GUID without dashes).</summary>
/// <remarks>
/// Identifiers are assigned by the ledger when a reservation is first accepted and never reused. The
/// <see langword="default"/> value names no reservation. Immutable and thread-safe; compares ordinally.
/// </remarks>
public readonly struct ReservationId : IEquatable<ReservationId>, IComparable<ReservationId>
{
    private readonly string? _value;

    private ReservationId(string value) => _value = value;

    /// <summary>Gets the 32-digit text, or the empty string for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default value, which names no reservation.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Creates an identifier from a GUID.</summary>
    /// <param name="value">Any GUID; the ledger uses version-7 GUIDs so identifiers sort by creation time.</param>
    /// <returns>The identifier.</returns>
    public static ReservationId FromGuid(Guid value) => new(value.ToString("N"));

    /// <summary>Parses an identifier.</summary>
    /// <param name="text">32 hexadecimal digits (case-insensitive).</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="FormatException">The text is not 32 hexadecimal digits.</exception>
    public static ReservationId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id) ? id : throw new FormatException($"Reservation id '{text}' is not 32 hexadecimal digits.");
    }

    /// <summary>Tries to parse an identifier.</summary>
    /// <param name="text">32 hexadecimal digits (case-insensitive).</param>
    /// <param name="id">The identifier, or the default value when the text is invalid.</param>
    /// <returns><see langword="true"/> when the text is a valid identifier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReservationId id)
    {
        id = default;
        if (text is null || text.Length != 32)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        id = new ReservationId(text.ToLowerInvariant());
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <inheritdoc/>
    public bool Equals(ReservationId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ReservationId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc/>
    public int CompareTo(ReservationId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Compares two identifiers for equality.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ReservationId left, ReservationId right) => left.Equals(right);

    /// <summary>Compares two identifiers for inequality.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ReservationId left, ReservationId right) => !left.Equals(right);

    /// <summary>Orders identifiers.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(ReservationId left, ReservationId right) => left.CompareTo(right) < 0;

    /// <summary>Orders identifiers.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(ReservationId left, ReservationId right) => left.CompareTo(right) > 0;

    /// <summary>Orders identifiers.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(ReservationId left, ReservationId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders identifiers.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(ReservationId left, ReservationId right) => left.CompareTo(right) >= 0;
}
