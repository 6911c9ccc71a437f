using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ksbb.Model.Documents;

/// <summary>An identifier type with validated text: the shared rule of collaborator, pledge, aggregator, reservation and delivery ids.</summary>
/// <typeparam name="TSelf">The identifier type.</typeparam>
internal interface IIdentifier<TSelf>
    where TSelf : struct
{
    /// <summary>Gets a short name of the kind of id, used in messages ("pledge id").</summary>
    static abstract string Kind { get; }

    /// <summary>Gets the text, or the empty string for the default value.</summary>
    string Value { get; }

    /// <summary>Wraps already validated text.</summary>
    static abstract TSelf FromValidated(string text);
}

/// <summary>The validation and JSON handling shared by every identifier type.</summary>
internal static class Identifier
{
    public const int MaxLength = 64;

    public const string Rule = "1 to 64 characters of A-Z, a-z, 0-9, '-', '_', '.' and ':', starting with a letter or digit";

    public static bool TryParse<T>([NotNullWhen(true)] string? text, out T id, [NotNullWhen(false)] out string? error)
        where T : struct, IIdentifier<T>
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            error = $"{Capital(T.Kind)} cannot be empty; it has {Rule}.";
            return false;
        }

        if (text.Length > MaxLength || !char.IsAsciiLetterOrDigit(text[0]))
        {
            error = $"{Capital(T.Kind)} '{text}' is not valid; it has {Rule}.";
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                error = $"{Capital(T.Kind)} '{text}' contains '{c}'; it has {Rule}.";
                return false;
            }
        }

        id = T.FromValidated(text);
        error = null;
        return true;
    }

    public static T Parse<T>(string text)
        where T : struct, IIdentifier<T>
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse<T>(text, out var id, out var error) ? id : throw new FormatException(error);
    }

    public static string Capital(string s) => string.Concat(s[..1].ToUpperInvariant(), s.AsSpan(1));
}

/// <summary>Reads and writes an identifier as a JSON string.</summary>
/// <typeparam name="T">The identifier type.</typeparam>
internal sealed class IdentifierJsonConverter<T> : JsonConverter<T>
    where T : struct, IIdentifier<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"{Identifier.Capital(T.Kind)} must be a JSON string, not {reader.TokenType}.");
        }

        return Identifier.TryParse<T>(reader.GetString(), out var id, out var error) ? id : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Identifier.TryParse<T>(reader.GetString(), out var id, out var error) ? id : throw new JsonException(error);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.Value);
}
