using System.Diagnostics;
using Ksbb.Ledger.PostgreSql;
using Npgsql;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>The PostgreSQL server the tests run against, from environment variables that .ci/run (or eng/throwaway-postgres.sh) sets.</summary>
internal static class PostgresServer
{
    public const string ConnectionVariable = "KSBB_POSTGRES";

    private const string HowToRun = "set KSBB_POSTGRES=\"Host=127.0.0.1;Port=5432;Username=…;Database=…\" to run; .ci/run starts a throwaway server (or run: eng/throwaway-postgres.sh dotnet test tests/Ksbb.Ledger.PostgreSql.Tests)";

    /// <summary>Gets the connection string, or skips the test with instructions.</summary>
    public static string ConnectionStringOrSkip()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            Assert.Skip($"PostgreSQL tests need a server: {HowToRun}.");
        }

        return value;
    }

    /// <summary>Gets pg_ctl, the data directory and the user owning it, or skips the test.</summary>
    public static (string PgCtl, string DataDirectory, string? RunAs) ControlOrSkip()
    {
        ConnectionStringOrSkip();
        var pgCtl = Environment.GetEnvironmentVariable("KSBB_POSTGRES_PG_CTL");
        var data = Environment.GetEnvironmentVariable("KSBB_POSTGRES_DATA");
        if (string.IsNullOrWhiteSpace(pgCtl) || string.IsNullOrWhiteSpace(data))
        {
            Assert.Skip($"Server fault tests stop and restart the server: they need KSBB_POSTGRES_PG_CTL and KSBB_POSTGRES_DATA as well; {HowToRun}.");
        }

        var runAs = Environment.GetEnvironmentVariable("KSBB_POSTGRES_RUN_AS");
        return (pgCtl, data, string.IsNullOrWhiteSpace(runAs) || runAs == Environment.UserName ? null : runAs);
    }

    /// <summary>A fresh, unused schema name.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Opens a store on a new schema (not migrated).</summary>
    public static PostgreSqlLedgerStore Open(string schema, PostgreSqlLedgerStoreOptions? options = null) =>
        PostgreSqlLedgerStore.Open(ConnectionStringOrSkip(), (options ?? PostgreSqlLedgerStoreOptions.Default) with { Schema = schema });

    /// <summary>Runs SQL directly (for setting up old versions and checking the catalogue).</summary>
    public static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringOrSkip());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Drops test schemas (best effort: a server stopped by a fault test may refuse).</summary>
    public static async Task DropSchemasAsync(IEnumerable<string> schemas)
    {
        var list = schemas.ToList();
        if (list.Count == 0 || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            return;
        }

        try
        {
            await ScalarAsync(string.Join(";", list.Select(s => $"DROP SCHEMA IF EXISTS {s} CASCADE")));
        }
        catch (NpgsqlException)
        {
            // The throwaway server is deleted after the run anyway.
        }
    }

    /// <summary>Runs pg_ctl as the data directory's owner and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> PgCtlAsync(params string[] args)
    {
        var (pgCtl, data, runAs) = ControlOrSkip();
        var start = runAs is null ? new ProcessStartInfo(pgCtl) : new ProcessStartInfo("runuser");
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", pgCtl })
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add("-D");
        start.ArgumentList.Add(data);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
