using System.Text.Json;
using Ksbb.Tests;

namespace Ksbb.Ledger.Tests;

/// <summary>The <c>ksbb ledger</c> command-line contract: arguments, exit codes, outputs.</summary>
public sealed class LedgerCliTests : IDisposable
{
    private const string Unit = "31.71.01.1001.005.003";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> InitAsync(string needs = "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n31.71.01.1001.005.004,pangan.paket-sembako,2020-05,5\n")
    {
        var csv = _folder.File("needs.csv");
        await File.WriteAllTextAsync(csv, needs);
        var people = _folder.File("collaborators.csv");
        await File.WriteAllTextAsync(people, "id,name,category,status\ndonor-a,PT Andalan,lembaga-usaha,active\ndonor-b,Yayasan,lsm-oms-pbb-universitas,active\n");
        var db = _folder.File("ledger.db");
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", csv, "--collaborators", people]);
        Assert.True(code == 0, output + error);
        return db;
    }

    private static Task<(int ExitCode, string Out, string Error)> Reserve(string db, string key, long quantity, string unit = Unit, string collaborator = "donor-a", string period = "2020-05") =>
        KsbbCli.RunAsync(["ledger", "reserve", "--db", db, "--collaborator", collaborator, "--unit", unit, "--item", "pangan.paket-sembako", "--period", period, "--quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--key", key]);

    [Fact]
    public async Task Reserve_ExitCodes_FollowTheContract()
    {
        var db = await InitAsync();
        var first = await Reserve(db, "k1", 7);
        Assert.Equal(0, first.ExitCode);
        Assert.Matches("^[0-9a-f]{32}$", first.Out.Trim());

        var replay = await Reserve(db, "k1", 7);
        Assert.Equal((0, first.Out), (replay.ExitCode, replay.Out));

        var refused = await Reserve(db, "k2", 4);
        Assert.Equal(3, refused.ExitCode);
        Assert.Equal("refused: remaining 3", refused.Out.Trim());

        var conflict = await Reserve(db, "k1", 2);
        Assert.Equal(2, conflict.ExitCode);
        Assert.Contains("already used for reservation", conflict.Error, StringComparison.Ordinal);

        var unknown = await Reserve(db, "k3", 1, period: "2020-06");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error: need-not-found: ", unknown.Error, StringComparison.Ordinal);

        var badUnit = await Reserve(db, "k4", 1, unit: "31.71.01.1001.5.3");
        Assert.Equal(2, badUnit.ExitCode);
        Assert.Contains("unit '31.71.01.1001.5.3'", badUnit.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await Reserve(db, "k5", 0)).ExitCode);
        Assert.Equal(2, (await Reserve(_folder.File("missing.db"), "k6", 1)).ExitCode);
        Assert.False(File.Exists(_folder.File("missing.db")));
        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "reserve", "--db", db])).ExitCode);
    }

    [Theory]
    [InlineData("unit,item,need\n", "needs.csv, line 1: the header has no 'period' column")]
    [InlineData("unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,-1\n", "needs.csv, line 2, column 4 (need): '-1' is not a whole number")]
    [InlineData("unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,1\n\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,2\n", "needs.csv, line 4, column 1 (unit): the need 31.71.01.1001.005.003 pangan.paket-sembako 2020-05 repeats line 2")]
    [InlineData("unit,item,period,need\n31.71.01.1001.005.003,Pangan,2020-05,1\n", "needs.csv, line 2, column 2 (item): Item code 'Pangan'")]
    [InlineData("unit,item,period,need\n31.71.01.1001.005.003,pangan.beras,2020-05\n", "needs.csv, line 2, column 4: the line has 3 fields but the header has 4")]
    public async Task Init_BadNeeds_NameTheLine(string csv, string expected)
    {
        var file = _folder.File("needs.csv");
        await File.WriteAllTextAsync(file, csv);
        var (code, _, error) = await KsbbCli.RunAsync(["ledger", "init", "--db", _folder.File("bad.db"), "--needs", file]);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_AndExport_HaveTheDocumentedShape()
    {
        var db = await InitAsync();
        var a = (await Reserve(db, "k1", 4)).Out.Trim();
        var b = (await Reserve(db, "k2", 3, collaborator: "donor-b")).Out.Trim();
        var c = (await Reserve(db, "k3", 2, unit: "31.71.01.1001.005.004")).Out.Trim();
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", a, "--actor", "donor-a"])).ExitCode);
        // No roles recorded (set-up mode): the host's system actor holds the verifier's authority.
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "verify", "--db", db, "--id", a, "--actor", "system/ksbb-cli"])).ExitCode);
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "release", "--db", db, "--id", b, "--actor", "donor-b"])).ExitCode);
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "cancel", "--db", db, "--id", c, "--reason", "donor withdrew", "--actor", "donor-a"])).ExitCode);
        var invalid = await KsbbCli.RunAsync(["ledger", "verify", "--db", db, "--id", b, "--actor", "system/ksbb-cli"]);
        Assert.Equal(3, invalid.ExitCode);
        Assert.Contains("refused: invalid-transition: ", invalid.Error, StringComparison.Ordinal);
        Assert.Contains("is released and cannot be verified", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "verify", "--db", db, "--id", "nope", "--actor", "system/ksbb-cli"])).ExitCode);
        var notFound = await KsbbCli.RunAsync(["ledger", "verify", "--db", db, "--id", "0191a1b2c3d4e5f60718293a4b5c6d7e", "--actor", "system/ksbb-cli"]);
        Assert.Equal(2, notFound.ExitCode);
        Assert.Contains("error: reservation-not-found: ", notFound.Error, StringComparison.Ordinal);
        var households = _folder.File("households.txt");
        await File.WriteAllTextAsync(households, "nik:9971014107800001\n");
        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", b, "--actor", "donor-b", "--households", households])).ExitCode); // no household key set
        Assert.Equal(2, (await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", b, "--actor", "donor-b", "--nik", "9971014107800001"])).ExitCode); // never an argument

        var state = _folder.File("state.json");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "export", "--db", db, "--out", state])).ExitCode);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(state));
        Assert.Equal(["needs", "reservations"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var needs = doc.RootElement.GetProperty("needs").EnumerateArray().ToList();
        Assert.Equal(["unit", "item", "period", "need", "reserved", "delivered"], needs[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal((10, 0, 4), (needs[0].GetProperty("need").GetInt64(), needs[0].GetProperty("reserved").GetInt64(), needs[0].GetProperty("delivered").GetInt64()));
        var reservations = doc.RootElement.GetProperty("reservations").EnumerateArray().ToList();
        Assert.Equal(["id", "key", "collaborator", "unit", "item", "period", "quantity", "status"], reservations[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["verified", "released", "cancelled"], reservations.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal([a, b, c], reservations.Select(r => r.GetProperty("id").GetString()));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task SetNeed_LoweringBelowCommitted_IsReportedNotTruncated()
    {
        var db = await InitAsync();
        await Reserve(db, "k1", 8);
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "set-need", "--db", db, "--unit", Unit, "--item", "pangan.paket-sembako", "--period", "2020-05", "--need", "6"]);
        Assert.Equal(3, code);
        Assert.Contains("need 10 -> 6, reserved 8", output, StringComparison.Ordinal);
        Assert.Contains("over by 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_ForAWeekInsideAPublishedMonth_AreRefusedWithExit3NamingTheRule()
    {
        var db = await InitAsync();
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "set-need", "--db", db, "--unit", Unit, "--item", "pangan.paket-sembako", "--period", "2020-W19", "--need", "4"]);
        Assert.Equal(3, code);
        Assert.Contains($"refused: {LedgerRules.Name(LedgerRule.NeedPeriodOverlap)}: ", error, StringComparison.Ordinal);
        Assert.Contains("2020-05", error, StringComparison.Ordinal);
        Assert.DoesNotContain("->", output, StringComparison.Ordinal);

        // The same through init: the overlapping row is refused (exit 3), the others are applied.
        var csv = _folder.File("more.csv");
        await File.WriteAllTextAsync(csv, $"unit,item,period,need\n{Unit},pangan.paket-sembako,2020-W20,2\n31.71.01.1001.006.001,pangan.paket-sembako,2020-W20,2\n");
        var init = await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", csv]);
        Assert.Equal(3, init.ExitCode);
        Assert.Contains("1 needs in", init.Out, StringComparison.Ordinal);
        Assert.Contains($"1 refused ({LedgerRules.Name(LedgerRule.NeedPeriodOverlap)})", init.Out, StringComparison.Ordinal);
        var state = _folder.File("state.json");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "export", "--db", db, "--out", state])).ExitCode);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(state));
        Assert.Equal(
            ["31.71.01.1001.005.003 2020-05", "31.71.01.1001.005.004 2020-05", "31.71.01.1001.006.001 2020-W20"],
            doc.RootElement.GetProperty("needs").EnumerateArray().Select(n => $"{n.GetProperty("unit").GetString()} {n.GetProperty("period").GetString()}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetNeed_InHouseholds_DerivesTheQuantityByTheCatalogueRule_AndTheExportShowsThem()
    {
        var db = await InitAsync();
        Task<(int ExitCode, string Out, string Error)> SetNeed(string item, params string[] how) =>
            KsbbCli.RunAsync(["ledger", "set-need", "--db", db, "--unit", Unit, "--item", item, "--period", "2020-05", .. how]);

        var (code, output, _) = await SetNeed("pangan.paket-sembako", "--households", "12");
        Assert.Equal(0, code);
        Assert.Contains("need 10 -> 12 (12 households)", output, StringComparison.Ordinal);   // one package per household
        Assert.Contains("need 12 -> 7,", (await SetNeed("pangan.paket-sembako", "--need", "7")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await SetNeed("pangan.paket-sembako", "--households", "9")).ExitCode);

        var meals = await SetNeed("pangan.makanan-siap-saji", "--households", "4");
        Assert.Equal(2, meals.ExitCode);
        Assert.Contains("not counted per household", meals.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await SetNeed("pangan.paket-sembako")).ExitCode);
        Assert.Equal(2, (await SetNeed("pangan.paket-sembako", "--need", "3", "--households", "3")).ExitCode);
        Assert.Equal(2, (await SetNeed("pangan.paket-sembako", "--households", "-1")).ExitCode);
        Assert.Equal(2, (await SetNeed("lain.barang", "--households", "1")).ExitCode);

        var export = _folder.File("public.json");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "public-export", "--db", db, "--out", export])).ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(export));
        var need = doc.RootElement.GetProperty("needs").EnumerateArray().Single(n => n.GetProperty("unit").GetString() == Unit);
        Assert.Equal((9, 9), (need.GetProperty("need").GetInt64(), need.GetProperty("householdsInNeed").GetInt64()));
    }
}
