using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ksbb.Model.Documents;

namespace Ksbb.Model.Pledges;

/// <summary>A validated aggregator id, for example <c>agg-1</c>.</summary>
/// <remarks>
/// An id has 1 to 64 characters of <c>A-Z</c>, <c>a-z</c>, <c>0-9</c>, <c>-</c>, <c>_</c>, <c>.</c> and <c>:</c>, starting with a
/// letter or digit; ids compare ordinally (case-sensitive). The <see langword="default"/> value is no id and formats as the
/// empty string. Immutable and thread-safe.
/// </remarks>
[JsonConverter(typeof(IdentifierJsonConverter<AggregatorId>))]
public readonly record struct AggregatorId : IComparable<AggregatorId>, IIdentifier<AggregatorId>
{
    private readonly string? _value;

    private AggregatorId(string value) => _value = value;

    static string IIdentifier<AggregatorId>.Kind => "aggregator id";

    /// <summary>Gets the id text, or the empty string for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> value.</summary>
    public bool IsDefault => _value is null;

    static AggregatorId IIdentifier<AggregatorId>.FromValidated(string text) => new(text);

    /// <summary>Parses an id.</summary>
    /// <param name="text">The text, for example <c>agg-1</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a valid id; the message says why.</exception>
    public static AggregatorId Parse(string text) => Identifier.Parse<AggregatorId>(text);

    /// <summary>Tries to parse an id.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="id">The id, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out AggregatorId id) => Identifier.TryParse(text, out id, out _);

    /// <summary>Tries to parse an id, giving the reason when it fails.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="id">The id, or <see langword="default"/>.</param>
    /// <param name="error">Why the text is not an id, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out AggregatorId id, [NotNullWhen(false)] out string? error) =>
        Identifier.TryParse(text, out id, out error);

    /// <summary>Compares ids ordinally.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>A negative number, zero or a positive number.</returns>
    public int CompareTo(AggregatorId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Returns the id text.</summary>
    /// <returns>The id text, or the empty string for the default value.</returns>
    public override string ToString() => Value;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(AggregatorId left, AggregatorId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(AggregatorId left, AggregatorId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts first or is equal.</returns>
    public static bool operator <=(AggregatorId left, AggregatorId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether <paramref name="left"/> sorts last or is equal.</returns>
    public static bool operator >=(AggregatorId left, AggregatorId right) => left.CompareTo(right) >= 0;
}
