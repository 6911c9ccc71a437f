using Ksbb.Geo;
using NetTopologySuite.Geometries;

namespace Ksbb.Data.Jakarta.Tests;

/// <summary>The packaged data against the original public files it was generated from (when they are present).</summary>
public class AgainstOriginalTests
{
    /// <summary>Rounding to 7 decimals moves a coordinate by at most half a unit in the last place.</summary>
    private const double Rounding = 0.5e-7 + 1e-12;

    [Fact]
    public void RwLayer_HasTheOriginalFeaturesInOrder_WithTheSameKeysNamesAndAttributes()
    {
        var (original, _) = Originals.RwLayer;
        var packaged = JakartaData.LoadRwLayer();

        Assert.Equal(original.Features.Count, packaged.Features.Count);
        Assert.Equal(original.Units.Select(u => u.Code), packaged.Units.Select(u => u.Code));
        for (var i = 0; i < original.Features.Count; i++)
        {
            var (o, p) = (original.Features[i], packaged.Features[i]);
            Assert.Equal(o.Key, p.Key);
            Assert.Equal(o.Code, p.Code);
            Assert.Equal(o.Name, p.Name);
            Assert.Equal(o.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal), p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void EveryVertex_IsWithinTheRoundingOfTheOriginal_InTheSameRingsAndOrder()
    {
        var (original, _) = Originals.RwLayer;
        var packaged = JakartaData.LoadRwLayer();
        var worst = 0.0;
        var vertices = 0;

        for (var i = 0; i < original.Features.Count; i++)
        {
            var (o, p) = (original.Features[i].Geometry, packaged.Features[i].Geometry);
            Assert.Equal(o.GeometryType, p.GeometryType);
            Assert.Equal(o.NumGeometries, p.NumGeometries);
            for (var g = 0; g < o.NumGeometries; g++)
            {
                var (op, pp) = ((Polygon)o.GetGeometryN(g), (Polygon)p.GetGeometryN(g));
                Assert.Equal(op.NumInteriorRings, pp.NumInteriorRings);
                foreach (var (or, pr) in new[] { op.ExteriorRing }.Concat(op.InteriorRings).Zip(new[] { pp.ExteriorRing }.Concat(pp.InteriorRings)))
                {
                    Assert.Equal(or.NumPoints, pr.NumPoints);
                    for (var v = 0; v < or.NumPoints; v++)
                    {
                        var (a, b) = (or.GetCoordinateN(v), pr.GetCoordinateN(v));
                        worst = Math.Max(worst, Math.Max(Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y)));
                        vertices++;
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{vertices} vertices, largest difference {worst:E2} degrees");
        Assert.InRange(worst, 0, Rounding);
        Assert.True(vertices > 100_000);
    }

    [Fact]
    public void RandomPoints_LocateToTheSameRw_ExceptWithinTheRoundingOfAnEdge()
    {
        var (original, originalIndex) = Originals.RwLayer;
        var packagedIndex = BoundaryIndex.Create(JakartaData.LoadRwLayer());
        var random = new Random(2014);
        var n = 100_000;
        var (xs, ys) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            xs[i] = 106.6856 + (random.NextDouble() * (106.9740 - 106.6856));
            ys[i] = -6.3726 + (random.NextDouble() * (-6.0889 + 6.3726));
        }

        var (expected, actual) = (new int[n], new int[n]);
        originalIndex.LocateMany(xs, ys, expected);
        packagedIndex.LocateMany(xs, ys, actual);

        var failures = new List<string>();
        var nearEdge = 0;
        var located = 0;
        for (var i = 0; i < n; i++)
        {
            located += expected[i] >= 0 ? 1 : 0;
            if (expected[i] == actual[i])
            {
                continue; // same unit index means the same RW: both layers order units by code
            }

            var point = new Point(xs[i], ys[i]);
            var distance = new[] { expected[i], actual[i] }.Where(u => u >= 0).Min(u => original.Units[u].Geometry.Boundary.Distance(point));
            if (distance <= 2 * Rounding)
            {
                nearEdge++;
            }
            else
            {
                failures.Add($"({xs[i]:R}, {ys[i]:R}): original {expected[i]}, packaged {actual[i]}, {distance:E2} degrees from an edge");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{n} points, {located} in an RW, {nearEdge} differ within the rounding of an edge");
        Assert.Empty(failures);
        Assert.InRange(located, n / 2, n); // most of the bounding box is land with RWs: the comparison is not vacuous
    }

    [Fact]
    public void RtListAndCodes_MatchTheOriginalFiles()
    {
        var rts = RtList.Read(Originals.Path("rw/rt_list_dki_2012.csv"));
        var codes = Ksbb.Model.Regions.RegionRegistry.LoadCsv(Originals.Path("codes/kode_wilayah_kemendagri_31.csv"));
        var crosswalk = KelurahanCrosswalk.Read(Originals.Path("codes/rw_layer_kelurahan_to_kode.csv"));

        Assert.Equal(rts.Count, JakartaData.LoadRtList().Count);
        Assert.Equal(rts.RwCount, JakartaData.LoadRtList().RwCount);
        foreach (var unit in JakartaData.LoadRwLayer().Units)
        {
            var kelurahan = unit.Attributes["KEL_NAME"]!;
            Assert.Equal(rts.TryGetRts(kelurahan, unit.Code.Rw, out var a), JakartaData.LoadRtList().TryGetRts(kelurahan, unit.Code.Rw, out var b));
            Assert.Equal(a, b);
        }

        Assert.Equal(codes.Regions.Select(r => (r.Code, r.Name)), JakartaData.Regions.Regions.Select(r => (r.Code, r.Name)));
        Assert.Equal(crosswalk.Count, JakartaData.Crosswalk.Count);
    }

    [Fact]
    public void LicenceText_NamesEveryCommitOfTheSourcesFile_ThatTheDataCameFrom()
    {
        var sources = File.ReadAllText(Originals.Path("SOURCES.md"));
        var commits = System.Text.RegularExpressions.Regex.Matches(JakartaData.LicenseText, "`([0-9a-f]{40})`").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(6, commits.Count);
        Assert.All(commits, c => Assert.Contains(c, sources, StringComparison.Ordinal));
    }
}
