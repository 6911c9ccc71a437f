using System.Globalization;
using System.Text;
using Ksbb.Allocation;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// The allocation round's fill rate per kota (allocated ÷ need) as a small SVG bar chart, <c>fill-rate-by-kota.svg</c>,
/// that a README or a report can show.
/// </summary>
/// <remarks>Draws the <see cref="AllocationResult"/> that <see cref="AllocationStep"/> left in <see cref="DemoContext.Results"/>.</remarks>
internal sealed class FillRateChartStep : IDemoStep
{
    public string Title => "Fill rate per kota (chart)";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (!context.Results.TryGetValue(AllocationStep.ResultKey, out var value) || value is not AllocationResult result)
        {
            context.Console.WriteLine("No allocation result to draw: the allocation step did not run.");
            return Task.CompletedTask;
        }

        var rows = context.Data.City.Kota.Select(kota =>
        {
            var needs = DemoRound.NeedsOf(context.Data).Where(n => kota.Code.Contains(n.Unit)).ToArray();
            return new KotaFill(ShortKota(kota.Name), needs.Sum(n => (long)n.Quantity), needs.Sum(n => result.ReceivedBy(n.Unit)));
        }).ToArray();
        var total = new KotaFill("Jakarta", rows.Sum(r => r.Need), rows.Sum(r => r.Allocated));
        var title = $"Fill rate per kota: food packages, {DemoRound.PeriodOf(context.Data)}";
        var file = context.WriteFile("fill-rate-by-kota.svg", s => WriteSvg(s, title, rows, total));
        context.Console.WriteLine(
            $"  {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)} ({DemoContext.N(file.Length)} bytes): {title}; " +
            $"Jakarta {Percent(total.Rate)}, from {Percent(rows.Min(r => r.Rate))} to {Percent(rows.Max(r => r.Rate))} across the kota.");
        return Task.CompletedTask;
    }

    private static string ShortKota(string name) =>
        name.Replace("Kota Administrasi ", string.Empty, StringComparison.Ordinal).Replace("Kabupaten Administrasi ", string.Empty, StringComparison.Ordinal);

    private static string Percent(double rate) => rate.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>Writes a self-contained horizontal bar chart (about 2 KB): one bar per kota, the city-wide rate as a line.</summary>
    private static void WriteSvg(Stream stream, string title, IReadOnlyList<KotaFill> rows, KotaFill total)
    {
        const int left = 170, barWidth = 360, rowHeight = 30, top = 56;
        var height = top + (rows.Count * rowHeight) + 44;
        var width = left + barWidth + 90;
        var svg = new StringBuilder();
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        svg.Append(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="13">"""));
        svg.Append('\n').Append(F($"""<rect width="{width}" height="{height}" fill="#ffffff"/>"""));
        svg.Append('\n').Append(F($"""<text x="16" y="26" font-size="16" font-weight="bold" fill="#1a1a1a">{Escape(title)}</text>"""));
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
