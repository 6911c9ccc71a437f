using Ksbb.Model.Regions;
namespace Ksbb.Allocation.Solver;

/// <summary>Haversine distances in whole hectometres, as the allocation contract defines them: Ksbb.Model's one formula (<see cref="GeoPoint.HaversineMetresFromRadians"/>), rounded.</summary>
internal static class Geodesy
{
    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Returns the haversine distance in hectometres, rounded half away from zero.</summary>
    public static long Hectometres(GeoPoint from, GeoPoint to) =>
        Hectometres(from.Latitude * DegreesToRadians, from.Longitude * DegreesToRadians, Math.Cos(from.Latitude * DegreesToRadians),
            to.Latitude * DegreesToRadians, to.Longitude * DegreesToRadians, Math.Cos(to.Latitude * DegreesToRadians));

    /// <summary>The same with precomputed radians and latitude cosines (the hot path): Ksbb.Model's one haversine, rounded.</summary>
    public static long Hectometres(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2) =>
        (long)Math.Round(GeoPoint.HaversineMetresFromRadians(lat1, lon1, cosLat1, lat2, lon2, cosLat2) / 100.0, MidpointRounding.AwayFromZero);

    public static double Radians(double degrees) => degrees * DegreesToRadians;
}
