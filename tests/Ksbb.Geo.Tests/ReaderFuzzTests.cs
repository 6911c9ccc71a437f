using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Ksbb.Tests;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;

namespace Ksbb.Geo.Tests;

/// <summary>
/// Fuzzing the boundary readers with mutated valid files: each either reads a layer, or fails with an
/// <see cref="InvalidDataException"/> naming the file — never another exception.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const string GeoJson = """
        { "type": "FeatureCollection", "bbox": [106.8, -6.2, 106.82, -6.19], "features": [
          { "type": "Feature", "id": 1, "properties": { "kode": "w", "n": 1.5, "nested": { "a": [1, 2] } },
            "geometry": { "type": "Polygon", "coordinates": [[[106.80,-6.20],[106.81,-6.20],[106.81,-6.19],[106.80,-6.19],[106.80,-6.20]]] } },
          { "type": "Feature", "properties": { "kode": "e" },
            "geometry": { "type": "MultiPolygon", "coordinates": [[[[106.81,-6.20],[106.82,-6.20],[106.82,-6.19],[106.81,-6.19],[106.81,-6.20]]]] } }
        ] }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ksbb-geo-fuzz-" + Guid.NewGuid().ToString("N"));

    public ReaderFuzzTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private bool ReadsOrNamesTheFile(string path)
    {
        try
        {
            var layer = BoundaryReader.Read(path, FeatureKeying.ByProperty("kode"));
            _ = BoundaryIndex.Create(layer);
            return true;
        }
        catch (InvalidDataException ex)
        {
            // The message names the file (for a shapefile, the .shp or its .dbf).
            return ex.Message.StartsWith(Path.ChangeExtension(path, null), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GeoJson_MutatedFiles_ReadOrNameTheFile()
    {
        var path = Path.Combine(_folder, "fuzz.geojson");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Mutations.Of(GeoJson).ToArbitrary(), bytes =>
        {
            File.WriteAllBytes(path, bytes);
            return ReadsOrNamesTheFile(path);
        }));
    }

    [Fact]
    public void Shapefile_MutatedFiles_ReadOrNameTheFile()
    {
        var valid = Path.Combine(_folder, "valid.shp");
        TestLayers.WriteTwoSquaresShapefile(valid);
        Assert.Equal(2, BoundaryReader.Read(valid, FeatureKeying.ByProperty("kode")).Units.Count);

        var parts = new[] { ".shp", ".shx", ".dbf" }.ToDictionary(e => e, e => File.ReadAllBytes(Path.ChangeExtension(valid, e)));
        var mutation =
            from part in Gen.Elements(".shp", ".shx", ".dbf")
            from kind in Gen.Choose(0, 3)
            from at in Gen.Choose(0, 10_000)
            from value in Gen.Choose(0, 255)
            select (part, kind, at, (byte)value);
        var target = Path.Combine(_folder, "fuzz.shp");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            foreach (var (extension, bytes) in parts)
            {
                var copy = bytes.ToArray();
                if (extension == m.part)
                {
                    var i = m.at % copy.Length;
                    switch (m.kind)
                    {
                        case 0: copy = copy[..i]; break; // truncated
                        case 1: copy[i] = m.Item4; break; // one byte changed
                        case 2: copy[i] = 0xFF; copy[(i + 1) % copy.Length] = 0x7F; break; // huge length or count
                        default: copy = [.. copy[..i], .. copy[i..], .. copy[i..]]; break; // a repeated tail
                    }
                }

                File.WriteAllBytes(Path.ChangeExtension(target, extension), copy);
            }

            return ReadsOrNamesTheFile(target);
        }));
    }

    [Fact]
    public void Shapefile_PointCountOfTwoBillion_IsRefusedBeforeReading()
    {
        // Before the structure check, this made the reader allocate until the process was killed.
        var path = Path.Combine(_folder, "huge.shp");
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        Shapefile.WriteAllFeatures([new Feature(factory.CreatePolygon([new(106.80, -6.20), new(106.81, -6.20), new(106.81, -6.19), new(106.80, -6.20)]), new AttributesTable { { "kode", "w" } })], path);
        var bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(100 + 8 + 40), int.MaxValue); // the first record's point count
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")));
        Assert.Contains("byte 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeoJson_Valid_WithBomAndCrlf_Reads()
    {
        var path = Path.Combine(_folder, "bom.geojson");
        File.WriteAllText(path, GeoJson.ReplaceLineEndings("\r\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(2, BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")).Units.Count);
    }
}
