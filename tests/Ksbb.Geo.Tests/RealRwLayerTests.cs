using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.Geo.Tests;

public class RealRwLayerTests
{
    [Theory]
    [InlineData(106.82715, -6.17539, "31.71.01.1001", "GAMBIR", 2)] // Monas
    [InlineData(106.82297, -6.19495, "31.71.06.1001", "MENTENG", 5)] // Bundaran HI
    [InlineData(106.81334, -6.13522, "31.73.03.1008", "PINANGSIA", 6)] // Museum Fatahillah
    [InlineData(106.85019, -6.20990, "31.74.01.1007", "MANGGARAI", 4)] // Stasiun Manggarai
    public void SanityPoints_LocateToTheDocumentedRw(double lon, double lat, string kelurahan, string kelName, int rw)
    {
        var (_, index) = TestLayers.RwLayer;

        Assert.True(index.TryLocate(lon, lat, out var unit));
        Assert.Equal(RegionCode.ForRw(RegionCode.Parse(kelurahan), rw), unit.Code);
        Assert.Equal(kelName, unit.Attributes["KEL_NAME"]);
        Assert.Equal(RegionCode.Parse(kelurahan), unit.Code.AncestorAt(RegionLevel.Kelurahan));
    }

    [Fact]
    public void JavaSea_IsInNoUnit_ButNearestFindsTheCoastWithinItsRadius()
    {
        var (_, index) = TestLayers.RwLayer;

        Assert.False(index.TryLocate(106.80, -6.05, out _));
        Assert.Null(index.Nearest(106.80, -6.05, 1000));
        Assert.True(index.TryNearest(106.80, -6.05, 20_000, out var unit, out var metres));
        Assert.InRange(metres, 1000, 20_000);
        Assert.Equal(31, unit.Code.Provinsi);
        Assert.Equal(72, unit.Code.Kota); // Jakarta Utara lies on the coast north of Monas
    }

    [Fact]
    public void Load_ReadsAllFeatures_MergesMultiPartRws_AndReportsTheOneInvalidGeometry()
    {
        var (layer, _) = TestLayers.RwLayer;

        Assert.Equal(2724, layer.Features.Count);
        var report = LayerValidator.Validate(layer, samplesPerSide: 100);
        var invalid = Assert.Single(report.InvalidGeometries);
        Assert.Contains("TANJUNG BARAT RW 02", invalid.Name, StringComparison.Ordinal);
        Assert.Equal("2543", layer.Features[invalid.FeatureIndex].Attributes["OBJECTID"]);
        // SOURCES.md places it at 106.849131 -6.318827; NetTopologySuite reports the first crossing it meets, a few metres away.
        Assert.InRange(invalid.Location!.Value.Longitude, 106.849131 - 1e-4, 106.849131 + 1e-4);
        Assert.InRange(invalid.Location!.Value.Latitude, -6.318827 - 1e-4, -6.318827 + 1e-4);
        Assert.NotEmpty(report.DuplicateKeys);
        Assert.Contains(report.DuplicateKeys, d => d.Name == "PENJARINGAN RW 07" && d.FeatureIndexes.Count >= 2);
        Assert.Equal(layer.Features.Count - report.DuplicateKeys.Sum(d => d.FeatureIndexes.Count - 1), layer.Units.Count);
    }

    [Fact]
    public void LookupsNearTheSelfIntersection_Answer_AndAgreeWithTheEvenOddOracle()
    {
        var (layer, index) = TestLayers.RwLayer;
        var oracle = new NtsOracle(layer);
        var random = new Random(2543);
        var xs = new double[20_000];
        var ys = new double[20_000];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = 106.849131 + ((random.NextDouble() - 0.5) * 0.004);
            ys[i] = -6.318827 + ((random.NextDouble() - 0.5) * 0.004);
        }

        var (failures, _) = oracle.Compare(index, xs, ys);

        Assert.Empty(failures);
        Assert.True(index.TryLocate(106.849131 + 0.0002, -6.318827 + 0.0002, out _) || index.Nearest(106.849131, -6.318827, 100) is not null);
    }

    [Fact]
    public void EveryRepresentativePoint_LocatesToItsOwnUnit()
    {
        var (layer, index) = TestLayers.RwLayer;

        var wrong = layer.Units.Where(u => !index.TryLocate(u.RepresentativePoint.Longitude, u.RepresentativePoint.Latitude, out var found) || found != u)
            .Select(u => u.ToString()).ToList();

        Assert.Empty(wrong);
    }

    /// <summary>100,000 points by default; KSBB_ORACLE_POINTS=1000000 gives the documented 1M-point run (docs/geo.md).</summary>
    [Fact]
    public void RandomPoints_AgreeWithNtsOracle_ExceptWithin1e9DegreesOfAnEdge()
    {
        var (layer, index) = TestLayers.RwLayer;
        var oracle = new NtsOracle(layer);
        var n = int.TryParse(Environment.GetEnvironmentVariable("KSBB_ORACLE_POINTS"), out var configured) && configured > 0 ? configured : 100_000;
        var (xs, ys) = RandomPoints(n, seed: 20200424);

        var (failures, nearEdge) = oracle.Compare(index, xs, ys);

        TestContext.Current.TestOutputHelper?.WriteLine($"{n} random points: {failures.Count} differences away from edges, {nearEdge} within 1e-9 degrees of an edge.");
        Assert.Empty(failures);
        Assert.InRange(nearEdge, 0, 5);
    }

    [Fact]
    public void Shapefile_AndGeoJson_GiveTheSameUnits()
    {
        var (layer, _) = TestLayers.RwLayer;
        var shapefile = BoundaryReader.Read(JakartaData.PathOrSkip("rw/shapefile/rw_jakarta_update.shp"), FeatureKeying.ByRwNames(TestLayers.Crosswalk));

        Assert.Equal(layer.Features.Count, shapefile.Features.Count);
        Assert.Equal(layer.Units.Select(u => u.Key), shapefile.Units.Select(u => u.Key));
        for (var i = 0; i < layer.Units.Count; i++)
        {
            Assert.Equal(layer.Units[i].AreaSquareMetres, shapefile.Units[i].AreaSquareMetres, 0.01 * Math.Max(1, layer.Units[i].AreaSquareMetres) * 1e-6);
            // Same vertices once ring orientation and start points are normalised (the GeoJSON has RFC 7946 orientation
            // and 15 significant digits, so coordinates agree to 1e-12 degrees, not bit for bit).
            Assert.True(layer.Units[i].Geometry.Normalized().EqualsExact(shapefile.Units[i].Geometry.Normalized(), 1e-12), $"Unit {layer.Units[i]} differs between GeoJSON and shapefile.");
        }
    }

    [Fact]
    public void Areas_SumToMainlandJakarta()
    {
        var (layer, _) = TestLayers.RwLayer;

        var km2 = layer.Units.Sum(u => u.AreaSquareMetres) / 1e6;

        // Mainland Jakarta is about 650 km² (Kemendagri: 661.5 km² including Kepulauan Seribu's 8.7 km²).
        Assert.InRange(km2, 630, 670);
    }

    internal static (double[] Xs, double[] Ys) RandomPoints(int n, int seed)
    {
        var random = new Random(seed);
        var xs = new double[n];
        var ys = new double[n];
        for (var i = 0; i < n; i++)
        {
            xs[i] = 106.6856 + (random.NextDouble() * (106.9740 - 106.6856));
            ys[i] = -6.3726 + (random.NextDouble() * (-6.0889 + 6.3726));
        }

        return (xs, ys);
    }
}

public class GeoJsonReaderCrossCheckTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };

    [Fact]
    public void OwnGeoJsonReader_MatchesNetTopologySuiteGeoJson4Stj_OnTheRealLayer()
    {
        var path = JakartaData.PathOrSkip("rw/rw_jakarta_osm_2014.geojson");
        using var stream = File.OpenRead(path);
        var reference = System.Text.Json.JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(stream, Options)!;

        var layer = BoundaryReader.ReadGeoJson(path, FeatureKeying.ByProperty("OBJECTID"));

        Assert.Equal(reference.Count, layer.Features.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.True(reference[i].Geometry.EqualsExact(layer.Features[i].Geometry), $"feature {i} geometry differs");
            Assert.Equal(reference[i].Attributes["KEL_NAME"], layer.Features[i].Attributes["KEL_NAME"]);
            Assert.Equal(Convert.ToInt64(reference[i].Attributes["OBJECTID"], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture), layer.Features[i].Attributes["OBJECTID"]);
        }
    }
}

public class RealLayerValidationTests
{
    [Fact]
    public void RwLayer_NestsInTheKemendagriKelurahanLayer_AndHasOnlySmallGapsAndOverlaps()
    {
        var (layer, _) = TestLayers.RwLayer;
        var kelurahan = BoundaryReader.Read(JakartaData.PathOrSkip("admin_kemendagri/kelurahan_kemendagri.geojson"), FeatureKeying.ByCodeProperty("kode", "nama"));

        // The Kemendagri polygons are simplified and do not line up with the 2012 layer: a generous tolerance.
        var report = LayerValidator.Validate(layer, kelurahan, toleranceMetres: 300, samplesPerSide: 400);

        Assert.DoesNotContain(report.NestingProblems, p => double.IsPositiveInfinity(p.MaxDistanceOutsideMetres)); // every parent code exists
        Assert.InRange(report.NestingProblems.Count, 0, layer.Units.Count / 10);
        Assert.InRange(report.Coverage.CoveredAreaSquareMetres / 1e6, 630, 670);
        Assert.InRange(report.Coverage.OverlapAreaSquareMetres, 0, report.Coverage.CoveredAreaSquareMetres * 0.001);
        Assert.InRange(report.Coverage.GapAreaSquareMetres, 0, report.Coverage.CoveredAreaSquareMetres * 0.01);
        TestContext.Current.TestOutputHelper?.WriteLine($"nesting problems {report.NestingProblems.Count}, gaps {report.Coverage.GapCount} ({report.Coverage.GapAreaSquareMetres:F0} m²), overlap {report.Coverage.OverlapAreaSquareMetres:F0} m², pairs {report.Coverage.OverlappingPairs.Count}");
    }
}
