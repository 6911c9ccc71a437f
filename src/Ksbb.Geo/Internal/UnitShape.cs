using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo.Internal;

/// <summary>
/// The edges of one unit as plain doubles, bucketed in horizontal bands, with the exact half-open crossing-number
/// (even-odd) test. Immutable after construction.
/// </summary>
/// <remarks>
/// Every ring of every polygon part contributes its edges; the even-odd rule over all of them gives holes and
/// multi-part units for free and never throws, also on self-intersecting rings. An edge counts for a point
/// (x, y) when <c>ay &lt;= y &lt; by</c> (edge stored with its lower end first) and the point lies strictly left of
/// the upward edge (orientation determinant &gt; 0). The determinant is computed from the same stored endpoints
/// for every unit sharing an edge, so a point on a shared edge gets one verdict for both units: it belongs to the
/// unit east of the edge (north of a horizontal edge).
/// </remarks>
internal sealed class UnitShape
{
    private readonly double[] _edges; // band-ordered quadruples: ax, ay, bx, by with ay < by
    private readonly int[] _bandStart; // in edges, length bands + 1
    private readonly int _bands;
    private readonly double _bandScale;

    public UnitShape(Geometry geometry)
    {
        var raw = new List<(double Ax, double Ay, double Bx, double By)>();
        var all = new List<(double Ax, double Ay, double Bx, double By)>();
        MinX = MinY = double.PositiveInfinity;
        MaxX = MaxY = double.NegativeInfinity;
        for (var p = 0; p < geometry.NumGeometries; p++)
        {
            if (geometry.GetGeometryN(p) is not Polygon polygon)
            {
                continue;
            }

            AddRing(polygon.Shell.CoordinateSequence, raw, all);
            foreach (var hole in polygon.Holes)
            {
                AddRing(hole.CoordinateSequence, raw, all);
            }
        }

        AllEdges = [.. all];
        if (raw.Count == 0)
        {
            _edges = [];
            _bandStart = [0, 0];
            _bands = 1;
            MinX = MinY = MaxX = MaxY = 0;
            return;
        }

        _bands = Math.Clamp(raw.Count / 4, 1, 256);
        var height = MaxY - MinY;
        _bandScale = height > 0 ? _bands / height : 0;
        var counts = new int[_bands + 1];
        foreach (var e in raw)
        {
            for (var b = Band(e.Ay); b <= Band(e.By); b++)
            {
                counts[b + 1]++;
            }
        }

        for (var b = 0; b < _bands; b++)
        {
            counts[b + 1] += counts[b];
        }

        _bandStart = (int[])counts.Clone();
        var fill = (int[])counts.Clone();
        _edges = new double[counts[_bands] * 4];
        foreach (var e in raw)
        {
            for (var b = Band(e.Ay); b <= Band(e.By); b++)
            {
                var at = fill[b]++ * 4;
                _edges[at] = e.Ax;
                _edges[at + 1] = e.Ay;
                _edges[at + 2] = e.Bx;
                _edges[at + 3] = e.By;
            }
        }
    }

    public double MinX { get; private set; }

    public double MinY { get; private set; }

    public double MaxX { get; private set; }

    public double MaxY { get; private set; }

    /// <summary>Gets every edge as stored in the source, horizontal ones included (for rasterising and distances).</summary>
    public (double Ax, double Ay, double Bx, double By)[] AllEdges { get; }

    public long MemoryBytes => (_edges.Length * 8L) + (_bandStart.Length * 4L) + (AllEdges.Length * 32L) + 96;

    private int Band(double y)
    {
        var b = (int)((y - MinY) * _bandScale);
        return b < 0 ? 0 : b >= _bands ? _bands - 1 : b;
    }

    private void AddRing(CoordinateSequence ring, List<(double, double, double, double)> raw, List<(double, double, double, double)> all)
    {
        var n = ring.Count;
        for (var i = 0; i + 1 < n; i++)
        {
            double ax = ring.GetX(i), ay = ring.GetY(i), bx = ring.GetX(i + 1), by = ring.GetY(i + 1);
            if (!double.IsFinite(ax) || !double.IsFinite(ay) || !double.IsFinite(bx) || !double.IsFinite(by))
            {
                continue;
            }

            MinX = Math.Min(MinX, Math.Min(ax, bx));
            MaxX = Math.Max(MaxX, Math.Max(ax, bx));
            MinY = Math.Min(MinY, Math.Min(ay, by));
            MaxY = Math.Max(MaxY, Math.Max(ay, by));
            all.Add((ax, ay, bx, by));
            if (ay < by)
            {
                raw.Add((ax, ay, bx, by));
            }
            else if (by < ay)
            {
                raw.Add((bx, by, ax, ay));
            }
        }

        // An unclosed ring (never from NTS, which closes rings) would be closed here for the even-odd rule.
        if (n > 1 && (ring.GetX(0) != ring.GetX(n - 1) || ring.GetY(0) != ring.GetY(n - 1)))
        {
            double ax = ring.GetX(n - 1), ay = ring.GetY(n - 1), bx = ring.GetX(0), by = ring.GetY(0);
            all.Add((ax, ay, bx, by));
            if (ay != by)
            {
                raw.Add(ay < by ? (ax, ay, bx, by) : (bx, by, ax, ay));
            }
        }
    }

    /// <summary>The exact even-odd test with the half-open rule described on the type.</summary>
    public bool Contains(double x, double y)
    {
        if (!(y >= MinY && y < MaxY && x >= MinX && x < MaxX))
        {
            return false;
        }

        var b = (int)((y - MinY) * _bandScale);
        if (b >= _bands)
        {
            b = _bands - 1;
        }

        var inside = false;
        var edges = _edges;
        var end = _bandStart[b + 1] * 4;
        for (var i = _bandStart[b] * 4; i < end; i += 4)
        {
            var ay = edges[i + 1];
            var by = edges[i + 3];
            if (ay <= y && y < by)
            {
                var ax = edges[i];
                var orient = ((edges[i + 2] - ax) * (y - ay)) - ((by - ay) * (x - ax));
                if (orient > 0)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }

    /// <summary>Returns the x of every crossing of the horizontal line at <paramref name="y"/> (half-open rule), unsorted.</summary>
    public void CrossingsAt(double y, List<double> xs)
    {
        xs.Clear();
        foreach (var (ax, ay, bx, by) in AllEdges)
        {
            if ((ay <= y) != (by <= y))
            {
                xs.Add(ax + ((y - ay) * (bx - ax) / (by - ay)));
            }
        }
    }

    /// <summary>Returns the haversine distance in metres from a point to the nearest point of this unit's boundary.</summary>
    public double BoundaryDistanceMetres(double lon, double lat)
    {
        var kx = Math.Cos(lat * Math.PI / 180.0);
        var best = double.PositiveInfinity;
        foreach (var (ax, ay, bx, by) in AllEdges)
        {
            best = Math.Min(best, SegmentDistanceMetres(lon, lat, kx, ax, ay, bx, by));
        }

        return best;
    }

    /// <summary>Distance to a segment: closest point in a local equirectangular frame, measured by haversine.</summary>
    public static double SegmentDistanceMetres(double lon, double lat, double kx, double ax, double ay, double bx, double by)
    {
        double px = (ax - lon) * kx, py = ay - lat, qx = (bx - lon) * kx, qy = by - lat;
        double ex = qx - px, ey = qy - py;
        var len2 = (ex * ex) + (ey * ey);
        var t = len2 > 0 ? Math.Clamp(-((px * ex) + (py * ey)) / len2, 0, 1) : 0;
        var cx = lon + ((px + (t * ex)) / kx);
        var cy = lat + py + (t * ey);
        return GeoPoint.HaversineMetres(lon, lat, cx, cy);
    }
}
