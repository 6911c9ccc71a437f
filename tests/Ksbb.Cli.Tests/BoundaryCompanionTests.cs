using System.CommandLine;
using Ksbb.Geo;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Esri;

namespace Ksbb.Cli.Tests;

/// <summary>
/// Every command taking <c>--boundaries</c>, given a shapefile whose <c>.shx</c> or <c>.dbf</c> is missing: exit 2
/// naming the missing companion (not "the .shp does not exist"), and nothing written or recorded.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class BoundaryCompanionTests : IDisposable
{
    private const string Item = "pangan.paket-sembako";
    private const string Period = "2020-11";

    private readonly CliRun.Folder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The commands that read a boundary layer, by their path in the tool's tree.</summary>
    public static readonly string[] BoundaryCommands = ["locate", "map", "ledger allocate", "ledger deliver"];

    public static TheoryData<string, string> CommandsAndMissingCompanions()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in BoundaryCommands)
        {
            data.Add(command, ".dbf");
            data.Add(command, ".shx");
            data.Add(command, ".shx .dbf");
        }

        return data;
    }

    // A 2 × 1 shapefile of two RWs: west 31.71.01.1001.005 (106.80–106.81), east 31.71.01.1001.006 (106.81–106.82).
    private string TwoRwsShapefile()
    {
        var path = _folder.File("rw.shp");
        Shapefile.WriteAllFeatures(
            new[] { (Kode: "31.71.01.1001.005", West: 106.80), (Kode: "31.71.01.1001.006", West: 106.81) }.Select(rw =>
                new Feature(BoundaryFeature.FromRectangle(rw.Kode, default, rw.Kode, rw.West, -6.20, rw.West + 0.01, -6.19).Geometry, new AttributesTable { { "kode", rw.Kode } })),
            path);
        return path;
    }

    // The arguments of the command on these boundaries, after whatever it needs (a ledger with a reservation).
    private async Task<string[]> ArgumentsAsync(string command, string boundaries)
    {
        switch (command)
        {
            case "locate":
                File.WriteAllText(_folder.File("points.csv"), "lon,lat\n106.805,-6.195\n");
                return ["locate", "--boundaries", boundaries, "--key", "kode", "--points", _folder.File("points.csv"), "--out", _folder.File("located.csv")];
            case "map":
                File.WriteAllText(_folder.File("figures.csv"), "code,need,reserved,delivered\n31.71.01.1001.005,10,1,2\n");
                return ["map", "--boundaries", boundaries, "--key", "kode", "--values", _folder.File("figures.csv"), "--svg", _folder.File("map.svg")];
            case "ledger allocate":
                return ["ledger", "allocate", "--db", await LedgerAsync(), "--item", Item, "--period", Period, "--boundaries", boundaries, "--key", "kode", "--out", _folder.File("plan.json")];
            case "ledger deliver":
                var db = await LedgerAsync();
                return ["ledger", "deliver", "--db", db, "--id", await ReserveAsync(db), "--actor", "c-17", "--at", "106.805,-6.195", "--boundaries", boundaries, "--code-property", "kode"];
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, "not a command taking --boundaries");
        }
    }

    private async Task<string> LedgerAsync()
    {
        var db = _folder.File("ledger.db");
        File.WriteAllText(_folder.File("needs.csv"), $"unit,item,period,need\n31.71.01.1001.005.003,{Item},{Period},10\n");
        File.WriteAllText(_folder.File("collaborators.csv"), "id,name,category,status\nc-17,Donor,perorangan,active\n");
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, "ledger", "init", "--db", db, "--needs", _folder.File("needs.csv"), "--collaborators", _folder.File("collaborators.csv"))).ExitCode);
        return db;
    }

    private static async Task<string> ReserveAsync(string db)
    {
        var reserved = await CapturedCliRun.RunAsync(null, "ledger", "reserve", "--db", db, "--collaborator", "c-17", "--unit", "31.71.01.1001.005.003", "--item", Item, "--period", Period, "--quantity", "4", "--key", "order-1");
        Assert.Equal(0, reserved.ExitCode);
        return reserved.Out.Trim();
    }

    // The folder's files but the ledger's own (SQLite may add or drop its journal files while the ledger is open).
    private List<string> FilesBesideTheLedger() =>
        [.. Directory.GetFiles(_folder.Path).Select(Path.GetFileName).OfType<string>().Where(f => !f.StartsWith("ledger.db", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public void BoundaryCommands_AreEveryCommandOfTheTreeTakingBoundaries()
    {
        var found = new List<string>();
        Walk(CommandCatalog.CreateRoot(), []);
        Assert.Equal(BoundaryCommands.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));

        void Walk(Command command, IReadOnlyList<string> path)
        {
            if (command.Options.Any(o => o.Name == "--boundaries"))
            {
                found.Add(string.Join(' ', path));
            }

            foreach (var subcommand in command.Subcommands)
            {
                Walk(subcommand, [.. path, subcommand.Name]);
            }
        }
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("ledger deliver")]
    public async Task CompleteShapefile_IsRead(string command)
    {
        var args = await ArgumentsAsync(command, TwoRwsShapefile());

        var (code, output, error) = await CapturedCliRun.RunAsync(null, args);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, code);
        if (command == "locate")
        {
            Assert.Equal("lon,lat,kode\n106.805,-6.195,31.71.01.1001.005\n", File.ReadAllText(_folder.File("located.csv")));
        }
        else
        {
            Assert.Contains("delivered", output, StringComparison.Ordinal);
            Assert.Contains("proof:", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CommandsAndMissingCompanions))]
    public async Task ShapefileCompanionMissing_Exit2_NamingIt_NothingWrittenOrRecorded(string command, string missing)
    {
        var shp = TwoRwsShapefile();
        var companions = missing.Split(' ').Select(extension => Path.ChangeExtension(shp, extension)).ToList();
        companions.ForEach(File.Delete);
        var args = await ArgumentsAsync(command, shp);
        var before = FilesBesideTheLedger();

        var (code, _, error) = await CapturedCliRun.RunAsync(null, args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {shp}: its ", error, StringComparison.Ordinal);
        Assert.All(companions, companion => Assert.Contains($"'{companion}'", error, StringComparison.Ordinal));
        Assert.Contains("not exist", error, StringComparison.Ordinal);
        Assert.DoesNotContain($"'{shp}' does not exist", error, StringComparison.Ordinal);
        Assert.Equal(before, FilesBesideTheLedger());
        if (command == "ledger deliver")
        {
            // Still reserved: releasing it is allowed (a delivered reservation could not be released).
            var id = args[Array.IndexOf(args, "--id") + 1];
            var released = await CapturedCliRun.RunAsync(null, "ledger", "release", "--db", args[Array.IndexOf(args, "--db") + 1], "--id", id, "--actor", "c-17");
            Assert.Equal((0, $"{id} released"), (released.ExitCode, released.Out.Trim()));
        }
    }
}
