using Ksbb.Geo;
using Ksbb.Model.Regions;

namespace Ksbb.Data.Jakarta.Tests;

/// <summary>What the package holds, checked against the figures documented for the sources (no original files needed).</summary>
public class PackagedDataTests
{
    [Fact]
    public void RwLayer_Has2724FeaturesIn2700RwUnits_EveryOneKeyedByAnRwCode()
    {
        var layer = JakartaData.LoadRwLayer();

        Assert.Equal(2724, layer.Features.Count);
        Assert.False(layer.IsSynthetic);
        Assert.All(layer.Units, u => Assert.Equal(RegionLevel.Rw, u.Code.Level));
        Assert.All(layer.Units, u => Assert.Equal(u.Code.ToString(), u.Key));
        Assert.Equal(layer.Units.Count, layer.Units.Select(u => u.Code).Distinct().Count());
        // Features sharing an RW code (multi-part RWs, TMII's RWs in Ceger) merge into one unit each.
        Assert.Equal(layer.Features.Count - layer.Features.GroupBy(f => f.Key).Sum(g => g.Count() - 1), layer.Units.Count);
    }

    [Fact]
    public void EveryRw_LiesInAKelurahanOfTheRegistry_InMainlandJakarta()
    {
        var layer = JakartaData.LoadRwLayer();
        var regions = JakartaData.Regions;

        var missing = layer.Units.Select(u => u.Code.AncestorAt(RegionLevel.Kelurahan)).Distinct().Where(k => !regions.Contains(k)).ToList();

        Assert.Empty(missing);
        Assert.DoesNotContain(layer.Units, u => u.Code.Kota == 1); // no Kepulauan Seribu RWs in the 2012 layer
    }

    [Theory]
    [InlineData(106.82715, -6.17539, "31.71.01.1001", 2, "Gambir")] // Monas
    [InlineData(106.82297, -6.19495, "31.71.06.1001", 5, "Menteng")] // Bundaran HI
    [InlineData(106.81334, -6.13522, "31.73.03.1008", 6, "Pinangsia")] // Museum Fatahillah
    [InlineData(106.85019, -6.20990, "31.74.01.1007", 4, "Manggarai")] // Stasiun Manggarai
    public void DocumentedSanityPoints_LocateToTheirRw_AndTheRegistryNamesTheKelurahan(double lon, double lat, string kelurahan, int rw, string name)
    {
        var index = BoundaryIndex.Create(JakartaData.LoadRwLayer());

        Assert.True(index.TryLocate(lon, lat, out var unit));
        Assert.Equal(RegionCode.ForRw(RegionCode.Parse(kelurahan), rw), unit.Code);
        Assert.Equal(name, JakartaData.Regions[RegionCode.Parse(kelurahan)].Name);
        Assert.False(index.TryLocate(106.80, -6.05, out _)); // the Java Sea
    }

    [Fact]
    public void RtList_Has30017RtsIn2672Rws_AndEveryListedRwIsInTheLayer()
    {
        var rts = JakartaData.LoadRtList();
        var layer = JakartaData.LoadRwLayer();

        Assert.Equal(30_017, rts.Count);
        Assert.Equal(2672, rts.RwCount);
        var listed = layer.Units.Count(u => rts.TryGetRts(u.Attributes["KEL_NAME"]!, u.Code.Rw, out _));
        Assert.InRange(listed, 2672 - 20, 2672); // a few (kelurahan, RW) pairs merge where features share a code
    }

    [Fact]
    public void Regions_AreThe318KemendagriUnits_AndTheCrosswalkHas263Rows()
    {
        var regions = JakartaData.Regions;

        Assert.Equal(318, regions.Count);
        Assert.Equal(267, regions.GetAtLevel(RegionLevel.Kelurahan).Count);
        Assert.Equal(44, regions.GetAtLevel(RegionLevel.Kecamatan).Count);
        Assert.Equal("Jakarta Pusat", regions[RegionCode.Parse("31.71")].Name.Replace("Kota Administrasi ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(263, JakartaData.Crosswalk.Count);
        Assert.True(JakartaData.Crosswalk.TryFind("JAKARTA TIMUR", "CIPAYUNG", "TMII", out var tmii));
        Assert.Equal("Ceger", JakartaData.Regions[tmii].Name);
    }

    [Fact]
    public void Attribution_NamesTheOdblAndMitLicences_AndTheSources()
    {
        Assert.Contains("Open Database License", JakartaData.Attribution, StringComparison.Ordinal);
        Assert.Contains("ODbL", JakartaData.Attribution, StringComparison.Ordinal);
        Assert.Contains("MIT", JakartaData.Attribution, StringComparison.Ordinal);
        Assert.Contains("kartoza/jakarta-flood-maps", JakartaData.Attribution, StringComparison.Ordinal);
        Assert.Contains("cahyadsn/wilayah", JakartaData.Attribution, StringComparison.Ordinal);
        Assert.Contains("https://opendatacommons.org/licenses/odbl/1-0/", JakartaData.LicenseText, StringComparison.Ordinal);
        Assert.Contains("Permission is hereby granted, free of charge", JakartaData.LicenseText, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2017 Cahya DSN", JakartaData.LicenseText, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_FromManyThreads_GivesOneInstance()
    {
        var layers = new BoundaryLayer[8];
        Parallel.For(0, layers.Length, i => layers[i] = JakartaData.LoadRwLayer());

        Assert.All(layers, l => Assert.Same(layers[0], l));
        Assert.Same(JakartaData.LoadRtList(), JakartaData.LoadRtList());
        Assert.Same(JakartaData.Regions, JakartaData.Regions);
    }

    [Fact]
    public void CreateRtLayer_IsMarkedSynthetic_AndEveryRtLiesInsideItsRealRw()
    {
        var rws = JakartaData.LoadRwLayer();

        var rts = JakartaData.CreateRtLayer();

        Assert.True(rts.IsSynthetic);
        Assert.All(rts.Units, u => Assert.EndsWith("(synthetic)", u.Name, StringComparison.Ordinal));
        Assert.All(rts.Units, u => Assert.Equal(RegionLevel.Rt, u.Code.Level));
        Assert.InRange(rts.Units.Count, 25_000, 30_017 + rws.Units.Count);
        var sample = rts.Units.Where((_, i) => i % 97 == 0).ToList();
        Assert.All(sample, rt =>
        {
            Assert.True(rws.TryGetUnit(rt.Code.AncestorAt(RegionLevel.Rw), out var rw), $"{rt} has no RW");
            var rwGeometry = rw.Geometry.IsValid ? rw.Geometry : rw.Geometry.Buffer(0);
            Assert.True(rwGeometry.Buffer(1e-9).Covers(rt.Geometry), $"{rt} is not inside {rw}");
        });

        // One area alone gives the same RTs as the whole city (each RW is split on its own).
        var gambir = RegionCode.Parse("31.71.01.1001");
        var area = JakartaData.CreateRtLayer(gambir);
        Assert.True(area.IsSynthetic);
        Assert.Equal(rts.Units.Where(u => gambir.Contains(u.Code)).Select(u => u.Code), area.Units.Select(u => u.Code));
        Assert.All(area.Units, u => Assert.True(rts.TryGetUnit(u.Code, out var whole) && whole.Geometry.EqualsExact(u.Geometry), $"{u} differs"));
        Assert.Throws<ArgumentException>(() => JakartaData.CreateRtLayer(RegionCode.Parse("31.01")));
    }
}
