using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Ksbb.Model.Documents;

/// <summary>Reads and writes an <see cref="Instant"/> as an ISO 8601 UTC string (<c>2020-11-26T03:00:00Z</c>); a bad value is a <see cref="JsonException"/> so the path is reported.</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = reader.TokenType == JsonTokenType.String ? InstantPattern.ExtendedIso.Parse(reader.GetString()!) : null;
        return result is { Success: true }
            ? result.Value
            : throw new JsonException("An instant must be an ISO 8601 UTC string such as \"2020-11-26T03:00:00Z\".");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

/// <summary>Reads and writes a <see cref="LocalDate"/> as an ISO 8601 date string (<c>2020-04-24</c>).</summary>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = reader.TokenType == JsonTokenType.String ? LocalDatePattern.Iso.Parse(reader.GetString()!) : null;
        return result is { Success: true }
            ? result.Value
            : throw new JsonException("A date must be an ISO 8601 string such as \"2020-04-24\".");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}
