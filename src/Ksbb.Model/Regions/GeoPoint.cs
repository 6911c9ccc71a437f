using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ksbb.Model.Regions;

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
    public static GeoPoint Create(double longitude, double latitude) =>
        TryCreate(longitude, latitude, out var point, out var error)
            ? point
            : throw new ArgumentOutOfRangeException(IsValid(longitude, 0) ? nameof(latitude) : nameof(longitude), IsValid(longitude, 0) ? latitude : longitude, error);

    /// <summary>Creates a point, or says which coordinate breaks which rule (for a reader that reports bad input).</summary>
    /// <param name="longitude">Longitude in degrees, −180 to 180.</param>
    /// <param name="latitude">Latitude in degrees, −90 to 90.</param>
    /// <param name="point">The point, when valid.</param>
    /// <param name="error">The rule broken, in a sentence, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both coordinates are valid.</returns>
    public static bool TryCreate(double longitude, double latitude, out GeoPoint point, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        point = default;
        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            error = "Longitude must be a finite number of degrees from -180 to 180.";
            return false;
        }

        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            error = "Latitude must be a finite number of degrees from -90 to 90.";
            return false;
        }

        point = new GeoPoint(longitude, latitude);
        error = null;
        return true;
    }

    /// <summary>The mean Earth radius of every Ksbb distance, in metres: 6,371,008.8 (the IUGG mean radius of WGS84).</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Returns whether <paramref name="longitude"/> and <paramref name="latitude"/> make a valid point.</summary>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <returns><see langword="true"/> when both are finite, the longitude is −180 to 180 and the latitude −90 to 90.</returns>
    public static bool IsValid(double longitude, double latitude) =>
        double.IsFinite(longitude) && double.IsFinite(latitude) && longitude is >= -180 and <= 180 && latitude is >= -90 and <= 90;

    /// <summary>Tries to create a point: the expected-failure form of <see cref="Create"/>.</summary>
    /// <param name="longitude">Longitude in degrees, −180 to 180.</param>
    /// <param name="latitude">Latitude in degrees, −90 to 90.</param>
    /// <param name="point">The point, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when the coordinates are valid.</returns>
    public static bool TryCreate(double longitude, double latitude, out GeoPoint point)
    {
        point = IsValid(longitude, latitude) ? new GeoPoint(longitude, latitude) : default;
        return IsValid(longitude, latitude);
    }

    /// <summary>Returns the great-circle distance to <paramref name="other"/> in metres (haversine, radius <see cref="EarthRadiusMetres"/>).</summary>
    /// <param name="other">The other point.</param>
    /// <returns>The distance in metres, 0 for equal points.</returns>
    /// <remarks>Within Jakarta the difference from the ellipsoidal distance is below 0.5%.</remarks>
    public double DistanceMetres(GeoPoint other) => HaversineMetres(Longitude, Latitude, other.Longitude, other.Latitude);

    /// <summary>Returns the great-circle (haversine) distance between two positions given as numbers, in metres.</summary>
    /// <param name="longitude1">Longitude of the first position, degrees.</param>
    /// <param name="latitude1">Latitude of the first position, degrees.</param>
    /// <param name="longitude2">Longitude of the second position, degrees.</param>
    /// <param name="latitude2">Latitude of the second position, degrees.</param>
    /// <returns>The distance in metres on a sphere of radius <see cref="EarthRadiusMetres"/>.</returns>
    /// <remarks>No range check: hot paths call this with coordinates they already validated.</remarks>
    public static double HaversineMetres(double longitude1, double latitude1, double longitude2, double latitude2)
    {
        var phi1 = latitude1 * DegreesToRadians;
        var phi2 = latitude2 * DegreesToRadians;
        return HaversineMetresFromRadians(phi1, longitude1 * DegreesToRadians, Math.Cos(phi1), phi2, longitude2 * DegreesToRadians, Math.Cos(phi2));
    }

    /// <summary>
    /// Returns the haversine distance in metres between positions given in radians, with the cosines of their
    /// latitudes computed once by the caller: the form for loops that measure many distances from or to one place.
    /// </summary>
    /// <param name="latitude1">Latitude of the first position, radians.</param>
    /// <param name="longitude1">Longitude of the first position, radians.</param>
    /// <param name="cosLatitude1">The cosine of <paramref name="latitude1"/>.</param>
    /// <param name="latitude2">Latitude of the second position, radians.</param>
    /// <param name="longitude2">Longitude of the second position, radians.</param>
    /// <param name="cosLatitude2">The cosine of <paramref name="latitude2"/>.</param>
    /// <returns>The distance in metres on a sphere of radius <see cref="EarthRadiusMetres"/>; every Ksbb distance is this one formula.</returns>
    public static double HaversineMetresFromRadians(double latitude1, double longitude1, double cosLatitude1, double latitude2, double longitude2, double cosLatitude2)
    {
        var sinPhi = Math.Sin((latitude2 - latitude1) * 0.5);
        var sinLambda = Math.Sin((longitude2 - longitude1) * 0.5);
        var h = (sinPhi * sinPhi) + (cosLatitude1 * cosLatitude2 * sinLambda * sinLambda);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
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

        return GeoPoint.TryCreate(values[0], values[1], out var point, out var error) ? point : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, GeoPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Longitude);
        writer.WriteNumberValue(value.Latitude);
        writer.WriteEndArray();
    }
}
