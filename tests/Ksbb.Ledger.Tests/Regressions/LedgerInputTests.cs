using Ksbb.Tests;

namespace Ksbb.Ledger.Tests.Regressions;

/// <summary>Hostile or mistaken input to <c>ksbb ledger</c>: refused as bad input (exit 2) with a placed message, nothing written.</summary>
public sealed class LedgerInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> InitAsync()
    {
        var csv = _folder.File("needs.csv");
        await File.WriteAllTextAsync(csv, "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n");
        var db = _folder.File("ledger.db");
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", csv]);
        Assert.True(code == 0, output + error);
        return db;
    }

    [Fact]
    public async Task Collaborators_MisspeltCategory_IsBadInputNamingLineAndValue()
    {
        var db = await InitAsync();
        var csv = _folder.File("collaborators.csv");
        await File.WriteAllTextAsync(csv, "id,name,category\nc-0,PT Andalan,lembaga-usaha\nc-1,Budi Santoso,perseorangan\n");

        var (code, _, error) = await KsbbCli.RunAsync(["ledger", "collaborators", "--db", db, "--csv", csv]);

        Assert.Equal(2, code);
        Assert.Contains("collaborators.csv, line 3, column 3 (category)", error, StringComparison.Ordinal);
        Assert.Contains("'perseorangan'", error, StringComparison.Ordinal);
        var export = _folder.File("public.json");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "export", "--db", db, "--out", export])).ExitCode);
        Assert.DoesNotContain("Budi", await File.ReadAllTextAsync(export), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collaborators_StatusColumn_IsOptionalAndChecked()
    {
        var db = await InitAsync();
        var good = _folder.File("good.csv");
        await File.WriteAllTextAsync(good, "id,name,category,status\norg:1,Yayasan Satu,lsm-oms-pbb-universitas,prospective\n");
        Assert.Equal(0, (await KsbbCli.RunAsync(["ledger", "collaborators", "--db", db, "--csv", good])).ExitCode);

        var bad = _folder.File("bad.csv");
        await File.WriteAllTextAsync(bad, "id,name,category,status\norg:2,Yayasan Dua,lembaga-usaha,retired\n");
        var (code, _, error) = await KsbbCli.RunAsync(["ledger", "collaborators", "--db", db, "--csv", bad]);
        Assert.Equal(2, code);
        Assert.Contains("bad.csv, line 2, column 4 (status)", error, StringComparison.Ordinal);
        Assert.Contains("'retired'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Database=ksbb;Username=app;Password=Pw-s3cret-77")]
    [InlineData("Username=app;Password=Pw-s3cret-77")]
    [InlineData("Password=Pw-s3cret-77")]
    public async Task Db_ConnectionStringWithoutHost_IsBadInput_NeverAFile_NeverEchoesThePassword(string db)
    {
        var needs = _folder.File("needs.csv");
        await File.WriteAllTextAsync(needs, "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n");
        var before = Directory.GetFileSystemEntries(_folder.Path).Order().ToArray();

        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "init", "--db", db, "--needs", needs], workingDirectory: _folder.Path);

        Assert.Equal(2, code);
        Assert.Contains("connection string", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Pw-s3cret-77", output + error, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_folder.Path).Order().ToArray());
    }

    [Theory]
    [InlineData("postgres://app:Pw-s3cret-77@127.0.0.1:1/ksbb")]
    [InlineData("postgres://app@127.0.0.1:1/ksbb?password=Pw-s3cret-77")]
    [InlineData("Host=127.0.0.1;Port=1;Database=ksbb;Username=app;Password=Pw-s3cret-77;Timeout=1")]
    public async Task Db_UnreachableServer_MessagesNeverContainThePassword(string db)
    {
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db]);

        Assert.NotEqual(0, code);
        Assert.DoesNotContain("Pw-s3cret-77", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_AnInputFileInsteadOfALedger_IsBadInputNamingTheFile_AndLeavesItAlone()
    {
        var needs = _folder.File("needs.csv");
        const string Text = "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-05,10\n";
        await File.WriteAllTextAsync(needs, Text);

        foreach (var args in new[] { new[] { "ledger", "init", "--db", needs, "--needs", needs }, ["ledger", "verify-chain", "--db", needs], ["ledger", "migrate", "--db", needs] })
        {
            var (code, _, error) = await KsbbCli.RunAsync(args);
            Assert.True(code == 2, string.Join(' ', args) + ": " + error);
            Assert.Contains("needs.csv", error, StringComparison.Ordinal);
        }

        Assert.Equal(Text, await File.ReadAllTextAsync(needs));
    }

    [Fact]
    public async Task Migrate_SqliteFile_ReportsVersionsLikePostgreSql()
    {
        var db = _folder.File("fresh.db");
        var (code, output, _) = await KsbbCli.RunAsync(["ledger", "migrate", "--db", db]);
        Assert.Equal(0, code);
        Assert.Contains("schema version (none) -> ", output, StringComparison.Ordinal);
        var again = await KsbbCli.RunAsync(["ledger", "migrate", "--db", db]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("up to date", again.Out, StringComparison.Ordinal);
    }
}
