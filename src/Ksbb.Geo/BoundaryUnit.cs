using Ksbb.Geo.Internal;
using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo;

/// <summary>One unit of a <see cref="BoundaryLayer"/> (an RW, an RT, a kelurahan...): its key, code, name and geometry.</summary>
/// <remarks>
/// A unit stored as several features in the source is one unit whose <see cref="Geometry"/> is a
/// <see cref="MultiPolygon"/> of all the parts (not dissolved). Instances are created by <see cref="BoundaryLayer"/>;
/// immutable and thread-safe.
/// </remarks>
public sealed class BoundaryUnit
{
    internal BoundaryUnit(int index, string key, RegionCode code, string name, Geometry geometry, IReadOnlyList<int> featureIndexes, IReadOnlyDictionary<string, string?> attributes)
    {
        Index = index;
        Key = key;
        Code = code;
        Name = name;
        Geometry = geometry;
        FeatureIndexes = featureIndexes;
        Attributes = attributes;
        Shape = new UnitShape(geometry);
        AreaSquareMetres = Geodesy.AreaSquareMetres(geometry);
        RepresentativePoint = FindRepresentativePoint(Shape);
    }

    /// <summary>Gets the position of this unit in <see cref="BoundaryLayer.Units"/> (the value batch lookups return).</summary>
    public int Index { get; }

    /// <summary>Gets the unit key (the region code's dotted text for coded layers, the property value otherwise).</summary>
    public string Key { get; }

    /// <summary>Gets the region code, or <see langword="default"/> when the layer is not coded.</summary>
    public RegionCode Code { get; }

    /// <summary>Gets the display name, such as <c>GAMBIR RW 02</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the geometry: a <see cref="Polygon"/>, or a <see cref="MultiPolygon"/> for several parts. WGS84 degrees.</summary>
    public Geometry Geometry { get; }

    /// <summary>Gets the positions in the source of the features this unit was built from (more than one for a multi-part unit).</summary>
    public IReadOnlyList<int> FeatureIndexes { get; }

    /// <summary>Gets the attributes of the unit's first feature, as text.</summary>
    public IReadOnlyDictionary<string, string?> Attributes { get; }

    /// <summary>Gets the area on the WGS84 mean sphere in square metres (see <see cref="Geodesy"/>).</summary>
    public double AreaSquareMetres { get; }

    /// <summary>Gets a point inside the unit, away from its edges where possible: the middle of the widest inside
    /// stretch of a few horizontal scan lines. <see cref="BoundaryIndex.TryLocate"/> answers this unit for it in a layer
    /// without overlaps.</summary>
    public GeoPoint RepresentativePoint { get; }

    internal UnitShape Shape { get; }

    /// <summary>Returns how far a point is from this unit: 0 when the unit contains it, otherwise the haversine distance to its nearest boundary point.</summary>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <returns>The distance in metres, 0 or more (the same containment rule as <see cref="BoundaryIndex.TryLocate"/>, the same distance as <see cref="BoundaryIndex.TryNearest"/>).</returns>
    /// <remarks>Thread-safe; examines every edge of the unit (no index), so meant for one point at a time.</remarks>
    public double DistanceMetres(double longitude, double latitude) =>
        Shape.Contains(longitude, latitude) ? 0 : Shape.BoundaryDistanceMetres(longitude, latitude);

    /// <inheritdoc/>
    public override string ToString() => Code.IsDefault ? $"{Key} {Name}" : $"{Code} {Name}";

    private static GeoPoint FindRepresentativePoint(UnitShape shape)
    {
        var xs = new List<double>();
        double bestWidth = -1, bestX = shape.MinX, bestY = shape.MinY;
        double[] fractions = [0.5, 0.3, 0.7, 0.4, 0.6, 0.2, 0.8, 0.1, 0.9, 0.45, 0.55, 0.05, 0.95];
        var height = shape.MaxY - shape.MinY;
        foreach (var f in fractions)
        {
            var y = shape.MinY + (height * f);
            shape.CrossingsAt(y, xs);
            xs.Sort();
            for (var i = 0; i + 1 < xs.Count; i += 2)
            {
                var width = xs[i + 1] - xs[i];
                var x = (xs[i] + xs[i + 1]) / 2;
                if (width > bestWidth && shape.Contains(x, y))
                {
                    bestWidth = width;
                    bestX = x;
                    bestY = y;
                }
            }
        }

        return GeoPoint.Create(bestX, bestY);
    }
}
