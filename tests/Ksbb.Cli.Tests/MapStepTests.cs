using System.Text.Json;
using Ksbb.Cli.Demo;
using Ksbb.Model.Regions;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Tests;

public sealed class MapStepTests : IDisposable
{
    private readonly DirectoryInfo _out = new(Path.Combine(Path.GetTempPath(), "ksbb-map-test-" + Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        if (_out.Exists)
        {
            _out.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("jakarta")]
    [InlineData("synthetic")]
    public async Task MapStep_DrawsThePlanOnTheChosenCity_KeepingTheMainlandNeed(string cityName)
    {
        var city = Enum.Parse<DemoCity>(cityName, ignoreCase: true);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(new StringWriter()) });
        IDemoStep[] steps = [new SampleDataStep(), new AllocationStep(), new MapStep()];

        var code = await DemoRunner.RunAsync(console, SampleSeed.Default, _out, city, steps, TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var data = SampleGenerator.Generate(SampleSeed.Default);
        var seribu = RegionCode.Parse("31.01");
        var mainlandNeed = DemoRound.NeedsOf(data).Where(n => !seribu.Contains(n.Unit)).Sum(n => (long)n.Quantity);
        var (synthetic, units, need) = Read(Path.Combine(_out.FullName, "map-allocation.geojson"));
        var notice = new FileInfo(Path.Combine(_out.FullName, "map-data-NOTICE.txt"));
        if (city == DemoCity.Synthetic)
        {
            Assert.True(synthetic);
            Assert.Equal(mainlandNeed, need); // every generated RT lies in its own RW rectangle
            Assert.False(notice.Exists);
            return;
        }

        Assert.False(synthetic);
        Assert.Equal(Ksbb.Data.Jakarta.JakartaData.LoadRwLayer().Units.Count, units.Count);
        // The generated city tiles the whole mainland bounding box, of which the real RWs cover about two thirds (the rest
        // is sea and land outside DKI): the units whose point falls outside every real RW drop out.
        Assert.InRange(need, mainlandNeed / 2, mainlandNeed * 9 / 10);
        Assert.Contains("ODbL", await File.ReadAllTextAsync(notice.FullName, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var (rtSynthetic, rts, rtNeed) = Read(Path.Combine(_out.FullName, "map-allocation-rt-gambir.geojson"));
        Assert.True(rtSynthetic);
        Assert.All(rts, rt => Assert.StartsWith("31.71.01.1001.", rt, StringComparison.Ordinal));
        Assert.InRange(rtNeed, 1, need);
    }

    private static (bool Synthetic, List<string> Codes, long Need) Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var features = document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var need = features.Sum(p => p.GetProperty("need").ValueKind == JsonValueKind.Number ? p.GetProperty("need").GetInt64() : 0);
        return (document.RootElement.GetProperty("synthetic").GetBoolean(), features.Select(p => p.GetProperty("code").GetString()!).ToList(), need);
    }
}
