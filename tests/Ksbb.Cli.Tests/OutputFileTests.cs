using System.Runtime.InteropServices;

namespace Ksbb.Cli.Tests;

/// <summary>No command writes over one of its own inputs, whatever path names it; a folder is not an output file.</summary>
public sealed partial class OutputFileTests : IDisposable
{
    private const string Points = "lon,lat\n106.805,-6.195\n106.815,-6.195\n";
    private readonly CliRun.Folder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Boundaries()
    {
        var path = _folder.File("b.geojson");
        File.WriteAllText(path, CliRun.TwoSquares);
        return path;
    }

    private Task<int> Locate(string points, string output) =>
        CliRun.RunAsync("locate", "--boundaries", Boundaries(), "--key", "kode", "--points", points, "--out", output);

    [Fact]
    public async Task Locate_WritesTheUnitOfEachPoint()
    {
        var points = _folder.File("p.csv");
        File.WriteAllText(points, Points);
        Assert.Equal(0, await Locate(points, _folder.File("out.csv")));
        Assert.Equal("lon,lat,kode\n106.805,-6.195,w\n106.815,-6.195,e\n", File.ReadAllText(_folder.File("out.csv")));
    }

    [Theory]
    [InlineData("same")]
    [InlineData("dotted")]
    [InlineData("symlink")]
    [InlineData("folder-symlink")]
    [InlineData("hardlink")]
    [InlineData("case")]
    public async Task Locate_OutputIsTheInput_ByAnyPath_Exit2AndInputIntact(string how)
    {
        var points = _folder.File("p.csv");
        File.WriteAllText(points, Points);
        string output;
        switch (how)
        {
            case "same":
                output = points;
                break;
            case "dotted":
                Directory.CreateDirectory(_folder.File("sub"));
                output = Path.Combine(_folder.Path, "sub", "..", "p.csv");
                break;
            case "symlink":
                output = _folder.File("link.csv");
                File.CreateSymbolicLink(output, points);
                break;
            case "folder-symlink":
                Directory.CreateSymbolicLink(_folder.File("alias"), _folder.Path);
                output = Path.Combine(_folder.File("alias"), "p.csv");
                break;
            case "hardlink":
                output = _folder.File("hard.csv");
                Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "hard links are made with link(2) here");
                Assert.Equal(0, Link(points, output));
                break;
            default:
                // Where the file system tells letter case apart (Linux), P.CSV is another file: the command writes it and
                // leaves p.csv alone; where it does not, P.CSV is the input and is refused.
                output = _folder.File("P.CSV");
                if (!File.Exists(output))
                {
                    Assert.Equal(0, await Locate(points, output));
                    Assert.Equal(Points, File.ReadAllText(points));
                    Assert.Equal("lon,lat,kode\n106.805,-6.195,w\n106.815,-6.195,e\n", File.ReadAllText(output));
                    return;
                }

                break;
        }

        Assert.Equal(2, await Locate(points, output));
        Assert.Equal(Points, File.ReadAllText(points));
    }

    [Fact]
    public async Task Locate_OutputIsAnExistingFolder_Exit2()
    {
        var points = _folder.File("p.csv");
        File.WriteAllText(points, Points);
        Directory.CreateDirectory(_folder.File("out"));
        Assert.Equal(2, await Locate(points, _folder.File("out")));
        Assert.True(Directory.Exists(_folder.File("out")));
    }

    [Fact]
    public async Task LedgerExport_OverItsOwnDatabase_Exit2AndTheLedgerIntact()
    {
        var needs = _folder.File("needs.csv");
        File.WriteAllText(needs, "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n");
        var db = _folder.File("l.db");
        Assert.Equal(0, await CliRun.RunAsync("ledger", "init", "--db", db, "--needs", needs));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(db);

        Assert.Equal(2, await CliRun.RunAsync("ledger", "export", "--db", db, "--out", db));

        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.Equal(0, await CliRun.RunAsync("ledger", "export", "--db", db, "--out", _folder.File("state.json")));
    }

    [Fact]
    public async Task KeyStartingWithAt_IsAValue_NotAResponseFile()
    {
        // With response files on, "@order-1" would be read as a file of arguments and fail as a missing file.
        var points = _folder.File("p.csv");
        File.WriteAllText(points, Points);
        var boundaries = _folder.File("at.geojson");
        File.WriteAllText(boundaries, CliRun.TwoSquares.Replace("\"kode\"", "\"@order-1\"", StringComparison.Ordinal));
        Assert.Equal(0, await CliRun.RunAsync("locate", "--boundaries", boundaries, "--key", "@order-1", "--points", points, "--out", _folder.File("o.csv")));
        Assert.Equal("lon,lat,'@order-1\n106.805,-6.195,w\n106.815,-6.195,e\n", File.ReadAllText(_folder.File("o.csv")));
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}

/// <summary>Hostile boundary files through the tool: exit 2 with a placed message, and no output file.</summary>
public sealed class HostileBoundaryTests : IDisposable
{
    private readonly CliRun.Folder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("\"type\": 5", "[106.80,-6.20],[106.81,-6.20],[106.81,-6.19],[106.80,-6.20]")]
    [InlineData("\"type\": \"Polygon\"", "[700000,9300000],[701000,9300000],[701000,9301000],[700000,9300000]")]
    [InlineData("\"type\": \"Polygon\"", "[106.80,-6.20],[106.81,1e999],[106.81,-6.19],[106.80,-6.20]")]
    public async Task Locate_HostileBoundaries_Exit2_NoOutput(string type, string ring)
    {
        var boundaries = _folder.File("b.geojson");
        File.WriteAllText(boundaries, $$"""{ "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": { "kode": "a" }, "geometry": { {{type}}, "coordinates": [[{{ring}}]] } } ] }""");
        var points = _folder.File("p.csv");
        File.WriteAllText(points, "lon,lat\n106.805,-6.195\n");

        Assert.Equal(2, await CliRun.RunAsync("locate", "--boundaries", boundaries, "--key", "kode", "--points", points, "--out", _folder.File("o.csv")));
        Assert.Equal(["b.geojson", "p.csv"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
