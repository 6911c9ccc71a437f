using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ksbb.Model.Catalog;

/// <summary>
/// A validated catalogue item code, <c>&lt;programme&gt;.&lt;item&gt;</c> in lower case, for example
/// <c>pangan.paket-sembako</c> or <c>pendidikan.tablet</c>.
/// </summary>
/// <remarks>
/// Each of the two segments is 1 to 64 characters of <c>a-z</c>, <c>0-9</c> and <c>-</c>, and starts with a letter or
/// digit. Codes compare ordinally. The <see langword="default"/> value names no item and formats as the empty string.
/// </remarks>
[JsonConverter(typeof(ItemCodeJsonConverter))]
public readonly struct ItemCode : IEquatable<ItemCode>, IComparable<ItemCode>
{
    private readonly string? _value;

    private ItemCode(string value) => _value = value;

    /// <summary>Gets the full code, or the empty string for the default value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> value.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Gets the programme segment, for example <c>pangan</c>.</summary>
    public string Programme => _value is null ? string.Empty : _value[.._value.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>Gets the item segment, for example <c>paket-sembako</c>.</summary>
    public string Item => _value is null ? string.Empty : _value[(_value.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>Creates a code from a programme code and an item segment.</summary>
    /// <param name="programme">The programme segment, for example <c>pangan</c>.</param>
    /// <param name="item">The item segment, for example <c>paket-sembako</c>.</param>
    /// <returns>The item code.</returns>
    /// <exception cref="FormatException">A segment is not valid.</exception>
    public static ItemCode Create(string programme, string item)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(item);
        return Parse(programme + "." + item);
    }

    /// <summary>Parses an item code.</summary>
    /// <param name="text">The text, for example <c>pangan.paket-sembako</c>.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not an item code; the message says why.</exception>
    public static ItemCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var code, out var error) ? code : throw new FormatException(error);
    }

    /// <summary>Tries to parse an item code.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="code">The code, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ItemCode code) => TryParse(text, out code, out _);

    /// <summary>Tries to parse an item code, giving the reason when it fails.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="code">The code, or <see langword="default"/>.</param>
    /// <param name="error">Why the text is not an item code, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ItemCode code, [NotNullWhen(false)] out string? error)
    {
        code = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "An item code cannot be empty; expected '<programme>.<item>', for example 'pangan.paket-sembako'.";
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || text.IndexOf('.', dot + 1) >= 0)
        {
            error = $"Item code '{text}' must have exactly two segments, '<programme>.<item>', for example 'pangan.paket-sembako'.";
            return false;
        }

        if (!IsSegment(text.AsSpan(0, dot), out error, text, "programme") || !IsSegment(text.AsSpan(dot + 1), out error, text, "item"))
        {
            return false;
        }

        code = new ItemCode(text);
        return true;
    }

    /// <summary>Returns whether <paramref name="segment"/> is a valid programme or item segment.</summary>
    /// <param name="segment">The segment.</param>
    /// <returns><see langword="true"/> when it is 1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.</returns>
    public static bool IsValidSegment(ReadOnlySpan<char> segment) => IsSegment(segment, out _, string.Empty, string.Empty);

    private static bool IsSegment(ReadOnlySpan<char> segment, [NotNullWhen(false)] out string? error, string text, string what)
    {
        if (segment.IsEmpty || segment.Length > 64)
        {
            error = $"Item code '{text}': the {what} segment must have 1 to 64 characters.";
            return false;
        }

        if (segment[0] == '-')
        {
            error = $"Item code '{text}': the {what} segment must start with a letter or digit.";
            return false;
        }

        foreach (var c in segment)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                error = $"Item code '{text}': the {what} segment may contain only lower-case letters a-z, digits and '-', not '{c}'.";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <inheritdoc/>
    public bool Equals(ItemCode other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ItemCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc/>
    public int CompareTo(ItemCode other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Equality.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether the codes are equal.</returns>
    public static bool operator ==(ItemCode left, ItemCode right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether the codes differ.</returns>
    public static bool operator !=(ItemCode left, ItemCode right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(ItemCode left, ItemCode right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(ItemCode left, ItemCode right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts first or is equal.</returns>
    public static bool operator <=(ItemCode left, ItemCode right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts last or is equal.</returns>
    public static bool operator >=(ItemCode left, ItemCode right) => left.CompareTo(right) >= 0;
}

/// <summary>Reads and writes an <see cref="ItemCode"/> as a JSON string.</summary>
public sealed class ItemCodeJsonConverter : JsonConverter<ItemCode>
{
    /// <inheritdoc/>
    public override ItemCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"An item code must be a JSON string, not {reader.TokenType}.");
        }

        return ItemCode.TryParse(reader.GetString(), out var code, out var error) ? code : throw new JsonException(error);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, ItemCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }

    /// <inheritdoc/>
    public override ItemCode ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ItemCode.TryParse(reader.GetString(), out var code, out var error) ? code : throw new JsonException(error);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, ItemCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Value);
    }
}
