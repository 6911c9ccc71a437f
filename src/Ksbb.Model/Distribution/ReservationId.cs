using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ksbb.Model.Documents;

namespace Ksbb.Model.Distribution;

/// <summary>A validated reservation id, for example <c>r-2020-000123</c> or <c>0191a1b2c3d4e5f60718293a4b5c6d7e</c>.</summary>
/// <remarks>
/// The one reservation id of every package. Any identifier below is valid; the ledger issues ids of one format,
/// <see cref="FromGuid"/>: 32 lowercase hexadecimal digits of a time-ordered (version 7) UUID, so ids sort by creation time.
/// An id has 1 to 64 characters of <c>A-Z</c>, <c>a-z</c>, <c>0-9</c>, <c>-</c>, <c>_</c>, <c>.</c> and <c>:</c>, starting with a
/// letter or digit; ids compare ordinally (case-sensitive). The <see langword="default"/> value is no id and formats as the
/// empty string. Immutable and thread-safe.
/// </remarks>
[JsonConverter(typeof(IdentifierJsonConverter<ReservationId>))]
public readonly record struct ReservationId : IComparable<ReservationId>, IIdentifier<ReservationId>
{
    private readonly string? _value;

    private ReservationId(string value) => _value = value;

    static string IIdentifier<ReservationId>.Kind => "reservation id";

    /// <summary>Gets the id text, or the empty string for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> value.</summary>
    public bool IsDefault => _value is null;

    static ReservationId IIdentifier<ReservationId>.FromValidated(string text) => new(text);

    /// <summary>Makes the id the ledger issues for a new reservation: the UUID's 32 lowercase hexadecimal digits, without dashes.</summary>
    /// <param name="value">The UUID (the ledger uses a version 7 UUID of the reservation time).</param>
    /// <returns>The id.</returns>
    public static ReservationId FromGuid(Guid value) => new(value.ToString("N"));

    /// <summary>Parses an id.</summary>
    /// <param name="text">The text, for example <c>r-2020-000123</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a valid id; the message says why.</exception>
    public static ReservationId Parse(string text) => Identifier.Parse<ReservationId>(text);

    /// <summary>Tries to parse an id.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="id">The id, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReservationId id) => Identifier.TryParse(text, out id, out _);

    /// <summary>Tries to parse an id, giving the reason when it fails.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="id">The id, or <see langword="default"/>.</param>
    /// <param name="error">Why the text is not an id, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReservationId id, [NotNullWhen(false)] out string? error) =>
        Identifier.TryParse(text, out id, out error);

    /// <summary>Compares ids ordinally.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>A negative number, zero or a positive number.</returns>
    public int CompareTo(ReservationId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Returns the id text.</summary>
    /// <returns>The id text, or the empty string for the default value.</returns>
    public override string ToString() => Value;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(ReservationId left, ReservationId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(ReservationId left, ReservationId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts first or is equal.</returns>
    public static bool operator <=(ReservationId left, ReservationId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts last or is equal.</returns>
    public static bool operator >=(ReservationId left, ReservationId right) => left.CompareTo(right) >= 0;
}
