namespace Ksbb.Cli.Tests;

/// <summary>The catalogue's rules at <c>ksbb ledger pledge|reserve|deliver|set-need</c>: exit 3 naming the rule, exit 2 for bad rule data.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class LedgerRulesCommandTests : IDisposable
{
    private const string Student = "nik:3171014107800001";
    private const string Teacher = "nik:3171010101900002";
    private readonly CliRun.Folder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> InitAsync()
    {
        var needs = _folder.File("needs.csv");
        await File.WriteAllTextAsync(needs, """
            unit,item,period,need
            31.71.01.1001.005.003,permukiman.sanitasi,2020-12,2
            31.71.01.1001.006.001,permukiman.sanitasi,2020-12,2
            31.71.01.1001.005.003,pendidikan.laptop,2020-12,5
            31.71.01.1001.005.003,uji.paket,2020-05,5
            """, TestContext.Current.CancellationToken);
        var people = _folder.File("collaborators.csv");
        await File.WriteAllTextAsync(people, "id,name,category,status\nc-1,PT Andalan,lembaga-usaha,active\n", TestContext.Current.CancellationToken);
        var db = _folder.File("ledger.db");
        Assert.Equal(0, await CliRun.RunAsync("ledger", "init", "--db", db, "--needs", needs, "--collaborators", people));
        return db;
    }

    private static string[] Reserve(string db, string unit, string item, string period, string key, params string[] more) =>
        ["ledger", "reserve", "--db", db, "--collaborator", "c-1", "--unit", unit, "--item", item, "--period", period, "--quantity", "1", "--key", key, .. more];

    [Fact]
    public async Task PledgeAndReserve_OutsideTheProgrammesDatesOrArea_Exit3NamingTheRule()
    {
        var db = await InitAsync();
        var catalog = _folder.File("catalog.json");
        await File.WriteAllTextAsync(catalog, """
            { "schema": "ksbb.catalog/1", "programmes": [ { "code": "uji", "name": { "id": "Uji", "en": "Test" }, "status": "open",
              "openedOn": "2020-05-01", "openUntil": "2020-05-10",
              "items": [ { "code": "uji.paket", "name": { "id": "Paket", "en": "Package" }, "unit": "paket", "unitName": { "id": "paket", "en": "package" }, "recipient": "keluarga" } ] } ] }
            """, TestContext.Current.CancellationToken);
        var pledge = await CapturedCliRun.RunAsync(null, "ledger", "pledge", "--db", db, "--collaborator", "c-1", "--item", "uji.paket", "--period", "2020-05", "--quantity", "1", "--key", "p1", "--catalog", catalog);
        Assert.Equal(3, pledge.ExitCode);
        Assert.Contains("programme-closed", pledge.Error, StringComparison.Ordinal);
        var closed = await CapturedCliRun.RunAsync(null, Reserve(db, "31.71.01.1001.005.003", "uji.paket", "2020-05", "k0", "--catalog", catalog));
        Assert.Equal(3, closed.ExitCode);
        Assert.Contains("refused: programme-closed", closed.Error, StringComparison.Ordinal);

        // Without the catalogue overlay, uji.paket is no item at all.
        var unknown = await CapturedCliRun.RunAsync(null, Reserve(db, "31.71.01.1001.005.003", "uji.paket", "2020-05", "k0"));
        Assert.Equal((3, true), (unknown.ExitCode, unknown.Error.Contains("refused: item-not-in-catalogue", StringComparison.Ordinal)));

        var areas = _folder.File("areas.json");
        await File.WriteAllTextAsync(areas, """{ "schema": "ksbb.area-lists/1", "lists": [ { "name": "cap-2019", "areas": [ { "area": "31.71.01.1001.005", "items": [ "permukiman.sanitasi" ] } ] } ] }""", TestContext.Current.CancellationToken);
        var outside = await CapturedCliRun.RunAsync(null, Reserve(db, "31.71.01.1001.006.001", "permukiman.sanitasi", "2020-12", "k1", "--area-lists", areas));
        Assert.Equal(3, outside.ExitCode);
        Assert.Contains("refused: area-not-eligible", outside.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, Reserve(db, "31.71.01.1001.005.003", "permukiman.sanitasi", "2020-12", "k2", "--area-lists", areas))).ExitCode);

        var badAreas = _folder.File("bad-areas.json");
        await File.WriteAllTextAsync(badAreas, """{ "schema": "ksbb.area-lists/1", "lists": [ { "name": "cap-2019", "areas": [ { "area": "31.71.01.1001.05" } ] } ] }""", TestContext.Current.CancellationToken);
        var bad = await CapturedCliRun.RunAsync(null, Reserve(db, "31.71.01.1001.005.003", "permukiman.sanitasi", "2020-12", "k3", "--area-lists", badAreas));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--area-lists", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_ToBeneficiariesWithoutTheRole_Exit3NamingTheRule_AndABadDirectoryLineExits2()
    {
        var db = await InitAsync();
        var reserved = await CapturedCliRun.RunAsync(null, Reserve(db, "31.71.01.1001.005.003", "pendidikan.laptop", "2020-12", "k1"));
        Assert.Equal(0, reserved.ExitCode);
        var id = reserved.Out.Trim();
        var directory = _folder.File("beneficiaries.csv");
        await File.WriteAllTextAsync(directory, $"beneficiary,role\n{Student},peserta-didik\n{Teacher},pendidik\n", TestContext.Current.CancellationToken);
        var households = _folder.File("households.txt");
        await File.WriteAllTextAsync(households, Student + "\n", TestContext.Current.CancellationToken);
        var key = new Dictionary<string, string?> { ["KSBB_HOUSEHOLD_KEY"] = Convert.ToHexString([.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))]) };

        var none = await CapturedCliRun.RunAsync(null, "ledger", "deliver", "--db", db, "--id", id, "--actor", "c-1", "--beneficiaries", directory);
        Assert.Equal(3, none.ExitCode);
        Assert.Contains("refused: beneficiary-not-eligible", none.Error, StringComparison.Ordinal);
        var student = await CapturedCliRun.RunAsync(key, "ledger", "deliver", "--db", db, "--id", id, "--actor", "c-1", "--households", households, "--beneficiaries", directory);
        Assert.Equal(3, student.ExitCode);
        Assert.Contains("refused: beneficiary-not-eligible: beneficiary #1", student.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("3171014107800001", student.Out + student.Error, StringComparison.Ordinal);

        var bad = _folder.File("bad.csv");
        await File.WriteAllTextAsync(bad, $"beneficiary,role\n{Teacher},pendidik\nnik:317101410780000,pendidik\n", TestContext.Current.CancellationToken);
        var badLine = await CapturedCliRun.RunAsync(key, "ledger", "deliver", "--db", db, "--id", id, "--actor", "c-1", "--households", households, "--beneficiaries", bad);
        Assert.Equal(2, badLine.ExitCode);
        Assert.Contains("bad.csv, line 3, column 1 (beneficiary)", badLine.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("317101410780000", badLine.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(households, Teacher + "\n", TestContext.Current.CancellationToken);
        var teacher = await CapturedCliRun.RunAsync(key, "ledger", "deliver", "--db", db, "--id", id, "--actor", "c-1", "--households", households, "--beneficiaries", directory);
        Assert.Equal(0, teacher.ExitCode);
        Assert.Contains("delivered", teacher.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetNeed_ByAnActorWithoutTheOperatorRole_Exit3OnceRolesAreRecorded()
    {
        var db = await InitAsync();
        string[] SetNeed(string actor) => ["ledger", "set-need", "--db", db, "--unit", "31.71.01.1001.005.003", "--item", "pendidikan.laptop", "--period", "2020-12", "--need", "7", "--actor", actor];
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, SetNeed("lurah"))).ExitCode);
        var roles = _folder.File("roles.csv");
        await File.WriteAllTextAsync(roles, "actor,role,scope\nlurah,verifier,31.71\nops-1,operator,31.71.01\n", TestContext.Current.CancellationToken);
        Assert.Equal(0, await CliRun.RunAsync("ledger", "roles", "--db", db, "--csv", roles));
        var refused = await CapturedCliRun.RunAsync(null, SetNeed("lurah"));
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("refused: operator-role-required", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CapturedCliRun.RunAsync(null, SetNeed("ops-1"))).ExitCode);
    }
}
