using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo;

/// <summary>A set of boundary units at one level (RW, RT, kelurahan...), built from features; the input to
/// <see cref="BoundaryIndex"/>, validation and maps.</summary>
/// <remarks>
/// Features sharing a key are merged into one unit (a <see cref="MultiPolygon"/> of their parts). Units are ordered
/// by region code; units without a code keep the order of their first feature in the source. Immutable and thread-safe.
/// </remarks>
public sealed class BoundaryLayer
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private readonly Dictionary<string, BoundaryUnit> _byKey;
    private readonly Dictionary<RegionCode, BoundaryUnit> _byCode;

    private BoundaryLayer(string name, bool isSynthetic, IReadOnlyList<BoundaryFeature> features, IReadOnlyList<BoundaryUnit> units)
    {
        Name = name;
        IsSynthetic = isSynthetic;
        Features = features;
        Units = units;
        _byKey = units.ToDictionary(u => u.Key, StringComparer.Ordinal);
        _byCode = units.Where(u => !u.Code.IsDefault).ToDictionary(u => u.Code);
    }

    /// <summary>Gets the layer name (usually the source file name).</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether the geometry is synthetic (made up, such as the generated RT layer), never to be shown as real boundaries.</summary>
    public bool IsSynthetic { get; }

    /// <summary>Gets the source features, in source order.</summary>
    public IReadOnlyList<BoundaryFeature> Features { get; }

    /// <summary>Gets the units, ordered by code, then by first source feature; <see cref="BoundaryUnit.Index"/> is the position here.</summary>
    public IReadOnlyList<BoundaryUnit> Units { get; }

    /// <summary>Creates a layer from features, merging features with the same key.</summary>
    /// <param name="name">The layer name.</param>
    /// <param name="features">The features.</param>
    /// <param name="isSynthetic">Whether the geometry is synthetic.</param>
    /// <returns>The layer.</returns>
    /// <exception cref="ArgumentException">No features, or two features share a key but not a code.</exception>
    public static BoundaryLayer Create(string name, IEnumerable<BoundaryFeature> features, bool isSynthetic = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        var list = features.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException($"Layer '{name}' has no features.", nameof(features));
        }

        var position = new Dictionary<BoundaryFeature, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < list.Count; i++)
        {
            position.TryAdd(list[i], i);
        }

        // Coded units in code order; uncoded units (and ties) in the order of their first feature.
        var groups = list.GroupBy(f => f.Key, StringComparer.Ordinal)
            .OrderBy(g => g.First().Code)
            .ThenBy(g => position[g.First()])
            .ToList();
        foreach (var group in groups)
        {
            var first = group.First();
            if (group.FirstOrDefault(p => p.Code != first.Code) is { } other)
            {
                throw new ArgumentException($"Layer '{name}': features {position[first]} and {position[other]} share key '{first.Key}' but have codes '{first.Code}' and '{other.Code}'.", nameof(features));
            }
        }

        // Building a unit (edge arrays, area, representative point) is independent per unit.
        var units = new BoundaryUnit[groups.Count];
        Parallel.For(0, groups.Count, i =>
        {
            var parts = groups[i].ToList();
            var first = parts[0];
            var geometry = parts.Count == 1 ? first.Geometry : Merge(parts);
            units[i] = new BoundaryUnit(i, first.Key, first.Code, first.Name, geometry, parts.Select(p => position[p]).ToArray(), first.Attributes);
        });

        return new BoundaryLayer(name, isSynthetic, list, units);
    }

    /// <summary>Finds a unit by key.</summary>
    /// <param name="key">The unit key.</param>
    /// <param name="unit">The unit when found.</param>
    /// <returns><see langword="true"/> when the layer has a unit with this key.</returns>
    public bool TryGetUnit(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundaryUnit? unit) =>
        _byKey.TryGetValue(key, out unit);

    /// <summary>Finds a unit by region code.</summary>
    /// <param name="code">The code.</param>
    /// <param name="unit">The unit when found.</param>
    /// <returns><see langword="true"/> when the layer has a unit with this code.</returns>
    public bool TryGetUnit(RegionCode code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundaryUnit? unit) =>
        _byCode.TryGetValue(code, out unit);

    /// <summary>Finds the unit of a region code or, when the layer does not reach that level, of its nearest ancestor the layer holds (an RT's RW in an RW layer).</summary>
    /// <param name="code">The code.</param>
    /// <param name="unit">The unit when found.</param>
    /// <returns><see langword="true"/> when the layer has a unit with this code or one of its ancestors.</returns>
    public bool TryGetUnitOrAncestor(RegionCode code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundaryUnit? unit)
    {
        for (RegionCode? c = code; c is { IsDefault: false } current; c = current.Parent)
        {
            if (_byCode.TryGetValue(current, out unit))
            {
                return true;
            }
        }

        unit = null;
        return false;
    }

    /// <summary>Finds where a unit is: the representative point of the layer's unit with the code, or else of the unit of its nearest ancestor (an RT or an institution lies in its RW).</summary>
    /// <param name="code">The code, at any level.</param>
    /// <param name="point">The point when found.</param>
    /// <returns><see langword="true"/> when the layer has a unit with the code or one of its ancestors.</returns>
    public bool TryGetPosition(RegionCode code, out GeoPoint point)
    {
        if (TryGetUnitOrAncestor(code, out var unit))
        {
            point = unit.RepresentativePoint;
            return true;
        }

        point = default;
        return false;
    }

    private static MultiPolygon Merge(List<BoundaryFeature> parts)
    {
        var polygons = new List<Polygon>();
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Geometry.NumGeometries; i++)
            {
                polygons.Add((Polygon)part.Geometry.GetGeometryN(i));
            }
        }

        return Factory.CreateMultiPolygon([.. polygons]);
    }
}
