using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Ksbb.Geo;

namespace Ksbb.Extensions.Hosting;

/// <summary>Point → unit lookups on the registered <see cref="BoundaryIndex"/>, counted in the <see cref="KsbbTelemetry.GeoName"/> meter.</summary>
/// <remarks>Resolve it from the container (<c>AddKsbbBoundaryIndex</c> registers it as a singleton). Thread-safe.</remarks>
public sealed class BoundaryLookup
{
    private static readonly KeyValuePair<string, object?> Found = new(KsbbTelemetry.ResultTag, "found");
    private static readonly KeyValuePair<string, object?> NotFound = new(KsbbTelemetry.ResultTag, "not_found");
    private readonly Counter<long> _lookups;
    private readonly double _nearestMaxMetres;

    internal BoundaryLookup(BoundaryIndex index, BoundaryIndexOptions options, KsbbInstrumentation instrumentation)
    {
        Index = index;
        _nearestMaxMetres = options.NearestMaxMetres;
        _lookups = instrumentation.Lookups;
    }

    /// <summary>Gets the index.</summary>
    public BoundaryIndex Index { get; }

    /// <summary>Gets the indexed layer.</summary>
    public BoundaryLayer Layer => Index.Layer;

    /// <summary>Finds the unit holding a point, or, when <see cref="BoundaryIndexOptions.NearestMaxMetres"/> is set, the nearest unit within that distance.</summary>
    /// <param name="longitude">The longitude in degrees (WGS84).</param>
    /// <param name="latitude">The latitude in degrees (WGS84).</param>
    /// <param name="unit">The unit when found.</param>
    /// <returns><see langword="true"/> when a unit was found.</returns>
    public bool TryLocate(double longitude, double latitude, [NotNullWhen(true)] out BoundaryUnit? unit)
    {
        var found = Index.TryLocate(longitude, latitude, out unit)
            || (_nearestMaxMetres > 0 && Index.TryNearest(longitude, latitude, _nearestMaxMetres, out unit, out _));
        _lookups.Add(1, found ? Found : NotFound);
        return found;
    }

    /// <summary>Locates many points at once (no nearest-unit fallback), in one <c>ksbb.geo.locate_many</c> activity.</summary>
    /// <param name="longitudes">The longitudes.</param>
    /// <param name="latitudes">The latitudes, as many as <paramref name="longitudes"/>.</param>
    /// <param name="unitIndexes">Receives each point's unit index in <see cref="BoundaryLayer.Units"/>, or -1.</param>
    /// <returns>The number of points found in a unit.</returns>
    /// <exception cref="ArgumentException">The spans differ in length (as <see cref="BoundaryIndex.LocateMany"/>).</exception>
    public int LocateMany(ReadOnlySpan<double> longitudes, ReadOnlySpan<double> latitudes, Span<int> unitIndexes)
    {
        using var activity = KsbbInstrumentation.GeoSource.StartActivity("ksbb.geo.locate_many");
        var found = Index.LocateMany(longitudes, latitudes, unitIndexes);
        activity?.SetTag("ksbb.points", longitudes.Length);
        activity?.SetTag("ksbb.found", found);
        _lookups.Add(found, Found);
        _lookups.Add(longitudes.Length - found, NotFound);
        return found;
    }
}
