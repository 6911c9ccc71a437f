namespace Ksbb.Allocation;

/// <summary>A WGS84 position as longitude and latitude in degrees (the JSON form is <c>[lon, lat]</c>).</summary>
/// <param name="Longitude">Longitude in degrees, −180 to 180.</param>
/// <param name="Latitude">Latitude in degrees, −90 to 90.</param>
/// <remarks>Plain data: the range is checked where a problem is built (<see cref="AllocationProblem.Create"/>).</remarks>
public readonly record struct GeoPosition(double Longitude, double Latitude)
{
    /// <summary>Gets a value indicating whether both coordinates are finite and inside their ranges.</summary>
    public bool IsValid =>
        double.IsFinite(Longitude) && double.IsFinite(Latitude) && Longitude is >= -180 and <= 180 && Latitude is >= -90 and <= 90;
}
