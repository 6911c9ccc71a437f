using FsCheck;
using FsCheck.Fluent;
using Ksbb.Tests;

namespace Ksbb.Cli.Tests;

/// <summary>
/// The tool on mutated input files: exit 0 with the output written, or exit 2 with no output file and no temporary
/// file left — never exit 1 (an unexpected failure) and never half an output.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private readonly CliRun.Folder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(60);

    private bool OkOrBadInputWithoutOutput(int code, string output, params string[] inputs)
    {
        var left = Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Except(inputs.Select(Path.GetFileName)).ToList();
        var ok = code switch
        {
            0 => left.SequenceEqual([Path.GetFileName(output)]),
            2 => left.Count == 0,
            _ => false,
        };
        foreach (var file in left)
        {
            File.Delete(_folder.File(file!));
        }

        return ok;
    }

    [Fact]
    public void Locate_MutatedPointsAndBoundaries_Exit0Or2_NeverHalfAFile()
    {
        var points = _folder.File("p.csv");
        var boundaries = _folder.File("b.geojson");
        var output = _folder.File("o.csv");
        var input = Gen.Elements(true, false).SelectMany(_ => Mutations.Of("lon,lat\n106.805,-6.195\n\"106.815\",-6.195\n"), (pointsSide, bytes) => (pointsSide, bytes));
        Check.One(Runs, Prop.ForAll(input.ToArbitrary(), m =>
        {
            File.WriteAllText(points, "lon,lat\n106.805,-6.195\n\"106.815\",-6.195\n");
            File.WriteAllText(boundaries, CliRun.TwoSquares);
            if (m.pointsSide)
            {
                File.WriteAllBytes(points, m.bytes);
            }

            var code = CliRun.RunAsync("locate", "--boundaries", boundaries, "--key", "kode", "--points", points, "--out", output).GetAwaiter().GetResult();
            return OkOrBadInputWithoutOutput(code, output, points, boundaries);
        }));
        Check.One(Runs, Prop.ForAll(Mutations.Of(CliRun.TwoSquares).ToArbitrary(), bytes =>
        {
            File.WriteAllText(points, "lon,lat\n106.805,-6.195\n");
            File.WriteAllBytes(boundaries, bytes);
            var code = CliRun.RunAsync("locate", "--boundaries", boundaries, "--key", "kode", "--points", points, "--out", output).GetAwaiter().GetResult();
            return OkOrBadInputWithoutOutput(code, output, points, boundaries);
        }));
    }

    [Fact]
    public void Map_MutatedValues_Exit0Or2_NeverHalfAFile()
    {
        var boundaries = _folder.File("b.geojson");
        var values = _folder.File("v.csv");
        var output = _folder.File("m.svg");
        File.WriteAllText(boundaries, CliRun.TwoSquares);
        Check.One(Runs, Prop.ForAll(Mutations.Of("code,need,reserved,delivered\nw,10,1,2\n\"e\",5,0,0\n").ToArbitrary(), bytes =>
        {
            File.WriteAllBytes(values, bytes);
            var code = CliRun.RunAsync("map", "--boundaries", boundaries, "--key", "kode", "--values", values, "--svg", output).GetAwaiter().GetResult();
            return OkOrBadInputWithoutOutput(code, output, boundaries, values);
        }));
    }

    [Fact]
    public void Allocate_MutatedProblem_Exit0Or2_NeverHalfAFile()
    {
        const string Problem = """
            { "schema": "ksbb.allocation-problem/1", "item": "pangan.paket-sembako",
              "units": [ { "code": "31.71.01.1001.002.003", "need": 42, "location": [106.8271, -6.1754] } ],
              "aggregators": [],
              "offers": [ { "id": "o-1", "collaborator": "c-17", "quantity": 30, "origin": [106.81, -6.21] } ] }
            """;
        var problem = _folder.File("problem.json");
        var output = _folder.File("result.json");
        Check.One(Runs, Prop.ForAll(Mutations.Of(Problem).ToArbitrary(), bytes =>
        {
            File.WriteAllBytes(problem, bytes);
            var code = CliRun.RunAsync("allocate", "--problem", problem, "--out", output).GetAwaiter().GetResult();
            return OkOrBadInputWithoutOutput(code, output, problem);
        }));
    }

    [Fact]
    public void LedgerInit_MutatedNeeds_Exit0Or2_NoLedgerOnBadInput()
    {
        var needs = _folder.File("needs.csv");
        var db = _folder.File("l.db");
        Check.One(Runs, Prop.ForAll(Mutations.Of("unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n\"31.71.01.1001.005.004\",pangan.beras,2020-05,3\n").ToArbitrary(), bytes =>
        {
            File.WriteAllBytes(needs, bytes);
            var code = CliRun.RunAsync("ledger", "init", "--db", db, "--needs", needs).GetAwaiter().GetResult();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var ok = code switch { 0 => File.Exists(db), 2 => !File.Exists(db), _ => false };
            foreach (var file in Directory.GetFiles(_folder.Path, "l.db*"))
            {
                File.Delete(file);
            }

            return ok;
        }));
    }
}
