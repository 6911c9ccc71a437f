using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo;

/// <summary>Areas on the WGS84 mean sphere; distances are <see cref="GeoPoint.DistanceMetres"/> and <see cref="GeoPoint.HaversineMetres"/> in Ksbb.Model.</summary>
/// <remarks>
/// <para>
/// Distances are great-circle distances by the haversine formula on a sphere of radius
/// <see cref="EarthRadiusMetres"/> (the IUGG mean radius of the WGS84 ellipsoid, 6,371,008.8 m). Within Jakarta the
/// difference from the ellipsoidal (Vincenty/Karney) distance is below 0.5%.
/// </para>
/// <para>
/// Areas are spherical polygon areas on the same sphere (the line-integral formula of Chamberlain and Duquette,
/// 2007, the one used by turf.js and OpenLayers), in square metres; holes are subtracted. All members are pure and
/// thread-safe.
/// </para>
/// </remarks>
public static class Geodesy
{
    private const double EarthRadiusMetres = GeoPoint.EarthRadiusMetres;

    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Returns the area of a polygonal geometry on the sphere, in square metres.</summary>
    /// <param name="geometry">A <see cref="Polygon"/> or <see cref="MultiPolygon"/> in WGS84 degrees (other types give 0).</param>
    /// <returns>The area in m²: the sum over polygons of the shell area minus the hole areas.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> is <see langword="null"/>.</exception>
    public static double AreaSquareMetres(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var total = 0.0;
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon polygon)
            {
                var area = Math.Abs(RingArea(polygon.Shell.CoordinateSequence));
                foreach (var hole in polygon.Holes)
                {
                    area -= Math.Abs(RingArea(hole.CoordinateSequence));
                }

                total += area;
            }
        }

        return total;
    }

    // Chamberlain & Duquette, "Some algorithms for polygons on a sphere" (JPL 2007): signed ring area.
    private static double RingArea(CoordinateSequence ring)
    {
        var n = ring.Count;
        if (n < 4)
        {
            return 0;
        }

        var sum = 0.0;
        for (var i = 0; i < n - 1; i++)
        {
            var lambda1 = ring.GetX(i) * DegreesToRadians;
            var lambda2 = ring.GetX(i + 1) * DegreesToRadians;
            var phi1 = ring.GetY(i) * DegreesToRadians;
            var phi2 = ring.GetY(i + 1) * DegreesToRadians;
            sum += (lambda2 - lambda1) * (2 + Math.Sin(phi1) + Math.Sin(phi2));
        }

        return sum * EarthRadiusMetres * EarthRadiusMetres / 2.0;
    }
}
