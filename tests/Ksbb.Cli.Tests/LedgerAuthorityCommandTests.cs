using Ksbb.Ledger;

namespace Ksbb.Cli.Tests;

/// <summary>
/// Who acts in <c>ksbb ledger</c>: the actor options and the one table from a ledger refusal to its exit code and line
/// (exit 3 and "refused: &lt;rule-name&gt;: …" on standard error; exit 2 for a caller's error).
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class LedgerAuthorityCommandTests : IDisposable
{
    private const string Unit = "31.71.01.1001.005.003";
    private readonly CliRun.Folder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Name(LedgerRule rule) => LedgerRules.Name(rule);

    // A ledger with a need, collaborators and an aggregator serving Jakarta Timur only (31.72); with roles recorded last when asked.
    private async Task<string> LedgerAsync(bool roles, bool collaborators = true)
    {
        var ct = TestContext.Current.CancellationToken;
        var needs = _folder.File("needs.csv");
        await File.WriteAllTextAsync(needs, $"unit,item,period,need\n{Unit},pangan.paket-sembako,2020-11,40\n", ct);
        var db = _folder.File("ledger.db");
        if (collaborators)
        {
            var people = _folder.File("collaborators.csv");
            await File.WriteAllTextAsync(people, "id,name,category,status\nc-1,PT Andalan,lembaga-usaha,active\nc-2,Yayasan,lsm-oms-pbb-universitas,active\n", ct);
            Assert.Equal(0, await CliRun.RunAsync("ledger", "init", "--db", db, "--needs", needs, "--collaborators", people));
            var partners = _folder.File("aggregators.csv");
            await File.WriteAllTextAsync(partners, "id,name,capacity,depot_lon,depot_lat,areas\nmitra-1,Mitra Satu,100,106.82,-6.17,31.72\nmitra-2,Mitra Dua,100,106.82,-6.17,31.71\n", ct);
            Assert.Equal(0, await CliRun.RunAsync("ledger", "aggregators", "--db", db, "--csv", partners));
        }
        else
        {
            Assert.Equal(0, await CliRun.RunAsync("ledger", "init", "--db", db, "--needs", needs));
        }

        if (roles)
        {
            var grants = _folder.File("roles.csv");
            await File.WriteAllTextAsync(grants, "actor,role,scope\nlurah-1,verifier,31.71.01.1001\nstaff-2,aggregator,mitra-2\nops-1,operator,31.71\n", ct);
            Assert.Equal(0, await CliRun.RunAsync("ledger", "roles", "--db", db, "--csv", grants));
        }

        return db;
    }

    private static string[] Reserve(string db, string key, params string[] more) =>
        ["ledger", "reserve", "--db", db, "--unit", Unit, "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "2", "--key", key, .. more];

    private static async Task<string> PledgeAsync(string db, string collaborator, string key, params string[] more)
    {
        var (code, output, error) = await CapturedCliRun.RunAsync(null, ["ledger", "pledge", "--db", db, "--collaborator", collaborator, "--item", "pangan.paket-sembako", "--period", "2020-11", "--quantity", "10", "--key", key, .. more]);
        Assert.True(code == 0, output + error);
        return output.Trim();
    }

    private static async Task<string> ReserveAsync(string db, string key, params string[] more)
    {
        var (code, output, error) = await CapturedCliRun.RunAsync(null, Reserve(db, key, more));
        Assert.True(code == 0, output + error);
        return output.Trim();
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("release")]
    [InlineData("renew")]
    [InlineData("cancel")]
    [InlineData("deliver")]
    public async Task Transition_WithoutActor_OnALedgerWithRoles_Exit2NamingActor(string command)
    {
        var db = await LedgerAsync(roles: true);
        var id = await ReserveAsync(db, "r1", "--collaborator", "c-1");
        string[] args = command == "cancel" ? ["ledger", command, "--db", db, "--id", id, "--reason", "test"] : ["ledger", command, "--db", db, "--id", id];

        var (code, _, error) = await CapturedCliRun.RunAsync(null, args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--actor", error, StringComparison.Ordinal);
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, "ledger", command, "--help")).ExitCode);
    }

    [Fact]
    public async Task Verify_ByTheDonorOfItsOwnDelivery_Exit3_ByTheKelurahansVerifier_Exit0()
    {
        var db = await LedgerAsync(roles: true);
        var id = await ReserveAsync(db, "r1", "--collaborator", "c-1");
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, "ledger", "deliver", "--db", db, "--id", id, "--actor", "c-1")).ExitCode);

        var own = await CapturedCliRun.RunAsync(null, "ledger", "verify", "--db", db, "--id", id, "--actor", "c-1");
        Assert.Equal(ExitCodes.Refused, own.ExitCode);
        Assert.Contains($"refused: {Name(LedgerRule.VerifierRoleRequired)}: ", own.Error, StringComparison.Ordinal);

        var verifier = await CapturedCliRun.RunAsync(null, "ledger", "verify", "--db", db, "--id", id, "--actor", "lurah-1");
        Assert.Equal((0, $"{id} verified"), (verifier.ExitCode, verifier.Out.Trim()));
    }

    [Fact]
    public async Task Reserve_OnAPledgeViaAnAggregatorThatDoesNotServeTheUnit_Exit3NamingTheRule()
    {
        var db = await LedgerAsync(roles: false);
        var pledge = await PledgeAsync(db, "c-1", "p1", "--via", "mitra-1");

        var (code, _, error) = await CapturedCliRun.RunAsync(null, Reserve(db, "r1", "--collaborator", "c-1", "--pledge", pledge));

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains($"refused: {Name(LedgerRule.AggregatorDoesNotServeUnit)}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_ByAnUnrecordedCollaborator_OnALedgerWithNoCollaborators_Exit3NamingTheRule()
    {
        var db = await LedgerAsync(roles: false, collaborators: false);

        var (code, output, error) = await CapturedCliRun.RunAsync(null, Reserve(db, "r1", "--collaborator", "c-9"));

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains($"refused: {Name(LedgerRule.CollaboratorNotRecorded)}: ", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Reserve_WithActor_TheAggregatorsActorReservesOnThePledge_ForThePledgesCollaborator()
    {
        var db = await LedgerAsync(roles: true);
        var pledge = await PledgeAsync(db, "c-2", "p1", "--via", "mitra-2");

        var id = await ReserveAsync(db, "r1", "--actor", "staff-2", "--pledge", pledge);

        // The reservation is the pledge's collaborator's: it delivers it; a stranger may not.
        var stranger = await CapturedCliRun.RunAsync(null, "ledger", "release", "--db", db, "--id", id, "--actor", "c-1");
        Assert.Equal(ExitCodes.Refused, stranger.ExitCode);
        Assert.Contains($"refused: {Name(LedgerRule.ActorNotPermitted)}: ", stranger.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, "ledger", "deliver", "--db", db, "--id", id, "--actor", "c-2")).ExitCode);

        // Someone else's pledge without an officer's role, and --actor with --collaborator but no pledge.
        var other = await CapturedCliRun.RunAsync(null, Reserve(db, "r2", "--actor", "c-1", "--pledge", pledge));
        Assert.Equal(ExitCodes.Refused, other.ExitCode);
        Assert.Contains("refused: ", other.Error, StringComparison.Ordinal);
        var neither = await CapturedCliRun.RunAsync(null, Reserve(db, "r3"));
        Assert.Equal(ExitCodes.BadInput, neither.ExitCode);
        Assert.Contains("--collaborator", neither.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, (await CapturedCliRun.RunAsync(null, Reserve(db, "r4", "--actor", "ops-1", "--collaborator", "c-1"))).ExitCode);
    }

    [Fact]
    public async Task SetNeed_AsTheSystemActorOnceRolesAreRecorded_Exit3NamingTheRule_AndTheOperatorMay()
    {
        var db = await LedgerAsync(roles: true);
        string[] setNeed = ["ledger", "set-need", "--db", db, "--unit", Unit, "--item", "pangan.paket-sembako", "--period", "2020-11", "--need", "30"];

        var system = await CapturedCliRun.RunAsync(null, setNeed);
        Assert.Equal(ExitCodes.Refused, system.ExitCode);
        Assert.Contains($"refused: {Name(LedgerRule.OperatorRoleRequired)}: ", system.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, [.. setNeed, "--actor", "ops-1"])).ExitCode);

        var roles = _folder.File("more-roles.csv");
        await File.WriteAllTextAsync(roles, "actor,role,scope\nlurah-2,verifier,31.71.01\n", TestContext.Current.CancellationToken);
        var records = await CapturedCliRun.RunAsync(null, "ledger", "roles", "--db", db, "--csv", roles);
        Assert.Equal(ExitCodes.Refused, records.ExitCode);
        Assert.Contains("refused: ", records.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, "ledger", "roles", "--db", db, "--csv", roles, "--actor", "ops-1")).ExitCode);
    }

    [Fact]
    public async Task Keys_ByTheOneKeyRule_AndAKeyConflict_Exit2()
    {
        var db = await LedgerAsync(roles: false);
        var bad = await CapturedCliRun.RunAsync(null, Reserve(db, "two words", "--collaborator", "c-1"));
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.StartsWith("error: --key: ", bad.Error, StringComparison.Ordinal);

        await ReserveAsync(db, "r1", "--collaborator", "c-1");
        var conflict = await CapturedCliRun.RunAsync(null, Reserve(db, "r1", "--collaborator", "c-2"));
        Assert.Equal(ExitCodes.BadInput, conflict.ExitCode);
        Assert.Contains($"error: {Name(LedgerRule.KeyConflict)}: ", conflict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRule_MapsToRefusedOrBadInput_WithItsNameInTheLine()
    {
        foreach (var rule in LedgerRules.All)
        {
            var (code, message) = ExitCodes.Map(LedgerRefusal.Create(rule, "facts."));
            var callerError = rule is LedgerRule.KeyConflict or LedgerRule.NeedNotFound or LedgerRule.ReservationNotFound;
            Assert.Equal(callerError ? ExitCodes.BadInput : ExitCodes.Refused, code);
            Assert.Equal($"{(callerError ? "error" : "refused")}: {Name(rule)}: facts.", message);
        }
    }
}
