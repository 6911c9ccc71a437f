using Ksbb.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Ksbb.Benchmarks;

/// <summary>The real RW layer and the synthetic 30,000-RT layer, plus the NetTopologySuite peer structure.</summary>
public static class GeoBenchmarkLayers
{
    /// <summary>Loads the real RW layer (or the synthetic RT layer split from it) from the shared Jakarta data.</summary>
    public static BoundaryLayer Load(string name)
    {
        var data = BenchmarkData.FindJakartaData()
            ?? throw new InvalidOperationException("The Geo benchmarks need the real Jakarta data (../shared/data/jakarta beside the repository, or KSBB_DATA).");
        var crosswalk = KelurahanCrosswalk.Read(Path.Combine(data, "codes", "rw_layer_kelurahan_to_kode.csv"));
        var rw = BoundaryReader.Read(Path.Combine(data, "rw", "rw_jakarta_osm_2014.geojson"), FeatureKeying.ByRwNames(crosswalk));
        return name switch
        {
            "RW" => rw,
            "RT" => SyntheticRtLayer.Build(rw, RtList.Read(Path.Combine(data, "rw", "rt_list_dki_2012.csv"))),
            _ => throw new ArgumentException($"Unknown layer '{name}'; expected RW or RT.", nameof(name)),
        };
    }

    /// <summary>Uniform random points over the layers' bounding box (mainland Jakarta), seeded.</summary>
    public static (double[] Lon, double[] Lat) RandomPoints(int n, int seed)
    {
        var random = new Random(seed);
        var lon = new double[n];
        var lat = new double[n];
        for (var i = 0; i < n; i++)
        {
            lon[i] = 106.6856 + (random.NextDouble() * (106.9740 - 106.6856));
            lat[i] = -6.3726 + (random.NextDouble() * (-6.0889 + 6.3726));
        }

        return (lon, lat);
    }
}

/// <summary>The usual NetTopologySuite way: an STR-tree of prepared polygons, envelope query then <c>Covers</c>.</summary>
public sealed class NtsPreparedLocator
{
    private readonly STRtree<(int Unit, IPreparedGeometry Geometry)> _tree = new();
    private readonly GeometryFactory _factory = new();

    /// <summary>Builds the tree from geometries (unit index = position).</summary>
    public NtsPreparedLocator(IReadOnlyList<Geometry> geometries)
    {
        for (var i = 0; i < geometries.Count; i++)
        {
            _tree.Insert(geometries[i].EnvelopeInternal, (i, PreparedGeometryFactory.Prepare(geometries[i])));
        }

        _tree.Build();
    }

    /// <summary>The unit covering the point, or -1. The one self-intersecting RW makes <c>Covers</c> throw; it is skipped.</summary>
    public int Locate(double lon, double lat)
    {
        var point = _factory.CreatePoint(new Coordinate(lon, lat));
        var best = -1;
        foreach (var (unit, geometry) in _tree.Query(point.EnvelopeInternal))
        {
            try
            {
                if ((best < 0 || unit < best) && geometry.Covers(point))
                {
                    best = unit;
                }
            }
            catch (TopologyException)
            {
                // TANJUNG BARAT RW 02: NetTopologySuite refuses the invalid polygon.
            }
        }

        return best;
    }
}
