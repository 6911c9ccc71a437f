using System.Globalization;
using System.Text;

namespace Ksbb.Geo.Tests;

/// <summary>Hostile boundary files: bad input is an <see cref="InvalidDataException"/> naming the file and place, never anything else.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ksbb-geo-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileInputTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Square(string geometryType, string ring) => $$"""
        { "type": "FeatureCollection", "features": [
          { "type": "Feature", "properties": { "kode": "a" }, "geometry": { "type": {{geometryType}}, "coordinates": [[{{ring}}]] } } ] }
        """;

    private InvalidDataException Bad(string json)
    {
        var path = Path.Combine(_folder, "bad.geojson");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<InvalidDataException>(() => BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void GeometryTypeNotAString_NamesTheJsonPath()
    {
        var ex = Bad(Square("5", "[106.8,-6.2],[106.81,-6.2],[106.81,-6.19],[106.8,-6.2]"));
        Assert.Contains("$.features[0].geometry.type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectedMetres_AreRefusedAsNotLonLat()
    {
        var ex = Bad(Square("\"Polygon\"", "[700000,9300000],[701000,9300000],[701000,9301000],[700000,9300000]"));
        Assert.Contains("feature 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a WGS84 longitude and latitude", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    public void NonFiniteVertex_NamesTheJsonPath_NeverDropped(string number)
    {
        var ex = Bad(Square("\"Polygon\"", $"[106.8,-6.2],[106.81,{number}],[106.81,-6.19],[106.8,-6.2]"));
        Assert.Contains("$.features[0].geometry.coordinates[0][1][1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PositionWithText_NamesTheJsonPath()
    {
        var ex = Bad(Square("\"Polygon\"", "[106.8,-6.2],[106.81,-6.2,\"x\"],[106.81,-6.19],[106.8,-6.2]"));
        Assert.Contains("$.features[0].geometry.coordinates[0][1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsMalformedJson_NotAStackOverflow()
    {
        var ex = Bad("{ \"type\": \"FeatureCollection\", \"features\": [ { \"type\": \"Feature\", \"properties\": {}, \"geometry\": { \"type\": \"Polygon\", \"coordinates\": "
            + new string('[', 10_000) + new string(']', 10_000) + " } } ] }");
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnePolygonOfManyLongEdges_IsRefusedPastTheIndexCap()
    {
        // A star: spikes from near the centre to the rim, each edge spanning many grid rows; on the finest grid the index
        // allows, 120,000 such edges would need more edge copies than the cap.
        const int Spikes = 60_000;
        var ring = new double[((2 * Spikes) + 1) * 2];
        for (var i = 0; i < 2 * Spikes; i++)
        {
            var angle = Math.PI * i / Spikes;
            var radius = i % 2 == 0 ? 0.05 : 0.0001;
            ring[2 * i] = 106.8 + (radius * Math.Cos(angle));
            ring[(2 * i) + 1] = -6.2 + (radius * Math.Sin(angle));
        }

        ring[^2] = ring[0];
        ring[^1] = ring[1];
        var layer = BoundaryLayer.Create("star", [BoundaryFeature.FromPolygon("star", default, "star", ring)]);

        var ex = Assert.Throws<ArgumentException>(() => BoundaryIndex.Create(layer, cellsPerUnit: 65_536));
        Assert.Contains("too complex to index", ex.Message, StringComparison.Ordinal);
        Assert.Contains("star", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidFileWithBomCrlfAndForeignMembers_StillReads()
    {
        var path = Path.Combine(_folder, "ok.geojson");
        var json = Square("\"Polygon\"", "[106.8,-6.2],[106.81,-6.2],[106.81,-6.19],[106.8,-6.2]").Replace("\n", "\r\n", StringComparison.Ordinal)
            .Replace("\"properties\"", "\"id\": 7, \"bbox\": [1,2,3,4], \"properties\"", StringComparison.Ordinal);
        File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var layer = BoundaryReader.Read(path, FeatureKeying.ByProperty("kode"));
        Assert.True(BoundaryIndex.Create(layer).TryLocate(106.809, -6.199, out var unit));
        Assert.Equal("a", unit.Key);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, "{0}", "a"), unit.Name);
    }
}
