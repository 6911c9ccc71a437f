using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization.Metadata;

namespace Ksbb.Model.Documents;

/// <summary>Reading and writing documents with path-carrying errors.</summary>
internal static partial class DocumentIO
{
    public static T Read<T>(Stream utf8Json, JsonTypeInfo<T> typeInfo, string schema, Func<T, string?> schemaOf)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        T? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new DocumentException(ex.Path ?? "$", Clean(ex), ex);
        }

        if (document is null)
        {
            throw new DocumentException("$", $"the document is null; expected an object with \"schema\": \"{schema}\".");
        }

        CheckSchema(schemaOf(document), schema);
        return document;
    }

    public static void Write<T>(Stream utf8Json, T document, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        JsonSerializer.Serialize(utf8Json, document, typeInfo);
    }

    private static void CheckSchema(string? actual, string expected)
    {
        if (actual is null)
        {
            throw new DocumentException("$.schema", $"required; expected \"{expected}\".");
        }

        if (actual == expected)
        {
            return;
        }

        var slash = expected.LastIndexOf('/');
        throw new DocumentException("$.schema", actual.StartsWith(expected[..(slash + 1)], StringComparison.Ordinal)
            ? $"version '{actual}' is not supported; this library reads '{expected}'."
            : $"'{actual}' is not a {expected[..slash]} document; expected \"{expected}\".");
    }

    /// <summary>Drops the " Path: … | LineNumber: …" tail System.Text.Json appends to its own messages.</summary>
    /// <remarks>Keeps the position as "(line L, byte B)", 1-based, and drops internal type names.</remarks>
    private static string Clean(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        var converted = ConvertedTo().Match(text);
        if (converted.Success)
        {
            text = $"the value has the wrong JSON type; expected {Describe(converted.Groups[1].Value)}.";
        }
        return ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? $"{text} (line {line + 1}, byte {position + 1})"
            : text;
    }

    [GeneratedRegex(@"^The JSON value could not be converted to (\S+?)\.?$")]
    private static partial Regex ConvertedTo();

    private static string Describe(string type) => type switch
    {
        _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "an array",
        "System.Int32" or "System.Nullable`1[System.Int32]" or "System.Int64" or "System.Nullable`1[System.Int64]" => "a whole number",
        "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
        "System.String" => "a string",
        _ when type.EndsWith("Dto", StringComparison.Ordinal) => "an object",
        _ => "a " + type[(type.LastIndexOf('.') + 1)..].TrimEnd(']'),
    };

    public static T Required<T>(T? value, string path)
        where T : struct =>
        value ?? throw new DocumentException(path, "required.");

    public static T Required<T>(T? value, string path)
        where T : class =>
        value ?? throw new DocumentException(path, "required.");

    public static string RequiredText(string? value, string path) =>
        string.IsNullOrWhiteSpace(value) ? throw new DocumentException(path, "required and must not be empty.") : value;

    public static List<T> List<T>(List<T>? value, string path) => value ?? throw new DocumentException(path, "required (an array, possibly empty).");

    /// <summary>Runs a domain factory, turning its argument errors into document errors at <paramref name="path"/>.</summary>
    public static T Create<T>(string path, Func<T> factory)
    {
        try
        {
            return factory();
        }
        catch (ArgumentException ex)
        {
            throw new DocumentException(path, ex.Message.Split(" (Parameter '", 2)[0], ex);
        }
    }
}
