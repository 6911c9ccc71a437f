using System.Globalization;
using System.Text;
using Ksbb.Allocation;
using Ksbb.Catalog;
using Ksbb.Regions;
using Ksbb.SampleData;
using Spectre.Console;
using AllocationAggregator = Ksbb.Allocation.Aggregator;
using AllocationOffer = Ksbb.Allocation.Offer;

namespace Ksbb.Cli.Demo;

/// <summary>
/// Fill rate per kota for food packages in November 2020 (allocated ÷ need), as a table and as a small SVG bar chart,
/// <c>fill-rate-by-kota.svg</c>, that a README or a report can show.
/// </summary>
/// <remarks>
/// Uses an <see cref="AllocationResult"/> for the item that an earlier step left in <see cref="DemoContext.Results"/>;
/// when there is none it allocates the month's offers itself (and leaves the result under <see cref="ResultKey"/> for
/// later steps).
/// </remarks>
internal sealed class FillRateChartStep : IDemoStep
{
    /// <summary>The item charted.</summary>
    public static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");

    /// <summary>The key of the allocation result in <see cref="DemoContext.Results"/>.</summary>
    public static readonly string ResultKey = $"allocation:{Item}:{SampleGenerator.November2020}";

    public string Title => "Fill rate per kota: food packages, November 2020";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var result = context.Results.Values.OfType<AllocationResult>().FirstOrDefault(r => r.Item == Item);
        if (result is null)
        {
            var problem = BuildProblem(data, Item, SampleGenerator.November2020);
            await context.RunWithProgressAsync($"Allocating {DemoContext.N(problem.Offers.Count)} offers to {DemoContext.N(problem.Units.Count)} units", progress =>
            {
                result = AllocationEngine.Default.Allocate(problem, cancellationToken);
                progress.Report(100);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            context.Results[ResultKey] = result!;
        }

        var rows = data.City.Kota.Select(kota =>
        {
            var units = result!.Problem.Units.Where(u => kota.Code.Contains(u.Code)).ToArray();
            return new KotaFill(ShortKota(kota.Name), units.Sum(u => u.Need), units.Sum(u => result.ReceivedBy(u.Code)));
        }).ToArray();

        var table = new Table().AddColumn("Kota").AddColumn(new TableColumn("Need").RightAligned()).AddColumn(new TableColumn("Allocated").RightAligned()).AddColumn(new TableColumn("Fill rate").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Name), DemoContext.N(row.Need), DemoContext.N(row.Allocated), Percent(row.Rate));
        }

        var total = new KotaFill("Jakarta", rows.Sum(r => r.Need), rows.Sum(r => r.Allocated));
        table.AddRow("[bold]Jakarta[/]", $"[bold]{DemoContext.N(total.Need)}[/]", $"[bold]{DemoContext.N(total.Allocated)}[/]", $"[bold]{Percent(total.Rate)}[/]");
        context.Console.Write(table);

        var file = context.WriteFile("fill-rate-by-kota.svg", s => WriteSvg(s, rows, total));
        context.Console.WriteLine($"  {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)} ({DemoContext.N(file.Length)} bytes): the bar chart of this table.");
    }

    /// <summary>Builds the allocation problem of one item and period from the sample data: needs per unit, direct and aggregator offers.</summary>
    /// <param name="data">The sample data.</param>
    /// <param name="item">The item.</param>
    /// <param name="period">The period.</param>
    /// <returns>The problem.</returns>
    internal static AllocationProblem BuildProblem(SampleDataSet data, ItemCode item, Time.Period period)
    {
        var units = data.Needs.Where(n => n.Item == item && n.Period == period && n.Quantity > 0)
            .Select(n => new AllocationUnit(n.Unit, n.Quantity, Position(data.City[n.Unit].Point)));
        var offers = data.Offers.Where(o => o.Item == item && o.Period == period).ToArray();
        var via = offers.Where(o => o.Aggregator is not null).Select(o => o.Aggregator!.Value).ToHashSet();
        var aggregators = data.Aggregators.Where(a => via.Contains(a.Id))
            .Select(a => new AllocationAggregator(a.Id.Value, Position(a.Depot), a.Capacity, a.ServiceAreas));
        var allocationOffers = offers.Select(o => o.Aggregator is { } aggregator
            ? AllocationOffer.Via(o.Id.Value, o.Collaborator.Value, o.Quantity, aggregator.Value)
            : AllocationOffer.Direct(o.Id.Value, o.Collaborator.Value, o.Quantity, o.Origin is { } p ? Position(p) : null, o.Areas));
        return AllocationProblem.Create(item, AllocationPolicy.Default, units, aggregators, allocationOffers);
    }

    private static GeoPosition Position(GeoPoint point) => new(point.Longitude, point.Latitude);

    private static string ShortKota(string name) =>
        name.Replace("Kota Administrasi ", string.Empty, StringComparison.Ordinal).Replace("Kabupaten Administrasi ", string.Empty, StringComparison.Ordinal);

    private static string Percent(double rate) => rate.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>Writes a self-contained horizontal bar chart (about 2 KB): one bar per kota, the city-wide rate as a line.</summary>
    private static void WriteSvg(Stream stream, IReadOnlyList<KotaFill> rows, KotaFill total)
    {
        const int left = 170, barWidth = 360, rowHeight = 30, top = 56;
        var height = top + (rows.Count * rowHeight) + 44;
        var width = left + barWidth + 90;
        var svg = new StringBuilder();
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="13">"""));
        svg.Append('\n').Append(F($"""<rect width="{width}" height="{height}" fill="#ffffff"/>"""));
        svg.Append('\n').Append("""<text x="16" y="26" font-size="16" font-weight="bold" fill="#1a1a1a">Fill rate per kota: food packages, November 2020</text>""");
        svg.Append('\n').Append(F($"""<text x="16" y="44" fill="#555555">Allocated ÷ need (synthetic demo data). Jakarta: {Percent(total.Rate)} of {total.Need:N0} packages.</text>"""));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = top + (i * rowHeight);
            var length = Math.Round(barWidth * Math.Clamp(row.Rate, 0, 1), 1);
            svg.Append('\n').Append(F($"""<text x="{left - 8}" y="{y + 19}" text-anchor="end" fill="#1a1a1a">{Escape(row.Name)}</text>"""));
            svg.Append('\n').Append(F($"""<rect x="{left}" y="{y + 6}" width="{barWidth}" height="18" fill="#eeeeee"/>"""));
            svg.Append('\n').Append(F($"""<rect x="{left}" y="{y + 6}" width="{length}" height="18" fill="{Colour(row.Rate)}"><title>{Escape(row.Name)}: {row.Allocated:N0} of {row.Need:N0}</title></rect>"""));
            svg.Append('\n').Append(F($"""<text x="{left + barWidth + 8}" y="{y + 19}" fill="#1a1a1a">{Percent(row.Rate)}</text>"""));
        }

        var axisY = top + (rows.Count * rowHeight) + 4;
        var mean = left + Math.Round(barWidth * Math.Clamp(total.Rate, 0, 1), 1);
        svg.Append('\n').Append(F($"""<line x1="{mean}" y1="{top}" x2="{mean}" y2="{axisY}" stroke="#1a1a1a" stroke-dasharray="4 3"/>"""));
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            var x = left + (barWidth * tick / 100);
            svg.Append('\n').Append(F($"""<text x="{x}" y="{axisY + 18}" text-anchor="middle" fill="#555555">{tick}%</text>"""));
        }

        svg.Append('\n').Append("</svg>\n");
        stream.Write(Encoding.UTF8.GetBytes(svg.ToString()));
    }

    // The need map's scale: red (little filled) through amber to green (filled).
    private static string Colour(double rate) => rate switch
    {
        < 0.25 => "#d7301f",
        < 0.5 => "#fc8d59",
        < 0.75 => "#fdcc8a",
        < 0.95 => "#78c679",
        _ => "#238443",
    };

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private sealed record KotaFill(string Name, long Need, long Allocated)
    {
        public double Rate => Need == 0 ? 0 : (double)Allocated / Need;
    }
}
