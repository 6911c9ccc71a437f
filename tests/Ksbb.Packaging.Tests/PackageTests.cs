using System.IO.Compression;
using System.Xml.Linq;

namespace Ksbb.Packaging.Tests;

/// <summary>The packed libraries hold what a NuGet consumer expects, and the samples build and run against them.</summary>
public sealed class PackageTests(PackedSamples packed) : IClassFixture<PackedSamples>
{
    [Theory]
    [MemberData(nameof(Libraries))]
    public void Package_HasReadmeDocsLicenceSymbolsAndDependencies(string library)
    {
        using var nupkg = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{library}.{packed.Version}.nupkg"));
        var names = nupkg.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("README.md", names);
        Assert.Contains($"lib/net10.0/{library}.dll", names);
        Assert.Contains($"lib/net10.0/{library}.xml", names);

        using var reader = new StreamReader(nupkg.GetEntry($"{library}.nuspec")!.Open());
        var nuspec = XDocument.Parse(reader.ReadToEnd());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(packed.Version, metadata.Element(ns + "version")!.Value);
        // The data package's embedded database is ODbL 1.0 (and MIT); its code, like every other package, is MIT.
        Assert.Equal(library == "Ksbb.Data.Jakarta" ? "MIT AND ODbL-1.0" : "MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
        Assert.NotNull(metadata.Element(ns + "repository"));
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToArray();
        // Model is the bottom; Geo, Allocation and Ledger depend on Model and never on each other; a store plugs into Ledger;
        // the data package sits on Geo (and Model); the round composes Allocation and the Ledger (which never meet
        // otherwise); the hosting package composes Geo, Allocation, the Ledger (its store providers are plug-ins: no PostgreSQL) and
        // the round for a host.
        string[] allowed = library switch
        {
            "Ksbb.Model" => [],
            "Ksbb.Ledger.PostgreSql" => ["Ksbb.Ledger"],
            "Ksbb.Data.Jakarta" => ["Ksbb.Geo", "Ksbb.Model"],
            "Ksbb.Round" => ["Ksbb.Allocation", "Ksbb.Ledger", "Ksbb.Model"],
            "Ksbb.Extensions.Hosting" => ["Ksbb.Allocation", "Ksbb.Geo", "Ksbb.Ledger", "Ksbb.Model", "Ksbb.Round"],
            _ => ["Ksbb.Model"],
        };
        Assert.Equal(allowed, dependencies.Where(d => d.StartsWith("Ksbb.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        using var readme = new StreamReader(nupkg.GetEntry("README.md")!.Open());
        Assert.StartsWith($"# {library}", readme.ReadToEnd(), StringComparison.Ordinal);

        using var snupkg = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{library}.{packed.Version}.snupkg"));
        Assert.Contains(snupkg.Entries, e => e.FullName == $"lib/net10.0/{library}.pdb");
    }

    [Fact]
    public void DataPackage_ShipsTheDataLicencesBesideTheData()
    {
        using var nupkg = ZipFile.OpenRead(Path.Combine(packed.Feed, $"Ksbb.Data.Jakarta.{packed.Version}.nupkg"));
        using var notice = new StreamReader(nupkg.GetEntry("NOTICE")!.Open());
        using var licence = new StreamReader(nupkg.GetEntry("LICENSE-DATA.md")!.Open());

        var noticeText = notice.ReadToEnd();
        var licenceText = licence.ReadToEnd();

        Assert.Contains("Open Database License", noticeText, StringComparison.Ordinal);
        Assert.Contains("MIT", noticeText, StringComparison.Ordinal);
        Assert.Contains("https://opendatacommons.org/licenses/odbl/1-0/", licenceText, StringComparison.Ordinal);
        Assert.Contains("Permission is hereby granted", licenceText, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_RestoreTheKsbbPackagesFromTheLocalFeed()
    {
        foreach (var library in PackedSamples.SampleLibraries)
        {
            // Restored into the temp NUGET_PACKAGES from the temp feed: the sample was built against the packages.
            Assert.True(File.Exists(Path.Combine(packed.Environment["NUGET_PACKAGES"], library.ToLowerInvariant(), packed.Version, $"{library.ToLowerInvariant()}.{packed.Version}.nupkg")), library);
        }

        Assert.DoesNotContain(
            Directory.GetFiles(packed.Consumer, "*.csproj", SearchOption.AllDirectories),
            p => File.ReadAllText(p).Contains("ProjectReference", StringComparison.Ordinal));
    }

    [Fact]
    public void AllocationSample_RunsAgainstThePackages()
    {
        var output = packed.RunSample("Ksbb.Samples.Allocation");
        Assert.Contains("need 400, supply 360", output, StringComparison.Ordinal);
        Assert.Contains("allocated 310, unmet need 90, undistributed 50", output, StringComparison.Ordinal);
        Assert.Contains("not allocated: o-3 x50 (aggregator-at-capacity)", output, StringComparison.Ordinal);
        Assert.Contains("why: Offer ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void LocateSample_RunsAgainstThePackages()
    {
        var output = packed.RunSample("Ksbb.Samples.Locate");
        Assert.Contains("kelurahan.geojson: 4 units;", output, StringComparison.Ordinal);
        var counts = output.Split('\n').Where(l => l.StartsWith("  31.71.01.100", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, counts.Length);
        Assert.Contains("single lookup 106.8227,-6.1754 -> 31.71.01.1002 Kebon Kelapa", output, StringComparison.Ordinal);
    }

    [Fact]
    public void LedgerRequestLoopSample_RunsAgainstThePackages()
    {
        var output = packed.RunSample("Ksbb.Samples.LedgerRequestLoop");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Refused", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Replayed", StringComparison.Ordinal));
        Assert.Contains("event chain intact: True", output, StringComparison.Ordinal);
        var retried = lines.Single(l => l.StartsWith("retried requests", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(retried[^3], retried[^1]);                     // "N of N": every retry got its first reservation
        foreach (var need in lines.Where(l => l.StartsWith("31.71.", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("remaining -", need, StringComparison.Ordinal);   // never more reserved than needed
        }
    }

    public static TheoryData<string> Libraries() => [.. PackedSamples.Libraries];
}
