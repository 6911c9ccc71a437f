using System.Globalization;
using System.Text;
using Ksbb.Data.Jakarta;
using Ksbb.Geo;
using Ksbb.Model.Distribution;
using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace Ksbb.Portal;

/// <summary>The boundaries the portal draws: the real RW layer of Jakarta and synthetic RTs inside the real RWs of the
/// demo area, with each unit's GeoJSON geometry prepared once (simplified, 6 decimals) and its kecamatan, kelurahan and RW names.</summary>
internal sealed class MapData
{
    private readonly Dictionary<RegionCode, UnitInfo> _units = [];
    private readonly Lazy<BoundaryIndex> _rtIndex;
    private readonly Lazy<BoundaryIndex> _rwIndex;

    public MapData(RegionCode area, int seed)
    {
        Area = area;
        RwLayer = JakartaData.LoadRwLayer();
        RtLayer = JakartaData.CreateRtLayer(area, seed);
        foreach (var rw in RwLayer.Units)
        {
            _units[rw.Code] = Describe(rw, 0.00002);
        }

        foreach (var rt in RtLayer.Units)
        {
            _units[rt.Code] = Describe(rt, 0.000005);
        }

        _rtIndex = new Lazy<BoundaryIndex>(() => BoundaryIndex.Create(RtLayer));
        _rwIndex = new Lazy<BoundaryIndex>(() => BoundaryIndex.Create(RwLayer));
    }

    public RegionCode Area { get; }

    public BoundaryLayer RwLayer { get; }

    public BoundaryLayer RtLayer { get; }

    public bool TryGet(RegionCode code, out UnitInfo info) => _units.TryGetValue(code, out info!);

    /// <summary>
    /// Locates a delivery's point against the claimed unit with Ksbb.Geo: in the RT layer when it holds the claimed
    /// unit, else in the RW layer (the distance then is to the claimed unit's RW). The ledger stores the values.
    /// </summary>
    /// <returns>The geotag, or <see langword="null"/> when neither layer holds the claimed unit nor an area holding it.</returns>
    public DeliveryGeotag? Locate(GeoPoint point, RegionCode claimed)
    {
        var (found, index) = RtLayer.TryGetUnitOrAncestor(claimed, out var unit) ? (true, _rtIndex)
            : RwLayer.TryGetUnitOrAncestor(claimed, out unit) ? (true, _rwIndex)
            : (false, _rwIndex);
        if (!found)
        {
            return null;
        }

        RegionCode? located = index.Value.TryLocate(point.Longitude, point.Latitude, out var at) && !at.Code.IsDefault ? at.Code : null;
        return DeliveryGeotag.Create(point, located, unit!.DistanceMetres(point.Longitude, point.Latitude));
    }

    private static UnitInfo Describe(BoundaryUnit unit, double tolerance)
    {
        var attributes = unit.Attributes;
        string Name(RegionLevel at, string attribute)
        {
            var code = unit.Code.AncestorAt(at);
            return JakartaData.Regions.TryGet(code, out var region) && region is not null ? region.Name : attributes.GetValueOrDefault(attribute) ?? string.Empty;
        }

        var geometry = TopologyPreservingSimplifier.Simplify(unit.Geometry, tolerance);
        return new UnitInfo(
            unit.Code,
            unit.Name,
            Name(RegionLevel.Kecamatan, "KEC_NAME"),
            Name(RegionLevel.Kelurahan, "KEL_NAME"),
            WriteGeometry(geometry.IsEmpty ? unit.Geometry : geometry),
            unit.RepresentativePoint);
    }

    /// <summary>Writes a polygon or multipolygon as GeoJSON, coordinates rounded to 6 decimals (about 11 cm).</summary>
    private static string WriteGeometry(Geometry geometry)
    {
        var sb = new StringBuilder();
        var polygons = Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>().ToList();
        sb.Append(polygons.Count == 1 ? "{\"type\":\"Polygon\",\"coordinates\":" : "{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (var p = 0; p < polygons.Count; p++)
        {
            if (p > 0)
            {
                sb.Append(',');
            }

            sb.Append('[');
            var rings = new List<LineString> { polygons[p].ExteriorRing };
            rings.AddRange(polygons[p].InteriorRings);
            for (var r = 0; r < rings.Count; r++)
            {
                sb.Append(r > 0 ? ",[" : "[");
                var coordinates = rings[r].Coordinates;
                for (var c = 0; c < coordinates.Length; c++)
                {
                    sb.Append(c > 0 ? ",[" : "[")
                        .Append(Math.Round(coordinates[c].X, 6).ToString("R", CultureInfo.InvariantCulture)).Append(',')
                        .Append(Math.Round(coordinates[c].Y, 6).ToString("R", CultureInfo.InvariantCulture)).Append(']');
                }

                sb.Append(']');
            }

            sb.Append(']');
        }

        sb.Append(polygons.Count == 1 ? "}" : "]}");
        return sb.ToString();
    }
}

/// <summary>One drawable unit: its code, names and prepared GeoJSON geometry.</summary>
internal sealed record UnitInfo(RegionCode Code, string Name, string Kecamatan, string Kelurahan, string GeometryJson, GeoPoint Centre);
