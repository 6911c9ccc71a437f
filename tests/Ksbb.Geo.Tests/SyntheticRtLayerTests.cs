using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.Geo.Tests;

public class SyntheticRtLayerTests
{
    private static readonly RtList Rts = RtList.Create([("GAMBIR", 1, 1), ("GAMBIR", 1, 2), ("GAMBIR", 1, 3), ("Gambir", 2, 5), ("GAMBIR", 2, 7)]);

    [Fact]
    public void Build_SplitsEachRwIntoItsListedRts_CoveringTheRwExactly()
    {
        var rws = SyntheticLayers.CodedRws(3);

        var rts = SyntheticRtLayer.Build(rws, Rts, seed: 42);

        Assert.True(rts.IsSynthetic);
        Assert.All(rts.Units, u => Assert.EndsWith("(synthetic)", u.Name, StringComparison.Ordinal));
        var rw1 = RegionCode.Parse("31.71.01.1001.001");
        Assert.Equal([1, 2, 3], rts.Units.Where(u => u.Code.Parent == rw1).Select(u => u.Code.Rt));
        Assert.Equal([5, 7], rts.Units.Where(u => u.Code.Parent == RegionCode.Parse("31.71.01.1001.002")).Select(u => u.Code.Rt));
        Assert.Equal([1], rts.Units.Where(u => u.Code.Parent == RegionCode.Parse("31.71.01.1001.003")).Select(u => u.Code.Rt)); // not listed: one RT
        foreach (var rw in rws.Units)
        {
            var parts = rts.Units.Where(u => u.Code.Parent == rw.Code).ToList();
            Assert.Equal(rw.AreaSquareMetres, parts.Sum(p => p.AreaSquareMetres), rw.AreaSquareMetres * 1e-6);
            Assert.All(parts, p => Assert.True(rw.Geometry.Buffer(1e-9).Covers(p.Geometry)));
        }
    }

    [Fact]
    public void Build_IsDeterministic_AndTheSeedMatters()
    {
        var rws = SyntheticLayers.CodedRws(2);

        var first = SyntheticRtLayer.Build(rws, Rts, seed: 1);
        var again = SyntheticRtLayer.Build(rws, Rts, seed: 1);
        var other = SyntheticRtLayer.Build(rws, Rts, seed: 2);

        Assert.Equal(first.Units.Select(u => u.Geometry.ToText()), again.Units.Select(u => u.Geometry.ToText()));
        Assert.NotEqual(first.Units.Select(u => u.Geometry.ToText()), other.Units.Select(u => u.Geometry.ToText()));
    }

    [Fact]
    public void RtPoints_LocateInsideTheirRw()
    {
        var rws = SyntheticLayers.CodedRws(2);
        var rts = SyntheticRtLayer.Build(rws, Rts);
        var rwIndex = BoundaryIndex.Create(rws);
        var rtIndex = BoundaryIndex.Create(rts);

        foreach (var rt in rts.Units)
        {
            var p = rt.RepresentativePoint;
            Assert.Same(rt, rtIndex.TryLocate(p.Longitude, p.Latitude, out var found) ? found : null);
            Assert.Equal(rt.Code.Parent, rwIndex.TryLocate(p.Longitude, p.Latitude, out var rw) ? rw.Code : null);
        }
    }

    [Fact]
    public void RtList_Read_RejectsAMalformedLineByNumber()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "GAMBIR,1,1\nGAMBIR,x,2\n");

            var ex = Assert.Throws<InvalidDataException>(() => RtList.Read(path));

            Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RealLayer_GivesAbout30000Rts_EveryOneInsideItsRw()
    {
        var (rwLayer, rwIndex) = TestLayers.RwLayer;
        var list = RtList.Read(JakartaData.PathOrSkip("rw/rt_list_dki_2012.csv"));

        var rts = SyntheticRtLayer.Build(rwLayer, list);

        Assert.Equal(30_017, list.Count);
        Assert.InRange(rts.Units.Count, 30_017, 30_017 + rwLayer.Units.Count);
        var outside = rts.Units.Count(rt => !rwIndex.TryLocate(rt.RepresentativePoint.Longitude, rt.RepresentativePoint.Latitude, out var rw) || rw.Code != rt.Code.Parent);
        Assert.InRange(outside, 0, 3); // the repaired self-intersecting RW may shift a handful
    }
}
