using System.Globalization;
using System.Xml.Linq;
using Ksbb.Cli.Demo;
using Ksbb.Model.Regions;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Tests;

public sealed class FillRateChartStepTests : IDisposable
{
    private readonly DirectoryInfo _out = new(Path.Combine(Path.GetTempPath(), "ksbb-chart-test-" + Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        if (_out.Exists)
        {
            _out.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ChartStep_DrawsTheAllocationAsASmallSvgWithOneBarPerKota()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        IDemoStep[] steps = [new SampleDataStep(), new AllocationStep(), new FillRateChartStep()];

        var code = await DemoRunner.RunAsync(console, SampleSeed.Default, _out, steps, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var svg = new FileInfo(Path.Combine(_out.FullName, "fill-rate-by-kota.svg"));
        Assert.True(svg.Exists);
        Assert.InRange(svg.Length, 1_000, 10_000);
        var document = XDocument.Load(svg.FullName);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var bars = document.Descendants(ns + "rect").Where(r => r.Element(ns + "title") is not null).ToArray();
        var data = SampleGenerator.Generate(SampleSeed.Default);
        Assert.Equal(data.City.Kota.Count, bars.Length);
        Assert.All(bars, bar => Assert.InRange(double.Parse(bar.Attribute("width")!.Value, CultureInfo.InvariantCulture), 0, 360));

        // The heading names the period; each bar says "Kota: allocated of need". The need is checked against the sample
        // data summed here per kota (food packages of that period), not against the step's own selection.
        var heading = document.Descendants(ns + "text").First().Value;
        var period = heading[(heading.LastIndexOf(", ", StringComparison.Ordinal) + 2)..];
        var food = data.Needs.Where(n => n.Item.Value == "pangan.paket-sembako").ToList();
        var totals = food.GroupBy(n => n.Period.ToString()).ToDictionary(g => g.Key, g => g.Sum(n => (long)n.Quantity));
        Assert.Equal(totals.Values.Max(), totals[period]); // the round runs on the period with the most food need
        foreach (var title in bars.Select(b => b.Element(ns + "title")!.Value))
        {
            var colon = title.IndexOf(':', StringComparison.Ordinal);
            var kota = Assert.Single(data.City.Kota, k => k.Name.EndsWith(title[..colon], StringComparison.Ordinal));
            var figures = title[(colon + 2)..].Split(" of ");
            var allocated = long.Parse(figures[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var need = long.Parse(figures[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            Assert.Equal(food.Where(n => n.Period.ToString() == period && n.Unit.AncestorAt(RegionLevel.Kota) == kota.Code).Sum(n => (long)n.Quantity), need);
            Assert.InRange(allocated, 1, need);
        }

        Assert.Contains("Jakarta Timur", writer.ToString(), StringComparison.Ordinal);
    }
}
