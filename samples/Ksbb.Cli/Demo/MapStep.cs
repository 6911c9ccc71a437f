using Ksbb.Model.Needs;
using Ksbb.Allocation;
using Ksbb.Data.Jakarta;
using Ksbb.Geo;
using Ksbb.Ledger;
using Ksbb.Model.Regions;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// The public need maps of the round, per RW: the allocation plan's coverage of the whole city and what the ledger
/// holds for Jakarta Pusat, each as a choropleth GeoJSON and an SVG (no personal data). On real Jakarta (the default)
/// the maps use the real 2012 RW boundaries, and a drill-down map shows the plan per RT of one kelurahan on
/// synthetic RTs inside its real RWs.
/// </summary>
/// <remarks>
/// The round itself is built on the generated city, whose units do not exist in real Jakarta: on the real map each
/// generated unit's figures go to the real unit that holds its representative point (units offshore are left out).
/// </remarks>
internal sealed class MapStep : IDemoStep
{
    private static readonly RegionCode Seribu = RegionCode.Parse("31.01");
    private static readonly RegionCode Gambir = RegionCode.Parse("31.71.01.1001");

    public string Title => "Public need maps";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var rws = context.City == DemoCity.Jakarta ? MapBase.RealRws(data.City) : MapBase.GeneratedRws(data.City);
        var plan = context.Results.TryGetValue(AllocationStep.ResultKey, out var value) ? value as AllocationResult : null;
        if (plan is not null)
        {
            // The plan's allocated quantities play the part of "reserved" on this map.
            Write(context, rws, PlanValues(rws, data, plan), "map-allocation", "Food packages: plan coverage per RW (allocated / need)");
        }

        if (context.Results.TryGetValue(ReservationStep.NeedsKey, out var states) && states is IReadOnlyList<NeedState> ledger)
        {
            var values = ledger.Select(s => (Key: rws.KeyOf(s.Key.Unit), State: s)).Where(p => p.Key is not null)
                .GroupBy(p => p.Key!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new NeedFigures(g.Sum(p => p.State.Need), g.Sum(p => p.State.Reserved), g.Sum(p => p.State.Delivered)), StringComparer.Ordinal);
            Write(context, rws, values, "map-ledger-jakarta-pusat", "Food packages reserved and delivered per RW, Jakarta Pusat");
        }

        if (context.City == DemoCity.Jakarta)
        {
            if (plan is not null)
            {
                var rts = MapBase.RealSyntheticRts(data.City, Gambir);
                Write(context, rts, PlanValues(rts, data, plan), "map-allocation-rt-gambir", "Food packages: plan coverage per RT of Gambir (synthetic RTs)");
            }

            var notice = context.WriteFile("map-data-NOTICE.txt", stream =>
            {
                using var writer = new StreamWriter(stream);
                writer.Write(JakartaData.Attribution);
            });
            context.Console.MarkupLine($"Boundaries: RW layer 2012 (kartoza/jakarta-flood-maps, ODbL 1.0); sources and licences in [bold]{Markup.Escape(notice.Name)}[/].");
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, NeedFigures> PlanValues(MapBase map, SampleDataSet data, AllocationResult plan)
    {
        var need = Sum(map, DemoRound.NeedsOf(data).Select(n => (n.Unit, (long)n.Quantity)));
        var allocated = Sum(map, plan.Allocations.Select(l => (l.Unit, (long)l.Quantity)));
        return need.ToDictionary(p => p.Key, p => new NeedFigures(p.Value, Math.Min(p.Value, allocated.GetValueOrDefault(p.Key)), 0), StringComparer.Ordinal);
    }

    private static Dictionary<string, long> Sum(MapBase map, IEnumerable<(RegionCode Unit, long Quantity)> figures) =>
        figures.Select(f => (Key: map.KeyOf(f.Unit), f.Quantity)).Where(f => f.Key is not null)
            .GroupBy(f => f.Key!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(f => f.Quantity), StringComparer.Ordinal);

    private static void Write(DemoContext context, MapBase map, Dictionary<string, NeedFigures> values, string name, string title)
    {
        var layer = map.Layer;
        // Real boundaries carry their source and licence on the map itself, as the ODbL asks of a public use.
        title += context.City == DemoCity.Jakarta ? " · RWs: kartoza/jakarta-flood-maps, ODbL" : string.Empty;
        var geojson = context.WriteFile(name + ".geojson", stream => NeedMap.WriteGeoJson(layer, values, stream));
        var svg = context.WriteFile(name + ".svg", stream => NeedMap.WriteSvg(layer, values, stream, new NeedMapOptions { Title = title }));
        var covered = values.Values.Count(v => v.FillRate >= 1);
        context.Console.MarkupLine($"{Markup.Escape(title)}: {values.Count} units with need, {covered} fully covered. Wrote [bold]{Markup.Escape(svg.Name)}[/] and [bold]{Markup.Escape(geojson.Name)}[/].");
    }

    /// <summary>The layer a map is drawn on and how a generated-city unit's figures find their unit on it.</summary>
    private sealed class MapBase(BoundaryLayer layer, Func<RegionCode, string?> keyOf)
    {
        public BoundaryLayer Layer { get; } = layer;

        /// <summary>The key of the map unit that takes a generated unit's figures, or <see langword="null"/> when none does.</summary>
        public string? KeyOf(RegionCode unit) => keyOf(unit);

        /// <summary>The generated city's RW rectangles, mainland only, as on the city's own RW maps: the islands of Kepulauan Seribu would dwarf the mainland.</summary>
        public static MapBase GeneratedRws(SampleCity city) => new(
            BoundaryLayer.Create(
                "Synthetic RWs of the sample city (mainland)",
                city.Rws.Where(rw => !Seribu.Contains(rw.Code)).Select(rw => BoundaryFeature.FromRectangle(rw.Code.ToString(), rw.Code, rw.Name, rw.Bounds.West, rw.Bounds.South, rw.Bounds.East, rw.Bounds.North)),
                isSynthetic: true),
            unit => Seribu.Contains(unit) ? null : unit.AncestorAt(RegionLevel.Rw).ToString());

        /// <summary>The real 2012 RWs of mainland Jakarta; a generated unit goes to the real RW holding its representative point.</summary>
        public static MapBase RealRws(SampleCity city) => ByLocation(JakartaData.LoadRwLayer(), city);

        /// <summary>Synthetic RTs inside the real RWs of one area; a generated unit goes to the RT holding its representative point.</summary>
        public static MapBase RealSyntheticRts(SampleCity city, RegionCode area) => ByLocation(JakartaData.CreateRtLayer(area), city);

        private static MapBase ByLocation(BoundaryLayer layer, SampleCity city)
        {
            var index = BoundaryIndex.Create(layer);
            return new MapBase(layer, unit =>
            {
                var point = city[unit].Point;
                var found = index.LocateIndex(point.Longitude, point.Latitude);
                return found < 0 ? null : layer.Units[found].Key;
            });
        }
    }
}
