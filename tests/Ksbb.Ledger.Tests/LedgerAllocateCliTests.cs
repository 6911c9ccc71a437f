using Ksbb.Tests;
using System.Text.Json;

namespace Ksbb.Ledger.Tests;

/// <summary>The <c>ksbb ledger allocate</c> command-line contract: dry run, plan file, commit, idempotency and exit codes.</summary>
public sealed class LedgerAllocateCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> InitAsync()
    {
        var needs = _folder.File("needs.csv");
        await File.WriteAllTextAsync(needs, "unit,item,period,need\n31.71.01.1001.002.003,pangan.paket-sembako,2020-11,40\n31.71.01.1001.002.004,pangan.paket-sembako,2020-11,10\n");
        var db = _folder.File("ledger.db");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", needs, "--collaborators", await Collaborators("active")])).ExitCode);
        var partners = _folder.File("aggregators.csv");
        await File.WriteAllTextAsync(partners, "id,name,capacity,depot_lon,depot_lat,areas\nmitra-1,Mitra Satu,100,106.82,-6.17,31.71\n");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "aggregators", "--db", db, "--csv", partners])).ExitCode);
        return db;
    }

    private async Task<string> Collaborators(string status)
    {
        var people = _folder.File($"collaborators-{status}.csv");
        await File.WriteAllTextAsync(people, $"id,name,category,status\nc-1,PT Andalan,lembaga-usaha,{status}\nc-2,Budi,perorangan,active\n");
        return people;
    }

    private static async Task Ok(params string[] args) => Assert.Equal(0, (await KsbbCli.RunAsync(args)).ExitCode);

    private static Task<(int ExitCode, string Out, string Error)> Allocate(string db, params string[] more) =>
        KsbbCli.RunAsync(["ledger", "allocate", "--db", db, "--item", "pangan.paket-sembako", "--period", "2020-11", .. more]);

    [Fact]
    public async Task Allocate_DryRunWritesThePlan_CommitReservesIt_AndAgainReservesNothing()
    {
        var db = await InitAsync();
        await Ok("ledger", "pledge", "--db", db, "--collaborator", "c-1", "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "25", "--key", "pooled", "--via", "mitra-1");
        await Ok("ledger", "pledge", "--db", db, "--collaborator", "c-2", "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "30", "--key", "direct");
        await Ok("ledger", "reserve", "--db", db, "--collaborator", "c-2", "--unit", "31.71.01.1001.002.003", "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "30", "--key", "own");

        var plan = _folder.File("plan.json");
        var dry = await Allocate(db, "--out", plan);
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("remaining need 20, pooled supply 25; plan 20 in 2 lines", dry.Out, StringComparison.Ordinal);
        Assert.Contains("dry run: nothing reserved", dry.Out, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(plan)))
        {
            Assert.Equal("ksbb.pooled-plan/1", document.RootElement.GetProperty("schema").GetString());
            Assert.Equal([10L, 10L], document.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("quantity").GetInt64()).Order());
        }

        // The dry run reserved nothing: the same state gives the same plan (same fingerprint).
        Assert.Equal(dry.Out.Split('\n')[0], (await Allocate(db)).Out.Split('\n')[0]);

        var committed = await Allocate(db, "--commit");
        Assert.Equal(0, committed.ExitCode);
        Assert.Contains("committed: 2 reserved, 0 replayed, 0 refused (20 of 20 held)", committed.Out, StringComparison.Ordinal);

        var nothing = await Allocate(db, "--commit");
        Assert.Equal(0, nothing.ExitCode);
        Assert.Contains("remaining need 0, pooled supply 5; plan 0 in 0 lines", nothing.Out, StringComparison.Ordinal);
        Assert.Contains("committed: 0 reserved, 0 replayed, 0 refused", nothing.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_CommitAsAnActor_NeedsAnOperatorRoleCoveringTheLines_Exit3Otherwise()
    {
        var db = await InitAsync();
        await Ok("ledger", "pledge", "--db", db, "--collaborator", "c-1", "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "25", "--key", "pooled", "--via", "mitra-1");
        var roles = _folder.File("roles.csv");
        await File.WriteAllTextAsync(roles, "actor,role,scope\nops-selatan,operator,31.74\nops-pusat,operator,31.71\n");
        await Ok("ledger", "roles", "--db", db, "--csv", roles);

        var outside = await Allocate(db, "--commit", "--actor", "ops-selatan");
        Assert.Equal(3, outside.ExitCode);
        Assert.Contains("operator-role-required", outside.Error, StringComparison.Ordinal);
        Assert.Contains("committed: 0 reserved, 0 replayed, 2 refused (0 of 25 held)", outside.Out, StringComparison.Ordinal);
        Assert.Equal(2, (await Allocate(db, "--commit", "--actor", "Not An Id")).ExitCode);

        var inside = await Allocate(db, "--commit", "--actor", "ops-pusat");
        Assert.Equal(0, inside.ExitCode);
        Assert.Contains("committed: 2 reserved, 0 replayed, 0 refused (25 of 25 held)", inside.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_EveryLineRefused_Exits3NamingTheRule_AndBadInputExits2()
    {
        var db = await InitAsync();
        await Ok("ledger", "pledge", "--db", db, "--collaborator", "c-1", "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "5", "--key", "pooled", "--via", "mitra-1");
        await Ok("ledger", "collaborators", "--db", db, "--csv", await Collaborators("suspended"));
        var refused = await Allocate(db, "--commit");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("only an active collaborator may reserve: 'c-1' is suspended", refused.Error, StringComparison.Ordinal);
        Assert.Matches(@"committed: 0 reserved, 0 replayed, [1-9][0-9]* refused \(0 of 5 held\)", refused.Out);

        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "allocate", "--db", db, "--item", "Not An Item", "--period", "2020-11"])).ExitCode);
        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "allocate", "--db", db, "--item", "pangan.paket-sembako", "--period", "2020-13"])).ExitCode);
        var half = await Allocate(db, "--boundaries", _folder.File("rw.geojson"));
        Assert.Equal(2, half.ExitCode);
        Assert.Contains("--boundaries and --key go together", half.Error, StringComparison.Ordinal);
        var missing = await Allocate(db, "--boundaries", _folder.File("none.geojson"), "--key", "kode");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }
}
