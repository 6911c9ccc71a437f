using System.Text;
using Ksbb.Geo;
using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Data.Jakarta.Internal;

/// <summary>Reads the compact RW layer format written by the generator (docs/data.md): <c>KSBBRW</c>, a version
/// byte, the number of decimals, a string table, attribute names, then per feature its key (an RW code), name,
/// attributes and geometry, coordinates as zigzag varint deltas of integers in units of 10^-decimals degrees.</summary>
internal static class RwLayerReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static List<BoundaryFeature> Read(ReadOnlySpan<byte> data, string source)
    {
        var reader = new Reader(data, source);
        if (!data.StartsWith("KSBBRW"u8) || data.Length < 8 || data[6] != 1)
        {
            throw reader.Error("not a version 1 KSBBRW file");
        }

        reader.Position = 7;
        var scale = Math.Pow(10, reader.Byte());
        var strings = new string[reader.Count()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.Utf8(reader.Count());
        }

        var attributeNames = new string[reader.Count()];
        for (var i = 0; i < attributeNames.Length; i++)
        {
            attributeNames[i] = strings[reader.Index(strings.Length)];
        }

        var features = new List<BoundaryFeature>(reader.Count());
        long x = 0, y = 0;
        for (var f = 0; f < features.Capacity; f++)
        {
            var key = strings[reader.Index(strings.Length)];
            var name = strings[reader.Index(strings.Length)];
            var attributes = new Dictionary<string, string?>(attributeNames.Length, StringComparer.Ordinal);
            foreach (var attribute in attributeNames)
            {
                var id = reader.Index(strings.Length + 1);
                attributes[attribute] = id == 0 ? null : strings[id - 1];
            }

            var multi = reader.Byte() == 1;
            var polygons = new Polygon[reader.Count()];
            if (polygons.Length == 0 || (!multi && polygons.Length != 1))
            {
                throw reader.Error($"feature {f}: {polygons.Length} polygons");
            }

            for (var p = 0; p < polygons.Length; p++)
            {
                var rings = new LinearRing[reader.Count()];
                for (var r = 0; r < rings.Length; r++)
                {
                    var coordinates = new Coordinate[reader.Count()];
                    for (var c = 0; c < coordinates.Length; c++)
                    {
                        x += reader.ZigZag();
                        y += reader.ZigZag();
                        coordinates[c] = new Coordinate(x / scale, y / scale);
                    }

                    rings[r] = coordinates.Length >= 4 && coordinates[0].Equals2D(coordinates[^1])
                        ? Factory.CreateLinearRing(coordinates)
                        : throw reader.Error($"feature {f}: ring {r} of polygon {p} is not closed or has fewer than 4 points");
                }

                polygons[p] = rings.Length > 0 ? Factory.CreatePolygon(rings[0], rings[1..]) : throw reader.Error($"feature {f}: polygon {p} has no ring");
            }

            Geometry geometry = multi ? Factory.CreateMultiPolygon(polygons) : polygons[0];
            if (!RegionCode.TryParse(key, out var code))
            {
                throw reader.Error($"feature {f}: key '{key}' is not a region code");
            }

            features.Add(new BoundaryFeature(key, code, name, geometry, f, attributes));
        }

        if (reader.Position != data.Length)
        {
            throw reader.Error("unexpected bytes after the last feature");
        }

        return features;
    }

    private ref struct Reader(ReadOnlySpan<byte> data, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; set; }

        public InvalidDataException Error(string what) => new($"{source}: byte {Position}: {what}.");

        public byte Byte() => Position < _data.Length ? _data[Position++] : throw Error("unexpected end of data");

        public int Count()
        {
            var value = Varint();
            return value <= int.MaxValue ? (int)value : throw Error($"count {value} is too large");
        }

        public int Index(int limit)
        {
            var value = Varint();
            return value < (ulong)limit ? (int)value : throw Error($"index {value} is outside 0 to {limit - 1}");
        }

        public long ZigZag()
        {
            var value = Varint();
            return (long)(value >> 1) ^ -(long)(value & 1);
        }

        public string Utf8(int length)
        {
            if (length > _data.Length - Position)
            {
                throw Error("a string runs past the end of data");
            }

            var text = Encoding.UTF8.GetString(_data.Slice(Position, length));
            Position += length;
            return text;
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw Error("a varint is longer than 10 bytes");
        }
    }
}
