using System.Globalization;
using System.Xml.Linq;
using Ksbb.Cli.Demo;
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

        // Each bar says "Kota: allocated of need": never more than the need, and the needs add up to the problem's.
        long needs = 0;
        foreach (var title in bars.Select(b => b.Element(ns + "title")!.Value))
        {
            var figures = title[(title.IndexOf(':', StringComparison.Ordinal) + 2)..].Split(" of ");
            var allocated = long.Parse(figures[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var need = long.Parse(figures[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            Assert.InRange(allocated, 1, need);
            needs += need;
        }

        Assert.Equal(DemoRound.NeedsOf(data).Sum(n => (long)n.Quantity), needs);
        Assert.Contains("Jakarta Timur", writer.ToString(), StringComparison.Ordinal);
    }
}
