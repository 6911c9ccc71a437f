using Ksbb.Tests;

namespace Ksbb.Ledger.Tests;

/// <summary>The <c>ksbb ledger pledge</c>, <c>aggregators</c> and <c>reserve --pledge</c> command-line contract.</summary>
public sealed class LedgerPledgeCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> InitAsync()
    {
        var needs = _folder.File("needs.csv");
        await File.WriteAllTextAsync(needs, "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-11,40\n31.71.01.1001.005.004,pangan.paket-sembako,2020-11,40\n");
        var people = _folder.File("collaborators.csv");
        await File.WriteAllTextAsync(people, "id,name,category,status\nc-1,PT Andalan,lembaga-usaha,active\nc-2,Budi,perorangan,suspended\nc-3,Yayasan,lsm-oms-pbb-universitas,prospective\n");
        var partners = _folder.File("aggregators.csv");
        await File.WriteAllTextAsync(partners, "id,name,capacity,depot_lon,depot_lat\nmitra-1,Mitra Satu,15,106.82,-6.17\n");
        var db = _folder.File("ledger.db");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", needs, "--collaborators", people])).ExitCode);
        var loaded = await KsbbCli.RunAsync(["ledger", "aggregators", "--db", db, "--csv", partners]);
        Assert.Equal((0, "1 aggregators"), (loaded.ExitCode, loaded.Out.Trim()));
        return db;
    }

    private static Task<(int ExitCode, string Out, string Error)> Pledge(string db, string collaborator, long quantity, string key, params string[] more) =>
        KsbbCli.RunAsync([
            "ledger", "pledge", "--db", db, "--collaborator", collaborator, "--item", "pangan.paket-sembako", "--period", "2020-11",
            "--quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--key", key, .. more]);

    private static Task<(int ExitCode, string Out, string Error)> Draw(string db, string unit, long quantity, string key, string pledge, string collaborator = "c-1") =>
        KsbbCli.RunAsync([
            "ledger", "reserve", "--db", db, "--collaborator", collaborator, "--unit", unit, "--item", "pangan.paket-sembako", "--period", "2020-11",
            "--quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--key", key, "--pledge", pledge]);

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].Trim();

    [Fact]
    public async Task Pledge_PrintsTheIdAlone_IsIdempotent_AndRefusalsExit3NamingTheRule()
    {
        var db = await InitAsync();
        var first = await Pledge(db, "c-1", 10, "p1", "--origin", "106.8272,-6.1754");
        Assert.Equal(0, first.ExitCode);
        var id = LastLine(first.Out);
        Assert.Matches("^p-[0-9a-f]{32}$", id);
        var replay = await Pledge(db, "c-1", 10, "p1", "--origin", "106.8272,-6.1754");
        Assert.Equal((0, id), (replay.ExitCode, LastLine(replay.Out)));

        var suspended = await Pledge(db, "c-2", 1, "p2");
        Assert.Equal(3, suspended.ExitCode);
        Assert.Contains("only an active collaborator may pledge: 'c-2' is suspended", suspended.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await Pledge(db, "c-3", 1, "p3")).ExitCode);
        Assert.Equal(3, (await Pledge(db, "c-9", 1, "p4")).ExitCode);

        var capacity = await Pledge(db, "c-1", 16, "p5", "--via", "mitra-1");
        Assert.Equal(3, capacity.ExitCode);
        Assert.Contains("capacity", capacity.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await Pledge(db, "c-1", 1, "p6", "--via", "mitra-9")).ExitCode);
        Assert.Equal(0, (await Pledge(db, "c-1", 15, "p7", "--via", "mitra-1")).ExitCode);

        Assert.Equal(2, (await Pledge(db, "c-1", 11, "p1")).ExitCode); // same key, other parameters
        Assert.Equal(2, (await Pledge(db, "c-1", 1, "p8", "--via", "mitra-1", "--origin", "106.8,-6.1")).ExitCode);
        Assert.Equal(2, (await Pledge(db, "c-1", 1, "p9", "--origin", "206.8,-6.1")).ExitCode);
        Assert.Equal(2, (await Pledge(db, "c-1", 0, "p10")).ExitCode);
    }

    [Fact]
    public async Task ReservePledge_DrawsOnIt_AndMoreThanRemainsExits3()
    {
        var db = await InitAsync();
        var pledge = LastLine((await Pledge(db, "c-1", 10, "p1")).Out);
        var first = await Draw(db, "31.71.01.1001.005.003", 6, "r1", pledge);
        Assert.Equal(0, first.ExitCode);
        Assert.Matches("^[0-9a-f]{32}$", LastLine(first.Out));
        var over = await Draw(db, "31.71.01.1001.005.004", 5, "r2", pledge);
        Assert.Equal(3, over.ExitCode);
        Assert.Contains("refused: pledge-exceeded: ", over.Error, StringComparison.Ordinal);
        Assert.Contains("so 4 remain", over.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Draw(db, "31.71.01.1001.005.004", 4, "r2", pledge)).ExitCode);
        Assert.Equal(3, (await Draw(db, "31.71.01.1001.005.004", 1, "r3", pledge, collaborator: "c-2")).ExitCode);
        Assert.Equal(2, (await Draw(db, "31.71.01.1001.005.004", 1, "r4", "not a pledge id")).ExitCode);
        var chain = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db]);
        Assert.Equal(0, chain.ExitCode);
    }

    [Fact]
    public async Task Aggregators_BadCsv_IsBadInput_NamingLineAndColumn()
    {
        var db = await InitAsync();
        var bad = _folder.File("bad.csv");
        await File.WriteAllTextAsync(bad, "id,name,capacity,depot_lon,depot_lat\nmitra-2,Mitra Dua,many,106.8,-6.2\n");
        var result = await KsbbCli.RunAsync(["ledger", "aggregators", "--db", db, "--csv", bad]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.csv", result.Error, StringComparison.Ordinal);
        Assert.Contains("'many'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_AndARetryOfAReleasedReservation_FollowTheContract()
    {
        var db = await InitAsync();
        string[] reserve = ["ledger", "reserve", "--db", db, "--collaborator", "c-1", "--unit", "31.71.01.1001.005.003", "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "3", "--key", "r1"];
        var id = LastLine((await KsbbCli.RunAsync(reserve)).Out);
        var renewed = await KsbbCli.RunAsync(["ledger", "renew", "--db", db, "--id", id, "--actor", "c-1"]);
        Assert.Equal((0, $"{id} reserved"), (renewed.ExitCode, renewed.Out.Trim()));
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "release", "--db", db, "--id", id, "--actor", "c-1"])).ExitCode);
        Assert.Equal(3, (await KsbbCli.RunAsync(["ledger", "renew", "--db", db, "--id", id, "--actor", "c-1"])).ExitCode);
        var retry = await KsbbCli.RunAsync(reserve);
        Assert.Equal(3, retry.ExitCode);
        Assert.Contains("refused: no-longer-held: ", retry.Error, StringComparison.Ordinal);
        Assert.Contains("is released", retry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_AndActor_FollowTheContract()
    {
        var db = await InitAsync();
        var roles = _folder.File("roles.csv");
        await File.WriteAllTextAsync(roles, "actor,role,scope\nlurah-1,verifier,31.71.01.1001\nstaff-1,aggregator,mitra-1\nops-1,operator,31.71\n");
        Assert.Equal((0, "3 roles"), await RunTrimmed(["ledger", "roles", "--db", db, "--csv", roles]));
        var bad = _folder.File("bad-roles.csv");
        await File.WriteAllTextAsync(bad, "actor,role,scope\nlurah-1,mayor,31.71\n");
        var badRun = await KsbbCli.RunAsync(["ledger", "roles", "--db", db, "--csv", bad]);
        Assert.Equal(2, badRun.ExitCode);
        Assert.Contains("'mayor' is not a role", badRun.Error, StringComparison.Ordinal);

        var pledge = LastLine((await Pledge(db, "c-1", 10, "p1")).Out);
        var id = LastLine((await Draw(db, "31.71.01.1001.005.003", 3, "r1", pledge)).Out);
        var stranger = await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", id, "--actor", "c-3"]);
        Assert.Equal(3, stranger.ExitCode);
        Assert.Contains("acts only on its own reservations", stranger.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", id, "--actor", "c-1"])).ExitCode);
        Assert.Equal(3, (await KsbbCli.RunAsync(["ledger", "verify", "--db", db, "--id", id, "--actor", "c-1"])).ExitCode);
        Assert.Equal((0, $"{id} verified"), await RunTrimmed(["ledger", "verify", "--db", db, "--id", id, "--actor", "lurah-1"]));
        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "release", "--db", db, "--id", id, "--actor", "not an id"])).ExitCode);
    }

    private static async Task<(int, string)> RunTrimmed(string[] args)
    {
        var (code, output, _) = await KsbbCli.RunAsync(args);
        return (code, output.Trim());
    }
}
