using System.Text.RegularExpressions;
using Ksbb.Allocation;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Api.Tests;

/// <summary>
/// Keeps the README's C# example compiled and true: the code between the markers below is the README's first
/// <c>csharp</c> block (checked line by line), with <c>Console</c> redirected to a writer the test reads.
/// </summary>
public partial class ReadmeExampleTests
{
    private static void Example(TextWriter Console)
    {
        // README-EXAMPLE-START
        // Two RTs of RW 5 in Gambir need food packages in November 2020; one donor delivers directly, another through
        // a food bank (an aggregator). The vocabulary is Ksbb.Model's; AllocationProblem.From is the one adapter.
        var item = ItemCode.Parse("pangan.paket-sembako");
        var november = DistributionPeriod.Parse("2020-11");
        var pledgedAt = Instant.FromUtc(2020, 11, 2, 3, 0);
        var rt3 = RegionCode.Parse("31.71.01.1001.005.003");
        var rt4 = RegionCode.Parse("31.71.01.1001.005.004");
        var places = new Dictionary<RegionCode, GeoPoint> { [rt3] = GeoPoint.Create(106.8271, -6.1754), [rt4] = GeoPoint.Create(106.8290, -6.1760) };
        var foodBank = Aggregator.Create(AggregatorId.Parse("agg-1"), "Bank Pangan Gambir", GeoPoint.Create(106.80, -6.20), capacity: 20, serviceAreas: [RegionCode.Parse("31.71")]);
        var problem = AllocationProblem.From(
            needs: [Need.Create(rt3, item, november, 40), Need.Create(rt4, item, november, 10)],
            locate: unit => places[unit],
            pledges:
            [
                Pledge.Direct(PledgeId.Parse("o-1"), CollaboratorId.Parse("c-17"), item, 30, november, pledgedAt, origin: GeoPoint.Create(106.81, -6.21)),
                Pledge.ViaAggregator(PledgeId.Parse("o-2"), CollaboratorId.Parse("c-18"), item, 25, november, pledgedAt, foodBank.Id),
            ],
            aggregators: [foodBank]);

        var engine = new AllocationEngineBuilder().Build(); // immutable and thread-safe: build once, share
        var result = engine.Allocate(problem);
        foreach (var line in result.Allocations)
        {
            Console.WriteLine($"{line.Pledge} -> {line.Unit}: {line.Quantity}");
        }

        Console.WriteLine($"allocated {result.Summary.Allocated} of {result.Summary.Need}; minimum fill rate {result.Summary.MinimumFillRate:P0}");
        var first = result.Allocations[0];
        Console.WriteLine(result.Explain(first.Pledge, first.Unit).Text); // why this line, and not a nearer or emptier unit
        // README-EXAMPLE-END
    }

    [Fact]
    public void Example_RunsAndAllocatesWhatTheStoryPromises()
    {
        using var output = new StringWriter();
        Example(output);
        var text = output.ToString();

        // 30 direct + at most 20 through the aggregator (its capacity) can reach 50 of need: all of it.
        Assert.Contains("allocated 50 of 50", text, StringComparison.Ordinal);
        Assert.Contains("minimum fill rate 100", text, StringComparison.Ordinal);
        Assert.Matches(@"o-1 -> 31\.71\.01\.1001\.005\.00[34]: \d+", text);
        Assert.Matches(@"o-2 -> 31\.71\.01\.1001\.005\.00[34]: \d+", text);
    }

    [Fact]
    public void Readme_ShowsTheExampleAsCompiledHere()
    {
        var root = FindRepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = CSharpBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```csharp block.");

        var source = File.ReadAllText(Path.Combine(root, "tests", "Ksbb.Api.Tests", "ReadmeExampleTests.cs"));
        var start = source.IndexOf("// README-EXAMPLE-START", StringComparison.Ordinal);
        var end = source.IndexOf("        // README-EXAMPLE-END", StringComparison.Ordinal);
        var compiled = Normalise(source[(source.IndexOf('\n', start) + 1)..end]);

        // The README adds only its using directives and the blank line after them.
        var shown = Normalise(string.Join('\n', block.Groups[1].Value.Split('\n').Where(l => !l.StartsWith("using ", StringComparison.Ordinal))));
        Assert.Equal(compiled, shown);
    }

    private static string Normalise(string code) =>
        string.Join('\n', code.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ksbb.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Ksbb.slnx) was not found above the test assembly.");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
