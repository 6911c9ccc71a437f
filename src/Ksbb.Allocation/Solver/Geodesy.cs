using Ksbb.Model.Regions;
namespace Ksbb.Allocation.Solver;

/// <summary>Haversine distances in whole hectometres, as the allocation contract defines them.</summary>
internal static class Geodesy
{
    /// <summary>The mean Earth radius in metres (IUGG), the contract's sphere.</summary>
    public const double EarthRadiusMetres = GeoPoint.EarthRadiusMetres;

    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Returns the haversine distance in hectometres, rounded half away from zero.</summary>
    public static long Hectometres(GeoPoint from, GeoPoint to) =>
        Hectometres(from.Latitude * DegreesToRadians, from.Longitude * DegreesToRadians, Math.Cos(from.Latitude * DegreesToRadians),
            to.Latitude * DegreesToRadians, to.Longitude * DegreesToRadians, Math.Cos(to.Latitude * DegreesToRadians));

    /// <summary>The same with precomputed radians and latitude cosines (the hot path).</summary>
    public static long Hectometres(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2)
    {
        var sinHalfLat = Math.Sin((lat2 - lat1) * 0.5);
        var sinHalfLon = Math.Sin((lon2 - lon1) * 0.5);
        var a = (sinHalfLat * sinHalfLat) + (cosLat1 * cosLat2 * sinHalfLon * sinHalfLon);
        var c = 2.0 * Math.Asin(Math.Min(1.0, Math.Sqrt(a)));
        return (long)Math.Round(EarthRadiusMetres * c / 100.0, MidpointRounding.AwayFromZero);
    }

    public static double Radians(double degrees) => degrees * DegreesToRadians;
}
