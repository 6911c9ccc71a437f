using Ksbb.Model.Needs;
using System.Text.Json;

namespace Ksbb.Geo.Tests;

public class NeedMapTests
{
    private static readonly Dictionary<string, NeedFigures> Values = new()
    {
        ["r0c0"] = new NeedFigures(100, 20, 10),
        ["r0c1"] = new NeedFigures(50, 0, 60),
        ["r1c1"] = new NeedFigures(0, 0, 0),
    };

    [Fact]
    public void FillRate_IsReservedPlusDeliveredOverNeed_AndUndefinedForNoNeed()
    {
        Assert.Equal(0.3, Values["r0c0"].FillRate!.Value, 10);
        Assert.Equal(1.2, Values["r0c1"].FillRate!.Value, 10);
        Assert.Null(Values["r1c1"].FillRate);
    }

    [Fact]
    public void GeoJson_HasExactlyThePublicProperties_PerUnit()
    {
        var layer = SyntheticLayers.Grid3x3();
        using var stream = new MemoryStream();

        NeedMap.WriteGeoJson(layer, Values, stream);

        using var doc = JsonDocument.Parse(stream.ToArray());
        var features = doc.RootElement.GetProperty("features");
        Assert.Equal(9, features.GetArrayLength());
        var first = features[0].GetProperty("properties");
        Assert.Equal(["code", "name", "need", "reserved", "delivered", "fill_rate"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("r0c0", first.GetProperty("code").GetString());
        Assert.Equal(0.3, first.GetProperty("fill_rate").GetDouble());
        var noData = features.EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "r2c2").GetProperty("properties");
        Assert.Equal(JsonValueKind.Null, noData.GetProperty("need").ValueKind);
        Assert.Equal("Polygon", features[0].GetProperty("geometry").GetProperty("type").GetString());
        Assert.False(doc.RootElement.GetProperty("synthetic").GetBoolean());
    }

    [Fact]
    public void Svg_HasTitleLegendAndOnePathPerUnit_FilledByClass()
    {
        var layer = SyntheticLayers.CodedRws(3);
        var values = new Dictionary<string, NeedFigures> { [layer.Units[0].Key] = new(10, 1, 0), [layer.Units[1].Key] = new(10, 10, 0) };
        using var stream = new MemoryStream();

        NeedMap.WriteSvg(layer, values, stream, new NeedMapOptions { Title = "Need & fill <test>" });

        var svg = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("Need &amp; fill &lt;test&gt;", svg, StringComparison.Ordinal);
        Assert.Contains("Fill rate", svg, StringComparison.Ordinal);
        Assert.Contains("fill=\"#d7191c\"", svg, StringComparison.Ordinal); // 10% class
        Assert.Contains("fill=\"#1a9641\"", svg, StringComparison.Ordinal); // 100% class
        Assert.Contains("fill=\"#bdbdbd\"", svg, StringComparison.Ordinal); // no data
        Assert.Equal(3, svg.Split("<path fill=").Length - 1);
        Assert.Contains("stroke=\"#252525\"", svg, StringComparison.Ordinal); // kota outline group
        Assert.Contains("kota boundary", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Maps_RejectFiguresForUnknownUnitsOrNegativeFigures()
    {
        var layer = SyntheticLayers.Grid3x3();

        Assert.Throws<ArgumentException>(() => NeedMap.WriteGeoJson(layer, new Dictionary<string, NeedFigures> { ["nope"] = new(1, 0, 0) }, Stream.Null));
        Assert.Throws<ArgumentException>(() => NeedMap.WriteSvg(layer, new Dictionary<string, NeedFigures> { ["r0c0"] = new(-1, 0, 0) }, Stream.Null));
    }

    [Theory]
    [InlineData("code,need,reserved,delivered\nr0c0,10,1,2\nr0c1,5,x,0\n", "line 3")]
    [InlineData("code,need\nr0c0,10\n", "line 1")]
    [InlineData("code,need,reserved,delivered\nr0c0,10,1,2\nr0c0,1,1,1\n", "line 3")]
    [InlineData("code,need,reserved,delivered\nr0c0,-1,0,0\n", "line 2")]
    public void ReadValues_NamesTheBadLine(string csv, string expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, csv);

            var ex = Assert.Throws<InvalidDataException>(() => NeedMap.ReadValues(path));

            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadValues_ReadsRows()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "\uFEFFcode,need,reserved,delivered\r\nr0c0,10,1,2\r\n");

            var values = NeedMap.ReadValues(path);

            Assert.Equal(new NeedFigures(10, 1, 2), Assert.Single(values).Value);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
