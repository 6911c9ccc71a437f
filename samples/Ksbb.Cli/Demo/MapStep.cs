using Ksbb.Allocation;
using Ksbb.Geo;
using Ksbb.Ledger;
using Ksbb.Model.Regions;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// The public need maps of the round, per RW: the allocation plan's coverage of the whole city and what the ledger
/// holds for Jakarta Pusat, each as a choropleth GeoJSON and an SVG (no personal data).
/// </summary>
internal sealed class MapStep : IDemoStep
{
    private static readonly RegionCode Seribu = RegionCode.Parse("31.01");

    public string Title => "Public need maps";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        // Mainland only, as on the city's own RW maps: the islands of Kepulauan Seribu would dwarf the mainland.
        var layer = BoundaryLayer.Create(
            "Synthetic RWs of the sample city (mainland)",
            data.City.Rws.Where(rw => !Seribu.Contains(rw.Code)).Select(rw => BoundaryFeature.FromRectangle(rw.Code.ToString(), rw.Code, rw.Name, rw.Bounds.West, rw.Bounds.South, rw.Bounds.East, rw.Bounds.North)),
            isSynthetic: true);
        var need = DemoRound.NeedsOf(data).Where(n => !Seribu.Contains(n.Unit)).GroupBy(n => n.Unit.AncestorAt(RegionLevel.Rw)).ToDictionary(g => g.Key, g => g.Sum(n => (long)n.Quantity));

        if (context.Results.TryGetValue(AllocationStep.ResultKey, out var value) && value is AllocationResult plan)
        {
            var allocated = plan.Allocations.GroupBy(l => l.Unit.AncestorAt(RegionLevel.Rw)).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
            // The plan's allocated quantities play the part of "reserved" on this map.
            var values = need.ToDictionary(p => p.Key.ToString(), p => new UnitNeed(p.Value, Math.Min(p.Value, allocated.GetValueOrDefault(p.Key)), 0), StringComparer.Ordinal);
            Write(context, layer, values, "map-allocation", "Food packages: allocation plan coverage per RW (allocated / need)");
        }

        if (context.Results.TryGetValue(ReservationStep.NeedsKey, out var states) && states is IReadOnlyList<NeedState> ledger)
        {
            var values = ledger.GroupBy(s => s.Key.Unit.AncestorAt(RegionLevel.Rw))
                .ToDictionary(g => g.Key.ToString(), g => new UnitNeed(g.Sum(s => s.Need), g.Sum(s => s.Reserved), g.Sum(s => s.Delivered)), StringComparer.Ordinal);
            Write(context, layer, values, "map-ledger-jakarta-pusat", "Food packages reserved and delivered per RW, Jakarta Pusat");
        }

        return Task.CompletedTask;
    }

    private static void Write(DemoContext context, BoundaryLayer layer, Dictionary<string, UnitNeed> values, string name, string title)
    {
        var geojson = context.WriteFile(name + ".geojson", stream => NeedMap.WriteGeoJson(layer, values, stream));
        var svg = context.WriteFile(name + ".svg", stream => NeedMap.WriteSvg(layer, values, stream, new NeedMapOptions { Title = title }));
        var covered = values.Values.Count(v => v.FillRate >= 1);
        context.Console.MarkupLine($"{Markup.Escape(title)}: {values.Count} RWs with need, {covered} fully covered. Wrote [bold]{Markup.Escape(svg.Name)}[/] and [bold]{Markup.Escape(geojson.Name)}[/].");
    }
}
