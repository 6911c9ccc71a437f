using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ksbb.Regions;

/// <summary>A WGS84 position as plain numbers: longitude and latitude in degrees.</summary>
/// <remarks>
/// JSON form: <c>[lon, lat]</c> (GeoJSON order). The <see langword="default"/> value is (0, 0), a valid point in the
/// Gulf of Guinea; use <see cref="Nullable{T}"/> for "no position". Immutable and thread-safe.
/// </remarks>
[JsonConverter(typeof(GeoPointJsonConverter))]
public readonly record struct GeoPoint
{
    private GeoPoint(double longitude, double latitude)
    {
        Longitude = longitude;
        Latitude = latitude;
    }

    /// <summary>Gets the longitude in degrees, −180 to 180.</summary>
    public double Longitude { get; }

    /// <summary>Gets the latitude in degrees, −90 to 90 (negative south of the equator; Jakarta is about −6.2).</summary>
    public double Latitude { get; }

    /// <summary>Creates a point.</summary>
    /// <param name="longitude">Longitude in degrees, −180 to 180.</param>
    /// <param name="latitude">Latitude in degrees, −90 to 90.</param>
    /// <returns>The point.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is not finite or out of range.</exception>
    public static GeoPoint Create(double longitude, double latitude)
    {
        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number of degrees from -180 to 180.");
        }

        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be a finite number of degrees from -90 to 90.");
        }

        return new GeoPoint(longitude, latitude);
    }

    /// <summary>Returns <c>lon,lat</c> in invariant culture, round-trippable.</summary>
    /// <returns>For example <c>106.8271,-6.1754</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Longitude:R},{Latitude:R}");
}

/// <summary>Reads and writes a <see cref="GeoPoint"/> as a JSON array <c>[lon, lat]</c>.</summary>
internal sealed class GeoPointJsonConverter : JsonConverter<GeoPoint>
{
    public override GeoPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        const string Expected = "A position must be a JSON array [longitude, latitude] of two numbers.";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException(Expected);
        }

        Span<double> values = stackalloc double[2];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || count == 2)
            {
                throw new JsonException(Expected);
            }

            values[count++] = reader.GetDouble();
        }

        if (count != 2)
        {
            throw new JsonException(Expected);
        }

        try
        {
            return GeoPoint.Create(values[0], values[1]);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new JsonException(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    public override void Write(Utf8JsonWriter writer, GeoPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Longitude);
        writer.WriteNumberValue(value.Latitude);
        writer.WriteEndArray();
    }
}
