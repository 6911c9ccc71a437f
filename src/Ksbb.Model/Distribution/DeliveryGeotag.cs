using System.Globalization;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Distribution;

/// <summary>Where a delivery was recorded, as a host located it: the point, the unit found there, and how far the point is from the unit the delivery claims.</summary>
/// <remarks>
/// Plain values: the host (a CLI, a portal) locates the point with Ksbb.Geo and passes the result, so the ledger needs no
/// geometry. <see cref="DistanceMetres"/> is 0 when the point lies inside the claimed unit. Immutable and thread-safe.
/// </remarks>
public sealed class DeliveryGeotag : IEquatable<DeliveryGeotag>
{
    private DeliveryGeotag(GeoPoint point, RegionCode? locatedUnit, double distanceMetres)
    {
        Point = point;
        LocatedUnit = locatedUnit;
        DistanceMetres = distanceMetres;
    }

    /// <summary>Gets the point (WGS84 degrees).</summary>
    public GeoPoint Point { get; }

    /// <summary>Gets the unit of the boundary layer that contains the point, or <see langword="null"/> when no unit does.</summary>
    public RegionCode? LocatedUnit { get; }

    /// <summary>Gets the distance in metres from the point to the claimed unit: 0 inside it, otherwise to its nearest boundary point.</summary>
    public double DistanceMetres { get; }

    /// <summary>Gets a value indicating whether the point lies outside the claimed unit (<see cref="DistanceMetres"/> &gt; 0).</summary>
    public bool IsOutsideClaimedUnit => DistanceMetres > 0;

    /// <summary>Creates a geotag.</summary>
    /// <param name="point">The point.</param>
    /// <param name="locatedUnit">The unit containing the point, or <see langword="null"/> for none.</param>
    /// <param name="distanceMetres">The distance to the claimed unit in metres: finite, 0 or more.</param>
    /// <returns>The geotag.</returns>
    /// <exception cref="ArgumentException">The located unit is the default code.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The distance is negative or not finite.</exception>
    public static DeliveryGeotag Create(GeoPoint point, RegionCode? locatedUnit, double distanceMetres)
    {
        if (locatedUnit is { IsDefault: true })
        {
            throw new ArgumentException("The located unit, when given, cannot be the default code.", nameof(locatedUnit));
        }

        if (!double.IsFinite(distanceMetres) || distanceMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(distanceMetres), distanceMetres, "The distance to the claimed unit must be a finite number of metres, 0 or more.");
        }

        return new DeliveryGeotag(point, locatedUnit, distanceMetres);
    }

    /// <summary>Returns whether two geotags have the same point, located unit and distance.</summary>
    /// <param name="other">The other geotag.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(DeliveryGeotag? other) =>
        other is not null && Point == other.Point && LocatedUnit == other.LocatedUnit && DistanceMetres.Equals(other.DistanceMetres);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DeliveryGeotag);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Point, LocatedUnit, DistanceMetres);

    /// <summary>Returns a short description.</summary>
    /// <returns>For example <c>106.8 -6.2 in 31.71.01.1001.005, 0 m from the claimed unit</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Point.Longitude:R} {Point.Latitude:R} in {(LocatedUnit is { } u ? u.ToString() : "no unit")}, {DistanceMetres:0.#} m from the claimed unit");
}
