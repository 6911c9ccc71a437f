namespace Ksbb.Extensions.Hosting;

/// <summary>The default and limit values of this package's options, in one place.</summary>
public static class KsbbHostingDefaults
{
    /// <summary>The default <see cref="BoundaryIndexOptions.NearestMaxMetres"/>: 0, no nearest-unit fallback.</summary>
    public const double NearestMaxMetres = 0;

    /// <summary>The largest allowed <see cref="BoundaryIndexOptions.NearestMaxMetres"/>: 50 km.</summary>
    public const double NearestMaxMetresLimit = 50_000;

    /// <summary>The default <see cref="AllocationOptions.ProgressInterval"/>: 20,000 pivots (the engine's own default).</summary>
    public const long ProgressInterval = 20_000;
}
