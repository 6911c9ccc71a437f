using Ksbb.Tests;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;

namespace Ksbb.Geo.Tests;

/// <summary>The real RW layer (loaded once per test run) and the brute-force NetTopologySuite oracle.</summary>
internal static class TestLayers
{
    private static readonly Lazy<(BoundaryLayer Layer, BoundaryIndex Index)> Rw = new(() =>
    {
        var crosswalk = KelurahanCrosswalk.Read(JakartaData.PathOrSkip("codes/rw_layer_kelurahan_to_kode.csv"));
        var layer = BoundaryReader.Read(JakartaData.PathOrSkip("rw/rw_jakarta_osm_2014.geojson"), FeatureKeying.ByRwNames(crosswalk));
        return (layer, BoundaryIndex.Create(layer));
    });

    /// <summary>Gets the real RW layer keyed by RW code, or skips the test when the data is absent.</summary>
    public static (BoundaryLayer Layer, BoundaryIndex Index) RwLayer
    {
        get
        {
            JakartaData.PathOrSkip("rw/rw_jakarta_osm_2014.geojson");
            JakartaData.PathOrSkip("codes/rw_layer_kelurahan_to_kode.csv");
            return Rw.Value;
        }
    }

    public static KelurahanCrosswalk Crosswalk => KelurahanCrosswalk.Read(JakartaData.PathOrSkip("codes/rw_layer_kelurahan_to_kode.csv"));

    /// <summary>Writes a 2 × 1 shapefile (<c>.shp</c>, <c>.shx</c>, <c>.dbf</c>): west square kode "w" (106.80–106.81), east square kode "e" (106.81–106.82), latitudes -6.20 to -6.19.</summary>
    public static void WriteTwoSquaresShapefile(string path)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        Shapefile.WriteAllFeatures(
            [
                new Feature(factory.CreatePolygon([new(106.80, -6.20), new(106.81, -6.20), new(106.81, -6.19), new(106.80, -6.19), new(106.80, -6.20)]), new AttributesTable { { "kode", "w" } }),
                new Feature(factory.CreatePolygon([new(106.81, -6.20), new(106.82, -6.20), new(106.82, -6.19), new(106.81, -6.19), new(106.81, -6.20)]), new AttributesTable { { "kode", "e" } }),
            ],
            path);
    }
}

/// <summary>The independent oracle: NetTopologySuite's IndexedPointInAreaLocator on every polygon of every unit (a
/// unit contains a point when one of its polygons does), lowest unit index wins.</summary>
internal sealed class NtsOracle
{
    private readonly (int Unit, Envelope Envelope, IndexedPointInAreaLocator Locator)[] _polygons;
    private readonly BoundaryLayer _layer;

    public NtsOracle(BoundaryLayer layer)
    {
        _layer = layer;
        _polygons = [.. layer.Units.SelectMany(u => Enumerable.Range(0, u.Geometry.NumGeometries)
            .Select(p => u.Geometry.GetGeometryN(p))
            .Select(g => (u.Index, g.EnvelopeInternal, new IndexedPointInAreaLocator(g))))];
    }

    public int Locate(double x, double y)
    {
        var c = new Coordinate(x, y);
        foreach (var (unit, envelope, locator) in _polygons)
        {
            if (envelope.Contains(c) && locator.Locate(c) != Location.Exterior)
            {
                return unit;
            }
        }

        return -1;
    }

    /// <summary>The planar distance in degrees from a point to the nearest edge of a unit.</summary>
    public double EdgeDistanceDegrees(int unit, double x, double y) =>
        unit < 0 ? double.PositiveInfinity : _layer.Units[unit].Geometry.Boundary.Distance(new Point(x, y));

    /// <summary>Compares the index with the oracle on points; returns the disagreements farther than 1e-9 degrees from an edge and the near-edge count.</summary>
    public (List<string> Failures, int NearEdge) Compare(BoundaryIndex index, double[] xs, double[] ys)
    {
        var failures = new List<string>();
        var nearEdge = 0;
        var ours = new int[xs.Length];
        index.LocateMany(xs, ys, ours);
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = Locate(xs[i], ys[i]);
            if (expected == ours[i])
            {
                continue;
            }

            var d = Math.Min(EdgeDistanceDegrees(expected, xs[i], ys[i]), EdgeDistanceDegrees(ours[i], xs[i], ys[i]));
            if (d <= 1e-9)
            {
                nearEdge++;
            }
            else if (failures.Count < 20)
            {
                failures.Add($"({xs[i]:R}, {ys[i]:R}): oracle {Name(expected)}, index {Name(ours[i])}, {d:E2} degrees from an edge");
            }
        }

        return (failures, nearEdge);
    }

    private string Name(int unit) => unit < 0 ? "none" : _layer.Units[unit].ToString();
}
