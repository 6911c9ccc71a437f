using Ksbb.Ledger.Households;
using Ksbb.Tests;

namespace Ksbb.Ledger.Tests.Regressions;

/// <summary>The household key is fingerprinted in the ledger and checked on every use; weak keys are refused; identifiers come from a file or standard input.</summary>
public sealed class HouseholdKeyTests : IDisposable
{
    private static readonly string KeyA = Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 3)).ToArray());
    private static readonly string KeyB = Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 1)).ToArray());
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0x00, 0x00)]
    [InlineData(0x41, 0x41)]
    [InlineData(0x01, 0x02)]
    public void WeakKeys_AreRefused(byte even, byte odd) =>
        Assert.Throws<ArgumentException>(() => HouseholdHasher.Create(Enumerable.Range(0, 32).Select(i => i % 2 == 0 ? even : odd).ToArray()));

    private async Task<(string Db, string[] Ids)> LedgerWithReservationsAsync(int count)
    {
        var needs = _folder.File("needs.csv");
        await File.WriteAllTextAsync(needs, "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n");
        var collaborators = _folder.File("collaborators.csv");
        await File.WriteAllTextAsync(collaborators, "id,name,category\ndonor-a,Donatur A,lembaga-usaha\n");
        var db = _folder.File("ledger.db");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", needs, "--collaborators", collaborators])).ExitCode);
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var (code, output, error) = await KsbbCli.RunAsync(["ledger", "reserve", "--db", db, "--collaborator", "donor-a", "--unit", "31.71.01.1001.005.003", "--item", "pangan.paket-sembako", "--period", "2020-05", "--quantity", "1", "--key", $"k{i}"]);
            Assert.True(code == 0, error);
            ids[i] = output.Trim();
        }

        return (db, ids);
    }

    [Fact]
    public async Task AnotherKeyOnALaterRun_IsRefused_AndTheFirstKeyStillWorks()
    {
        var (db, ids) = await LedgerWithReservationsAsync(3);
        var file = _folder.File("households.txt");
        await File.WriteAllTextAsync(file, "nik:3171014107800001\n\nkk:3171012303780001\n");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", ids[0], "--households", file, "--actor", "donor-a"], new Dictionary<string, string> { ["KSBB_HOUSEHOLD_KEY"] = KeyA })).ExitCode);

        await File.WriteAllTextAsync(file, "nik:3171014107800002\n");
        var (code, _, error) = await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", ids[1], "--households", file, "--actor", "donor-a"], new Dictionary<string, string> { ["KSBB_HOUSEHOLD_KEY"] = KeyB });
        Assert.Equal(2, code);
        Assert.Contains("not the one this ledger's households were hashed with", error, StringComparison.Ordinal);

        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", ids[1], "--households", file, "--actor", "donor-a"], new Dictionary<string, string> { ["KSBB_HOUSEHOLD_KEY"] = KeyA })).ExitCode);
    }

    [Fact]
    public async Task Households_FromStandardInput_AndBadLines_AreBadInputWithoutEchoingDigits()
    {
        var (db, ids) = await LedgerWithReservationsAsync(2);
        using var process = KsbbCli.Start(["ledger", "deliver", "--db", db, "--id", ids[0], "--households", "-", "--actor", "donor-a"], new Dictionary<string, string> { ["KSBB_HOUSEHOLD_KEY"] = KeyA });
        await process.StandardInput.WriteAsync("kk:3171012303780009\n");
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);

        var file = _folder.File("bad.txt");
        await File.WriteAllTextAsync(file, "nik:3171014107800001\n3171014107800099\n");
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", ids[1], "--households", file, "--actor", "donor-a"], new Dictionary<string, string> { ["KSBB_HOUSEHOLD_KEY"] = KeyA });
        Assert.Equal(2, code);
        Assert.Contains("bad.txt:2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("3171014107800099", output + error, StringComparison.Ordinal);
    }
}
