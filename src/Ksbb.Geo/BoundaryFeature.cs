using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo;

/// <summary>One polygonal feature of a boundary source with the unit key it belongs to.</summary>
/// <remarks>
/// Several features with the same <see cref="Key"/> become one <see cref="BoundaryUnit"/> (a multi-part unit). Build
/// features with the constructor, <see cref="FromRectangle"/> or <see cref="FromPolygon"/>, or let
/// <see cref="BoundaryReader"/> read them from a file. Immutable (the geometry must not be changed after construction)
/// and thread-safe.
/// </remarks>
public sealed class BoundaryFeature
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Creates a feature.</summary>
    /// <param name="key">The unit key (a region code's text, or any property value); may be empty.</param>
    /// <param name="code">The region code, or <see langword="default"/> when the layer is not coded.</param>
    /// <param name="name">A display name (for maps and reports).</param>
    /// <param name="geometry">A <see cref="Polygon"/> or <see cref="MultiPolygon"/> in WGS84 lon/lat degrees.</param>
    /// <param name="featureIndex">The zero-based position of the feature in its source (for messages).</param>
    /// <param name="attributes">The source attributes as text, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="geometry"/> is not polygonal.</exception>
    public BoundaryFeature(string key, RegionCode code, string name, Geometry geometry, int featureIndex = 0, IReadOnlyDictionary<string, string?>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry is not (Polygon or MultiPolygon))
        {
            throw new ArgumentException($"Feature {featureIndex} ('{key}') has a {geometry.GeometryType}; a boundary needs a Polygon or MultiPolygon.", nameof(geometry));
        }

        Key = key;
        Code = code;
        Name = name;
        Geometry = geometry;
        FeatureIndex = featureIndex;
        Attributes = attributes ?? new Dictionary<string, string?>();
    }

    /// <summary>Gets the unit key.</summary>
    public string Key { get; }

    /// <summary>Gets the region code, or <see langword="default"/> when the layer is not coded.</summary>
    public RegionCode Code { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the polygonal geometry in WGS84 lon/lat degrees.</summary>
    public Geometry Geometry { get; }

    /// <summary>Gets the zero-based position of the feature in its source.</summary>
    public int FeatureIndex { get; }

    /// <summary>Gets the source attributes as invariant-culture text (empty for synthetic features).</summary>
    public IReadOnlyDictionary<string, string?> Attributes { get; }

    /// <summary>Creates a feature from a lon/lat rectangle (for synthetic layers such as a demo city).</summary>
    /// <param name="key">The unit key.</param>
    /// <param name="code">The region code, or <see langword="default"/>.</param>
    /// <param name="name">The display name.</param>
    /// <param name="west">West edge longitude, degrees.</param>
    /// <param name="south">South edge latitude, degrees.</param>
    /// <param name="east">East edge longitude, degrees; greater than <paramref name="west"/>.</param>
    /// <param name="north">North edge latitude, degrees; greater than <paramref name="south"/>.</param>
    /// <returns>The feature; by the boundary rule of <see cref="BoundaryIndex"/> it owns its west and south edges.</returns>
    /// <exception cref="ArgumentException">The rectangle is empty or a coordinate is not finite.</exception>
    public static BoundaryFeature FromRectangle(string key, RegionCode code, string name, double west, double south, double east, double north)
    {
        if (!(double.IsFinite(west) && double.IsFinite(south) && double.IsFinite(east) && double.IsFinite(north)) || !(west < east) || !(south < north))
        {
            throw new ArgumentException($"Rectangle for '{key}' is empty or not finite: west {west}, south {south}, east {east}, north {north}.", nameof(west));
        }

        return FromPolygon(key, code, name, [west, south, east, south, east, north, west, north]);
    }

    /// <summary>Creates a feature from one outer ring given as lon, lat pairs.</summary>
    /// <param name="key">The unit key.</param>
    /// <param name="code">The region code, or <see langword="default"/>.</param>
    /// <param name="name">The display name.</param>
    /// <param name="lonLatPairs">Alternating longitude and latitude values of at least three vertices; the ring is closed for you.</param>
    /// <returns>The feature.</returns>
    /// <exception cref="ArgumentException">Fewer than three vertices, an odd count, or a value that is not finite.</exception>
    public static BoundaryFeature FromPolygon(string key, RegionCode code, string name, ReadOnlySpan<double> lonLatPairs)
    {
        if (lonLatPairs.Length < 6 || lonLatPairs.Length % 2 != 0)
        {
            throw new ArgumentException($"Polygon for '{key}' needs at least three lon, lat pairs; got {lonLatPairs.Length} values.", nameof(lonLatPairs));
        }

        var n = lonLatPairs.Length / 2;
        var closed = lonLatPairs[0] == lonLatPairs[^2] && lonLatPairs[1] == lonLatPairs[^1];
        var coordinates = new Coordinate[closed ? n : n + 1];
        for (var i = 0; i < n; i++)
        {
            var x = lonLatPairs[2 * i];
            var y = lonLatPairs[(2 * i) + 1];
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                throw new ArgumentException($"Polygon for '{key}' has a non-finite coordinate at vertex {i}.", nameof(lonLatPairs));
            }

            coordinates[i] = new Coordinate(x, y);
        }

        if (!closed)
        {
            coordinates[n] = coordinates[0].Copy();
        }

        return new BoundaryFeature(key, code, name, Factory.CreatePolygon(coordinates));
    }
}
