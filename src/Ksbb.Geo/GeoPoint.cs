namespace Ksbb.Geo;

/// <summary>A WGS84 position: longitude and latitude in decimal degrees (EPSG:4326 axis order lon, lat as in GeoJSON).</summary>
/// <param name="Longitude">Longitude in degrees, east positive.</param>
/// <param name="Latitude">Latitude in degrees, north positive (Jakarta is near -6.2).</param>
/// <remarks>Plain data without invariants: no range check is made. Immutable and thread-safe.</remarks>
public readonly record struct GeoPoint(double Longitude, double Latitude);
