using System.CommandLine;
using Ksbb.Cli;
using Ksbb.Cli.Demo;
using Ksbb.Model.Documents;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Tests;

public sealed class DemoCommandTests : IDisposable
{
    private readonly DirectoryInfo _out = new(Path.Combine(Path.GetTempPath(), "ksbb-demo-test-" + Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        if (_out.Exists)
        {
            _out.Delete(recursive: true);
        }
    }

    internal static IAnsiConsole PlainConsole(StringWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });

    [Fact]
    public async Task Demo_PrintsTheProgrammeOfficersTablesAndExitsZero()
    {
        var writer = new StringWriter();
        var console = PlainConsole(writer);
        console.Profile.Width = 160;

        var code = await DemoRunner.RunAsync(console, SampleSeed.Default, _out, cancellationToken: TestContext.Current.CancellationToken);

        var output = writer.ToString();
        Assert.Equal(0, code);
        foreach (var title in new[] { "Sample city", "Collaborators per category", "Need per kota and programme", "KSBB Pendidikan: devices collected", "Offers by channel", "Documents" })
        {
            Assert.Contains(title, output, StringComparison.Ordinal);
        }

        Assert.Contains("222 = 35 + 103 + 18 + 53 + 13", output, StringComparison.Ordinal);
        Assert.Contains("1,208", output, StringComparison.Ordinal);
        Assert.Contains("Via aggregator", output, StringComparison.Ordinal);
        Assert.Contains("Jakarta Timur", output, StringComparison.Ordinal);
        Assert.Contains("Generating the synthetic city", output, StringComparison.Ordinal); // plain progress line, no bar
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WritesReadableDocumentsWithoutPersonalData()
    {
        var code = await DemoRunner.RunAsync(PlainConsole(new StringWriter()), 7, _out, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var data = SampleGenerator.Generate(7);
        using (var needs = File.OpenRead(Path.Combine(_out.FullName, "needs.json")))
        {
            Assert.Equal(data.Needs.Count, KsbbDocuments.ReadNeeds(needs).Count);
        }

        using (var pledges = File.OpenRead(Path.Combine(_out.FullName, "offers.json")))
        {
            Assert.Equal(data.Pledges.Count, KsbbDocuments.ReadPledges(pledges).Count);
        }

        var publicJson = await File.ReadAllTextAsync(Path.Combine(_out.FullName, "collaborators-public.json"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("example.org", publicJson, StringComparison.Ordinal);
        Assert.DoesNotContain("+62", publicJson, StringComparison.Ordinal);
        Assert.Empty(_out.GetFiles("*.tmp"));
        // The six documents, the allocation result and the public export: nothing else, and nothing half-written.
        Assert.Equal(
            ["aggregators.json", "allocation-result.json", "area-lists.json", "catalog.json", "collaborators-public.json", "needs.json", "offers.json", "public-export.json"],
            _out.GetFiles("*.json").Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Demo_OutIsAFile_IsBadInput()
    {
        var file = Path.GetTempFileName();
        try
        {
            var ex = await Assert.ThrowsAsync<CliInputException>(() => DemoRunner.RunAsync(PlainConsole(new StringWriter()), 1, new DirectoryInfo(file), cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("is a file", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Demo_Help_DescribesSeedAndOut()
    {
        var root = new RootCommand { DemoCommand.Create() };
        var output = new StringWriter();
        var code = root.Parse(["demo", "--help"]).Invoke(new InvocationConfiguration { Output = output });
        var help = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("--seed", help, StringComparison.Ordinal);
        Assert.Contains("--out", help, StringComparison.Ordinal);
        Assert.Contains("ksbb demo --seed 7", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_BadSeed_ExitsWithBadInput()
    {
        var root = new RootCommand { DemoCommand.Create() };
        var code = await CommandRunner.InvokeAsync(root, ["demo", "--seed", "twelve"]);
        Assert.Equal(ExitCodes.BadInput, code);
    }

    [Fact]
    public void DemoSteps_StartWithTheSampleDataAndHaveDistinctTitles()
    {
        Assert.IsType<SampleDataStep>(DemoSteps.Default[0]);
        Assert.Equal(DemoSteps.Default.Count, DemoSteps.Default.Select(s => s.Title).Distinct().Count());
    }
}
