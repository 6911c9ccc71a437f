using System.Diagnostics.CodeAnalysis;
using Ksbb.Geo;

namespace Ksbb.Extensions.Hosting;

/// <summary>Point → unit lookups on the registered <see cref="BoundaryIndex"/> with the nearest-unit fallback of
/// <see cref="BoundaryIndexOptions.NearestMaxMetres"/>.</summary>
/// <remarks>Resolve it from the container (<c>AddKsbbBoundaryIndex</c> registers it as a singleton), or use the
/// <see cref="BoundaryIndex"/> itself when no fallback is wanted: lookups are counted and batches traced by the index
/// (<see cref="GeoTelemetry"/>), whichever is used. Thread-safe.</remarks>
public sealed class BoundaryLookup
{
    private readonly double _nearestMaxMetres;

    internal BoundaryLookup(BoundaryIndex index, BoundaryIndexOptions options)
    {
        Index = index;
        _nearestMaxMetres = options.NearestMaxMetres;
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
    public bool TryLocate(double longitude, double latitude, [NotNullWhen(true)] out BoundaryUnit? unit) =>
        Index.TryLocate(longitude, latitude, out unit)
        || (_nearestMaxMetres > 0 && Index.TryNearest(longitude, latitude, _nearestMaxMetres, out unit, out _));

    /// <summary>Locates many points at once (no nearest-unit fallback), as <see cref="BoundaryIndex.LocateMany"/> does.</summary>
    /// <param name="longitudes">The longitudes.</param>
    /// <param name="latitudes">The latitudes, as many as <paramref name="longitudes"/>.</param>
    /// <param name="unitIndexes">Receives each point's unit index in <see cref="BoundaryLayer.Units"/>, or -1.</param>
    /// <returns>The number of points found in a unit.</returns>
    /// <exception cref="ArgumentException">The spans differ in length (as <see cref="BoundaryIndex.LocateMany"/>).</exception>
    public int LocateMany(ReadOnlySpan<double> longitudes, ReadOnlySpan<double> latitudes, Span<int> unitIndexes) =>
        Index.LocateMany(longitudes, latitudes, unitIndexes);
}
