using Ksbb.Model.Regions;

namespace Ksbb.Geo.Tests;

public class GeodesyAndReadingTests
{
    [Fact]
    public void Haversine_OneDegreeOfLatitude_IsTheMeanRadiusArc()
    {
        Assert.Equal(GeoPoint.EarthRadiusMetres * Math.PI / 180, GeoPoint.HaversineMetres(106.8, -6.0, 106.8, -7.0), 1e-6);
        Assert.Equal(0, GeoPoint.Create(106.8, -6.2).DistanceMetres(GeoPoint.Create(106.8, -6.2)));
    }

    [Fact]
    public void Area_OfASmallSquare_MatchesTheLocalFlatArea()
    {
        var square = BoundaryFeature.FromRectangle("s", default, "s", 106.80, -6.20, 106.81, -6.19).Geometry;
        var side = GeoPoint.EarthRadiusMetres * Math.PI / 180 * 0.01;
        var expected = side * side * Math.Cos(-6.195 * Math.PI / 180);

        Assert.Equal(expected, Geodesy.AreaSquareMetres(square), expected * 1e-4);
    }

    [Fact]
    public void Crosswalk_MatchesNormalisedNames_AndFallsBackToAnUnambiguousKelurahan()
    {
        var code = RegionCode.Parse("31.73.01.1001");
        var crosswalk = KelurahanCrosswalk.Create([("JAKARTA BARAT", "CENGKARENG", "CENGKARENG BARAT", code), ("JAKARTA PUSAT", "GAMBIR", "GAMBIR", RegionCode.Parse("31.71.01.1001"))]);

        Assert.True(crosswalk.TryFind("Jakarta Barat", "Cengkareng", "Cengkareng-Barat", out var exact));
        Assert.True(crosswalk.TryFind("JAKARTA BARAT", "KALI DERES", "CENGKARENG BARAT", out var moved));
        Assert.False(crosswalk.TryFind("JAKARTA BARAT", "X", "NOWHERE", out _));
        Assert.Equal((code, code), (exact, moved));
        Assert.Throws<ArgumentException>(() => KelurahanCrosswalk.Create([("A", "B", "C", RegionCode.Parse("31.71"))]));
    }

    [Theory]
    [InlineData("RW 02", 2)]
    [InlineData("rw07", 7)]
    [InlineData(" 12 ", 12)]
    public void RwLabels_Parse(string label, int expected)
    {
        Assert.True(FeatureKeying.TryParseRwLabel(label, out var rw));
        Assert.Equal(expected, rw);
    }

    [Theory]
    [InlineData("RW")]
    [InlineData("RW 0")]
    [InlineData("RT 02")]
    public void BadRwLabels_DoNotParse(string label) => Assert.False(FeatureKeying.TryParseRwLabel(label, out _));

    [Fact]
    public void GeoJson_WithACodeProperty_AndBadInput_GiveClearErrors()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var good = Path.Combine(folder.FullName, "good.geojson");
            File.WriteAllText(good, """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"kode":"31.71.01.1001","nama":"Gambir"},"geometry":{"type":"Polygon","coordinates":[[[106.80,-6.20],[106.81,-6.20],[106.81,-6.19],[106.80,-6.19],[106.80,-6.20]]]}}
                ]}
                """);
            var point = Path.Combine(folder.FullName, "point.geojson");
            File.WriteAllText(point, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"31.71"},"geometry":{"type":"Point","coordinates":[106.8,-6.2]}}]}""");
            var broken = Path.Combine(folder.FullName, "broken.geojson");
            File.WriteAllText(broken, """{"type":"FeatureCollection","features":[{"type":"Feature",""");

            var layer = BoundaryReader.Read(good, FeatureKeying.ByCodeProperty("kode", "nama"));
            Assert.Equal(("31.71.01.1001", "Gambir"), (layer.Units[0].Key, layer.Units[0].Name));
            Assert.True(layer.TryGetUnit(RegionCode.Parse("31.71.01.1001"), out _));
            Assert.Contains("feature 0", Assert.Throws<InvalidDataException>(() => BoundaryReader.Read(point, FeatureKeying.ByProperty("kode"))).Message, StringComparison.Ordinal);
            Assert.Contains("broken.geojson", Assert.Throws<InvalidDataException>(() => BoundaryReader.Read(broken, FeatureKeying.ByProperty("kode"))).Message, StringComparison.Ordinal);
            Assert.Contains("'missing'", Assert.Throws<InvalidDataException>(() => BoundaryReader.Read(good, FeatureKeying.ByProperty("missing"))).Message, StringComparison.Ordinal);
            Assert.Contains("not a region code", Assert.Throws<InvalidDataException>(() => BoundaryReader.Read(good, FeatureKeying.ByCodeProperty("nama"))).Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

public class PerFeatureKeyingTests
{
    [Fact]
    public void PerFeature_KeepsOverlappingFeaturesApart_AndTheEarlierOneWins()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(folder.FullName, "overlap.geojson");
            File.WriteAllText(path, """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"id":7},"geometry":{"type":"Polygon","coordinates":[[[106.80,-6.20],[106.82,-6.20],[106.82,-6.18],[106.80,-6.18],[106.80,-6.20]]]}},
                 {"type":"Feature","properties":{"id":3},"geometry":{"type":"Polygon","coordinates":[[[106.81,-6.19],[106.83,-6.19],[106.83,-6.17],[106.81,-6.17],[106.81,-6.19]]]}},
                 {"type":"Feature","properties":{"id":7},"geometry":{"type":"Polygon","coordinates":[[[106.805,-6.185],[106.825,-6.185],[106.825,-6.175],[106.805,-6.175],[106.805,-6.185]]]}}
                ]}
                """);

            var layer = BoundaryReader.Read(path, FeatureKeying.PerFeature("id"));
            var index = BoundaryIndex.Create(layer);

            Assert.Equal(["7", "3", "7"], layer.Units.Select(u => u.Name));
            Assert.Equal("7", index.TryLocate(106.815, -6.185, out var both) ? both.Name : null); // in features 0 and 1
            Assert.Equal("3", index.TryLocate(106.822, -6.178, out var later) ? later.Name : null); // in features 1 and 2
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
