using Ksbb.Model.Regions;

namespace Ksbb.SampleData;

/// <summary>One unit of the synthetic city: its region (code and name), its rectangle and representative point.</summary>
public sealed class SampleUnit
{
    internal SampleUnit(Region region, BoundingBox bounds, int households)
    {
        Region = region;
        Bounds = bounds;
        Households = households;
    }

    /// <summary>Gets the region (code, name, level).</summary>
    public Region Region { get; }

    /// <summary>Gets the unit's code.</summary>
    public RegionCode Code => Region.Code;

    /// <summary>Gets the unit's name (synthetic below kota level).</summary>
    public string Name => Region.Name;

    /// <summary>Gets the unit's rectangle.</summary>
    public BoundingBox Bounds { get; }

    /// <summary>Gets the representative point (the rectangle's centre, inside the unit).</summary>
    public GeoPoint Point => Bounds.Center;

    /// <summary>Gets the number of households: set on RTs and summed up the hierarchy.</summary>
    public int Households { get; }

    /// <summary>Returns the code and name.</summary>
    /// <returns>The code and name.</returns>
    public override string ToString() => Region.ToString();
}

/// <summary>
/// A synthetic Jakarta-scale city: the real 6 kota with their Kemendagri codes and names, 44 kecamatan and 267
/// kelurahan with the real per-kota counts but synthetic names, about 2,700 RWs and 30,000 RTs, each unit a
/// rectangle tiling its parent.
/// </summary>
/// <remarks>Clearly synthetic: no unit below kota level matches a real place. Immutable and thread-safe.</remarks>
public sealed class SampleCity
{
    private readonly Dictionary<RegionCode, SampleUnit> _byCode;

    internal SampleCity(RegionRegistry regions, IReadOnlyList<SampleUnit> units)
    {
        Regions = regions;
        Units = units;
        _byCode = units.ToDictionary(u => u.Code);
        Kota = AtLevel(RegionLevel.Kota);
        Kecamatan = AtLevel(RegionLevel.Kecamatan);
        Kelurahan = AtLevel(RegionLevel.Kelurahan);
        Rws = AtLevel(RegionLevel.Rw);
        Rts = AtLevel(RegionLevel.Rt);
    }

    /// <summary>Gets the mainland bounding box the five kota tile: lon 106.68–106.98, lat −6.37 to −6.09.</summary>
    public static BoundingBox MainlandBounds { get; } = new(106.68, -6.37, 106.98, -6.09);

    /// <summary>Gets the box of Kepulauan Seribu, north of the mainland in the Java Sea.</summary>
    public static BoundingBox SeribuBounds { get; } = new(106.45, -5.95, 106.80, -5.45);

    /// <summary>Gets the registry of every unit, provinsi to RT.</summary>
    public RegionRegistry Regions { get; }

    /// <summary>Gets every unit in code order (the provinsi first).</summary>
    public IReadOnlyList<SampleUnit> Units { get; }

    /// <summary>Gets the 6 kota.</summary>
    public IReadOnlyList<SampleUnit> Kota { get; }

    /// <summary>Gets the 44 kecamatan.</summary>
    public IReadOnlyList<SampleUnit> Kecamatan { get; }

    /// <summary>Gets the 267 kelurahan.</summary>
    public IReadOnlyList<SampleUnit> Kelurahan { get; }

    /// <summary>Gets the RWs (about 2,700).</summary>
    public IReadOnlyList<SampleUnit> Rws { get; }

    /// <summary>Gets the RTs (about 30,000).</summary>
    public IReadOnlyList<SampleUnit> Rts { get; }

    /// <summary>Returns a unit by code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The unit.</returns>
    /// <exception cref="KeyNotFoundException">The code is not in the city.</exception>
    public SampleUnit this[RegionCode code] => _byCode.TryGetValue(code, out var unit) ? unit : throw new KeyNotFoundException($"{code} is not in the sample city.");

    private SampleUnit[] AtLevel(RegionLevel level) => [.. Units.Where(u => u.Region.Level == level)];
}
