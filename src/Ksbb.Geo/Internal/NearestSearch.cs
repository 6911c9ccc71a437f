using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Ksbb.Geo.Internal;

/// <summary>Unit boxes in an STR-tree: candidate units for a window, and the nearest boundary within a distance.</summary>
internal sealed class NearestSearch
{
    private const double MetresPerDegree = Ksbb.Model.Regions.GeoPoint.EarthRadiusMetres * Math.PI / 180.0;
    private readonly UnitShape[] _shapes;
    private readonly STRtree<int> _tree = new();

    public NearestSearch(UnitShape[] shapes)
    {
        _shapes = shapes;
        for (var i = 0; i < shapes.Length; i++)
        {
            if (shapes[i].AllEdges.Length > 0)
            {
                _tree.Insert(new Envelope(shapes[i].MinX, shapes[i].MaxX, shapes[i].MinY, shapes[i].MaxY), i);
            }
        }

        _tree.Build();
    }

    public long MemoryBytes => _shapes.Length * 120L;

    public IList<int> Query(double x0, double y0, double x1, double y1) => _tree.Query(new Envelope(x0, x1, y0, y1));

    public int Find(double lon, double lat, double maxMetres, out double distanceMetres)
    {
        distanceMetres = double.PositiveInfinity;
        if (!double.IsFinite(lon) || !double.IsFinite(lat))
        {
            return -1;
        }

        var kx = Math.Cos(lat * Math.PI / 180.0);
        var dLat = (maxMetres / MetresPerDegree) + 1e-9;
        var dLon = kx > 1e-6 ? dLat / kx : 360;
        var best = -1;
        foreach (var u in Query(lon - dLon, lat - dLat, lon + dLon, lat + dLat))
        {
            foreach (var (ax, ay, bx, by) in _shapes[u].AllEdges)
            {
                var d = UnitShape.SegmentDistanceMetres(lon, lat, kx, ax, ay, bx, by);
                if (d <= maxMetres && (d < distanceMetres || (d == distanceMetres && u < best)))
                {
                    distanceMetres = d;
                    best = u;
                }
            }
        }

        return best;
    }
}
