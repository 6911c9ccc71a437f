using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo.Internal;

/// <summary>
/// A small, fast RFC 7946 FeatureCollection reader for boundary files: properties as text and Polygon/MultiPolygon
/// geometry (other geometry types are returned as their type name so the caller can say what is wrong). Members
/// may come in any order; unknown members (<c>bbox</c>, <c>id</c>, <c>crs</c>, foreign members) are skipped.
/// </summary>
internal static class GeoJsonFeatureReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static List<(Geometry? Geometry, string? OtherType, Dictionary<string, string?> Properties)> Read(ReadOnlySpan<byte> utf8, string path)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..]; // a UTF-8 byte order mark (RFC 8259 lets a reader ignore it)
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var features = new List<(Geometry?, string?, Dictionary<string, string?>)>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(path, "$", "expected a GeoJSON FeatureCollection object");
            }

            string? type = null;
            var sawFeatures = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("features"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Error(path, "$.features", "expected an array");
                    }

                    sawFeatures = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        features.Add(ReadFeature(ref reader, utf8, path, features.Count));
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (type != "FeatureCollection" || !sawFeatures)
            {
                throw Error(path, "$", $"expected \"type\": \"FeatureCollection\" with a \"features\" array, found type '{type ?? "none"}'");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        return features;
    }

    private static (Geometry?, string?, Dictionary<string, string?>) ReadFeature(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string path, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(path, $"$.features[{index}]", "expected a Feature object");
        }

        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        Geometry? geometry = null;
        string? otherType = "missing";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString()!;
                        reader.Read();
                        properties[name] = ValueText(ref reader, utf8);
                    }
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    throw Error(path, $"$.features[{index}].properties", "expected an object or null");
                }
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                reader.Read();
                (geometry, otherType) = reader.TokenType == JsonTokenType.Null ? (null, "null") : ReadGeometry(ref reader, path, index);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (geometry, geometry is null ? otherType : null, properties);
    }

    private static string? ValueText(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                // A nested object or array: its JSON text.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]);
        }
    }

    private static (Geometry?, string?) ReadGeometry(ref Utf8JsonReader reader, string path, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(path, $"$.features[{index}].geometry", "expected an object or null");
        }

        string? type = null;
        object? coordinates = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error(path, $"$.features[{index}].geometry.type", $"expected a string such as \"Polygon\", found {reader.TokenType}");
                }

                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                reader.Read();
                coordinates = ReadNested(ref reader, path, $"$.features[{index}].geometry.coordinates", []);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var where = $"$.features[{index}].geometry.coordinates";
        return type switch
        {
            "Polygon" => (Polygon(coordinates as List<object>, path, where), null),
            "MultiPolygon" when coordinates is List<object> parts =>
                (Factory.CreateMultiPolygon([.. parts.Select((p, i) => Polygon(p as List<object>, path, $"{where}[{i}]"))]), null),
            "MultiPolygon" => throw Error(path, where, "expected an array of polygons"),
            _ => (null, type ?? "untyped"),
        };
    }

    private static Polygon Polygon(List<object>? rings, string path, string where)
    {
        if (rings is null || rings.Count == 0)
        {
            throw Error(path, where, "a polygon needs at least one ring");
        }

        var linear = new LinearRing[rings.Count];
        for (var r = 0; r < rings.Count; r++)
        {
            if (rings[r] is not List<object> positions || positions.Count < 4 || positions.Any(p => p is not Coordinate))
            {
                throw Error(path, $"{where}[{r}]", "a ring needs at least four [lon, lat] positions");
            }

            var coordinates = positions.Cast<Coordinate>().ToArray();
            if (!coordinates[0].Equals2D(coordinates[^1]))
            {
                throw Error(path, $"{where}[{r}]", "the ring is not closed (first and last positions differ)");
            }

            linear[r] = Factory.CreateLinearRing(coordinates);
        }

        return Factory.CreatePolygon(linear[0], linear[1..]);
    }

    // A position becomes a Coordinate; any other array a List<object> of its items. The trail holds the array indexes
    // on the way down, to name the place of an error as a JSON path.
    private static object ReadNested(ref Utf8JsonReader reader, string path, string where, List<int> trail)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error(path, At(where, trail), $"expected an array, found {reader.TokenType}");
        }

        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            var x = Number(ref reader, path, where, trail, 0);
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw Error(path, At(where, trail), "a position needs a longitude and a latitude");
            }

            var y = Number(ref reader, path, where, trail, 1);
            while (reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                // altitude and further values are ignored
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw Error(path, At(where, trail), $"a position holds numbers only, found {reader.TokenType}");
            }

            return new Coordinate(x, y);
        }

        var items = new List<object>();
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            trail.Add(items.Count);
            items.Add(ReadNested(ref reader, path, where, trail));
            trail.RemoveAt(trail.Count - 1);
            reader.Read();
        }

        return items;
    }

    private static double Number(ref Utf8JsonReader reader, string path, string where, List<int> trail, int axis)
    {
        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Error(path, $"{At(where, trail)}[{axis}]", $"{Encoding.UTF8.GetString(reader.ValueSpan)} is not a finite number");
        }

        return value;
    }

    private static string At(string where, List<int> trail) => where + string.Concat(trail.Select(i => "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));

    private static InvalidDataException Error(string path, string where, string what) => new($"{path}: {where}: {what}.");
}
