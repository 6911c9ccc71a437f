using System.IO.Compression;
using System.Text;
using Ksbb.Geo;
using NetTopologySuite.Geometries;

// Usage: dotnet run --project eng/Ksbb.Data.Jakarta.Generator -- <source folder> [<output folder>]
// The source folder holds the original files under rw/ and codes/ (names as in docs/data.md); the output folder
// defaults to src/Ksbb.Data.Jakarta/Data. The output is deterministic: the same sources give the same bytes.
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: Ksbb.Data.Jakarta.Generator <source folder> [<output folder>]");
    return 2;
}

var source = args[0];
var output = args.Length > 1 ? args[1] : Path.Combine("src", "Ksbb.Data.Jakarta", "Data");
Directory.CreateDirectory(output);

var crosswalkPath = Path.Combine(source, "codes", "rw_layer_kelurahan_to_kode.csv");
var layer = BoundaryReader.Read(Path.Combine(source, "rw", "rw_jakarta_osm_2014.geojson"), FeatureKeying.ByRwNames(KelurahanCrosswalk.Read(crosswalkPath)));
Write(Path.Combine(output, "rw_jakarta_osm_2014.ksbbrw.br"), Compress(RwLayerWriter.Encode(layer)));
Write(Path.Combine(output, "rt_list_dki_2012.csv.br"), Compress(File.ReadAllBytes(Path.Combine(source, "rw", "rt_list_dki_2012.csv"))));
Write(Path.Combine(output, "kode_wilayah_kemendagri_31.csv"), File.ReadAllBytes(Path.Combine(source, "codes", "kode_wilayah_kemendagri_31.csv")));
Write(Path.Combine(output, "rw_layer_kelurahan_to_kode.csv"), File.ReadAllBytes(crosswalkPath));
Console.WriteLine($"{layer.Features.Count} RW features, {layer.Units.Count} units written to {output}");
return 0;

static byte[] Compress(byte[] bytes)
{
    using var buffer = new MemoryStream();
    using (var brotli = new BrotliStream(buffer, CompressionLevel.SmallestSize))
    {
        brotli.Write(bytes);
    }

    return buffer.ToArray();
}

static void Write(string path, byte[] bytes)
{
    var temp = path + ".tmp";
    File.WriteAllBytes(temp, bytes);
    File.Move(temp, path, overwrite: true);
    Console.WriteLine($"{path}: {bytes.Length:N0} bytes");
}

/// <summary>
/// Writes the compact RW layer format read by Ksbb.Data.Jakarta's <c>RwLayerReader</c> (docs/data.md): a header, a
/// string table, the attribute names, then per feature its key (the RW code), name, attributes and geometry, with
/// coordinates as zigzag varint deltas of integers in units of 1e-7 degrees.
/// </summary>
internal static class RwLayerWriter
{
    public const int Decimals = 7;

    public static byte[] Encode(BoundaryLayer layer)
    {
        var strings = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string s)
        {
            if (!ids.TryGetValue(s, out var id))
            {
                ids[s] = id = strings.Count;
                strings.Add(s);
            }

            return id;
        }

        var attributeNames = layer.Features.SelectMany(f => f.Attributes.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var attributeIds = attributeNames.Select(Id).ToArray();
        var body = new MemoryStream();
        WriteVarint(body, (ulong)layer.Features.Count);
        long previousX = 0, previousY = 0;
        var scale = Math.Pow(10, Decimals);
        foreach (var feature in layer.Features)
        {
            WriteVarint(body, (ulong)Id(feature.Key));
            WriteVarint(body, (ulong)Id(feature.Name));
            foreach (var name in attributeNames)
            {
                WriteVarint(body, feature.Attributes.TryGetValue(name, out var value) && value is not null ? (ulong)Id(value) + 1 : 0);
            }

            var polygons = feature.Geometry switch
            {
                Polygon p => [p],
                MultiPolygon m => Enumerable.Range(0, m.NumGeometries).Select(i => (Polygon)m.GetGeometryN(i)).ToArray(),
                _ => throw new InvalidDataException($"feature {feature.FeatureIndex}: {feature.Geometry.GeometryType} is not polygonal."),
            };
            body.WriteByte(feature.Geometry is Polygon ? (byte)0 : (byte)1);
            WriteVarint(body, (ulong)polygons.Length);
            foreach (var polygon in polygons)
            {
                var rings = new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings).ToArray();
                WriteVarint(body, (ulong)rings.Length);
                foreach (var ring in rings)
                {
                    var sequence = ring.CoordinateSequence;
                    WriteVarint(body, (ulong)sequence.Count);
                    for (var i = 0; i < sequence.Count; i++)
                    {
                        var x = (long)Math.Round(sequence.GetX(i) * scale, MidpointRounding.AwayFromZero);
                        var y = (long)Math.Round(sequence.GetY(i) * scale, MidpointRounding.AwayFromZero);
                        WriteVarint(body, ZigZag(x - previousX));
                        WriteVarint(body, ZigZag(y - previousY));
                        (previousX, previousY) = (x, y);
                    }
                }
            }
        }

        var result = new MemoryStream();
        result.Write("KSBBRW"u8);
        result.WriteByte(1); // format version
        result.WriteByte(Decimals);
        WriteVarint(result, (ulong)strings.Count);
        foreach (var s in strings)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            WriteVarint(result, (ulong)bytes.Length);
            result.Write(bytes);
        }

        WriteVarint(result, (ulong)attributeNames.Length);
        foreach (var id in attributeIds)
        {
            WriteVarint(result, (ulong)id);
        }

        body.WriteTo(result);
        return result.ToArray();
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
