using System.Text;
using System.Text.Json;
using Ksbb.Ledger;
using Ksbb.Ledger.Export;
using Ksbb.Model.Catalog;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Portal;

/// <summary>
/// The public map's figures, all from the ledger's <see cref="PublicExport"/> (the figures <c>ksbb ledger public-export</c>
/// writes, small counts suppressed) and <see cref="NeedFigures"/> (the remaining formula): the portal adds only the
/// prepared geometry, the names and the generated demo household counts. A figure the export suppresses is <c>null</c>
/// here too, on the RT and on every RW that holds it.
/// </summary>
internal static class PublicMap
{
    /// <summary>The public export of one period, as <c>ksbb ledger public-export --period</c> builds it.</summary>
    public static Task<PublicExport> ExportAsync(ReservationLedger ledger, DistributionPeriod period, CancellationToken cancellationToken) =>
        PublicExport.CreateAsync(ledger, PublicExportOptions.Default with { Period = period, Catalog = ledger.Options.Catalog }, cancellationToken);

    /// <summary>One feature per unit with a need for the item (and inside the area, when given).</summary>
    public static string WriteNeeds(Query q)
    {
        var writer = new FeatureWriter();
        foreach (var need in q.Export.Needs)
        {
            if (need.Item == q.Item && (q.Area is not { } a || a.Contains(need.Unit)) && q.Map.TryGet(need.Unit, out var unit))
            {
                writer.Feature(unit, q.Round.Households.TryGetValue(need.Unit, out var h) ? h : null, [need], null);
            }
        }

        return writer.Close();
    }

    /// <summary>One feature per RW of the map (inside the area, when given), summing its RTs' published figures; a
    /// figure is <c>null</c> when any of its RTs' is suppressed, and <c>suppressedRts</c> says how many are.</summary>
    public static string WriteRwSummary(Query q)
    {
        var byRw = q.Export.Needs.Where(n => n.Item == q.Item && n.Unit.Level >= RegionLevel.Rw).ToLookup(n => n.Unit.AncestorAt(RegionLevel.Rw));
        var rollups = q.Export.RwRollups.Where(r => r.Item == q.Item).ToDictionary(r => r.Rw);
        var writer = new FeatureWriter();
        foreach (var rw in q.Map.RwLayer.Units)
        {
            if ((q.Area is { } a && !a.Contains(rw.Code)) || !q.Map.TryGet(rw.Code, out var unit))
            {
                continue;
            }

            var households = q.Round.Households.Where(p => p.Key.Level >= RegionLevel.Rw && p.Key.AncestorAt(RegionLevel.Rw) == rw.Code).Sum(p => p.Value);
            writer.Feature(unit, households, [.. byRw[rw.Code]], rollups.GetValueOrDefault(rw.Code)?.SuppressedRts ?? 0);
        }

        return writer.Close();
    }

    /// <summary>A map query: the item, the area, the map, the demo round and the period's public export.</summary>
    public sealed record Query(ItemCode Item, RegionCode? Area, MapData Map, DemoRound Round, PublicExport Export);

    /// <summary>Writes a GeoJSON FeatureCollection with prepared geometries.</summary>
    private sealed class FeatureWriter
    {
        private readonly StringBuilder _json = new("{\"type\":\"FeatureCollection\",\"features\":[");
        private bool _first = true;

        public void Feature(UnitInfo unit, int? households, IReadOnlyList<PublicNeedRecord> needs, int? suppressedRts)
        {
            _json.Append(_first ? "" : ",");
            _first = false;
            var need = needs.Sum(n => n.Need);
            var suppressed = needs.Any(n => n.Reserved is null || n.Delivered is null);
            long? reserved = suppressed ? null : needs.Sum(n => n.Reserved!.Value);
            long? delivered = suppressed ? null : needs.Sum(n => n.Delivered!.Value);
            var deliveries = suppressed ? null : needs.SelectMany(n => n.Deliveries ?? []).GroupBy(d => d.Standing, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(d => d.Count), StringComparer.Ordinal);
            var helpers = needs.SelectMany(n => n.Helpers).GroupBy(h => (h.Name, h.Category)).Select(g => new Dictionary<string, object?>
            {
                ["name"] = g.Key.Name,
                ["category"] = g.Key.Category,
                ["reserved"] = g.Any(h => h.Reserved is null) ? null : g.Sum(h => h.Reserved),
                ["delivered"] = g.Any(h => h.Delivered is null) ? null : g.Sum(h => h.Delivered),
            }).ToList();
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = unit.Code.ToString(),
                ["name"] = unit.Name,
                ["kecamatan"] = unit.Kecamatan,
                ["kelurahan"] = unit.Kelurahan,
                ["level"] = unit.Code.Level == RegionLevel.Rt ? "rt" : "rw",
                ["households"] = households,
                ["need"] = need,
                ["reserved"] = reserved,
                ["delivered"] = delivered,
                ["remaining"] = suppressed ? null : new NeedFigures(need, reserved!.Value, delivered!.Value).Remaining,
                ["householdsInNeed"] = needs.Any(n => n.HouseholdsInNeed is not null) ? needs.Sum(n => n.HouseholdsInNeed ?? 0) : null,
                ["deliveries"] = deliveries,
                ["helpers"] = helpers,
            };
            if (suppressedRts is { } count)
            {
                properties["suppressedRts"] = count;
            }

            _json.Append("{\"type\":\"Feature\",\"id\":").Append(JsonSerializer.Serialize(unit.Code.ToString()))
                .Append(",\"geometry\":").Append(unit.GeometryJson)
                .Append(",\"properties\":").Append(JsonSerializer.Serialize(properties)).Append('}');
        }

        public string Close() => _json.Append("]}").ToString();
    }
}
