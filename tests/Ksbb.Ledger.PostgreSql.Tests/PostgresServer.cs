using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Tests;
using Npgsql;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: the one <c>KSBB_POSTGRES</c> names when it is set (as .ci/run and
/// eng/throwaway-postgres.sh set it), otherwise a throwaway server these tests start themselves wherever the
/// PostgreSQL binaries (initdb, pg_ctl) are installed, so <c>dotnet test</c> alone covers both stores. Without either
/// the tests skip saying what to install, or fail under <c>CI=true</c>.
/// </summary>
internal static class PostgresServer
{
    public const string ConnectionVariable = "KSBB_POSTGRES";

    private const string HowToRun = "install the PostgreSQL server binaries (initdb and pg_ctl, e.g. Debian's postgresql package: apt-get install postgresql) and the tests start a throwaway server themselves, or set KSBB_POSTGRES=\"Host=127.0.0.1;Port=5432;Username=…;Database=…\" to use a running one";

    private static readonly Lazy<Server?> Throwaway = new(StartThrowaway, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the connection string, or skips the test with instructions (fails under <c>CI=true</c>).</summary>
    public static string ConnectionStringOrSkip()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var server = Throwaway.Value;
        if (server is null)
        {
            Prerequisite.SkipOrFail($"PostgreSQL tests need a server and none was found: {HowToRun}.");
        }

        return server.ConnectionString;
    }

    /// <summary>Gets pg_ctl, the data directory and the user owning it, or skips the test (fails under <c>CI=true</c>).</summary>
    public static (string PgCtl, string DataDirectory, string? RunAs) ControlOrSkip()
    {
        ConnectionStringOrSkip();
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            var pgCtl = Environment.GetEnvironmentVariable("KSBB_POSTGRES_PG_CTL");
            var data = Environment.GetEnvironmentVariable("KSBB_POSTGRES_DATA");
            if (string.IsNullOrWhiteSpace(pgCtl) || string.IsNullOrWhiteSpace(data))
            {
                Prerequisite.SkipOrFail($"Server fault tests stop and restart the server: with KSBB_POSTGRES set they need KSBB_POSTGRES_PG_CTL and KSBB_POSTGRES_DATA as well (eng/throwaway-postgres.sh sets all three), or unset KSBB_POSTGRES and {HowToRun}.");
            }

            var runAs = Environment.GetEnvironmentVariable("KSBB_POSTGRES_RUN_AS");
            return (pgCtl, data, string.IsNullOrWhiteSpace(runAs) || runAs == Environment.UserName ? null : runAs);
        }

        var server = Throwaway.Value!;
        return (server.PgCtl, server.DataDirectory, server.RunAs);
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
        if (list.Count == 0 || (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)) && !Throwaway.IsValueCreated))
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
        return await Task.Run(() => Run(runAs, pgCtl, ["-D", data, .. args]));
    }

    /// <summary>Runs a program (as <paramref name="runAs"/> through runuser when given) and returns its exit code and output.</summary>
    private static (int ExitCode, string Output) Run(string? runAs, string program, IEnumerable<string> args)
    {
        var start = runAs is null ? new ProcessStartInfo(program) : new ProcessStartInfo("runuser");
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// Starts a throwaway cluster as eng/throwaway-postgres.sh does: initdb in a fresh temporary folder (owned by the
    /// postgres user when running as root, which cannot run a server), trust authentication on 127.0.0.1 only at a
    /// free port, the unix socket in the same folder. It is stopped and deleted when the test process exits.
    /// Returns null when the binaries are absent.
    /// </summary>
    private static Server? StartThrowaway()
    {
        var bin = FindBinaries();
        if (bin is null)
        {
            return null;
        }

        string? runAs = null;
        if (Environment.UserName == "root")
        {
            if (Run(null, "id", ["postgres"]).ExitCode != 0)
            {
                Prerequisite.SkipOrFail($"Running as root, the throwaway PostgreSQL server must run as the user postgres, which does not exist: create it (Debian's postgresql package does) or set KSBB_POSTGRES. Otherwise {HowToRun}.");
            }

            runAs = "postgres";
        }

        var folder = Directory.CreateTempSubdirectory("ksbb-postgres-tests.").FullName;
        if (runAs is not null)
        {
            Check(Run(null, "chmod", ["755", folder]), "chmod");
            Check(Run(null, "chown", [runAs, folder]), "chown");
        }

        var data = Path.Combine(folder, "data");
        Check(Run(runAs, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale"]), "initdb");
        var port = FreePort();
        File.AppendAllText(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{folder}'
            max_connections = 300
            fsync = on
            synchronous_commit = on

            """);
        var pgCtl = Path.Combine(bin, "pg_ctl");
        Check(Run(runAs, pgCtl, ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"]), "pg_ctl start");
        var server = new Server($"Host=127.0.0.1;Port={port};Username=postgres;Database=ksbb", pgCtl, data, runAs);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(runAs, pgCtl, ["-D", data, "-m", "immediate", "stop"]);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is under the temporary directory.
            }
        };
        Check(Run(runAs, Path.Combine(bin, "createdb"), ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "ksbb"]), "createdb");
        return server;
    }

    private static void Check((int ExitCode, string Output) result, string step)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Starting the throwaway PostgreSQL server failed at {step} (exit {result.ExitCode}): {result.Output}");
        }
    }

    /// <summary>The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl, else the folder of pg_ctl on PATH.</summary>
    private static string? FindBinaries()
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "createdb"));

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var versioned = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(d => d.Version >= 0 && Has(d.Bin))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Bin)
                .FirstOrDefault();
            if (versioned is not null)
            {
                return versioned;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Has(dir))
            {
                var pgCtl = new FileInfo(Path.Combine(dir, "pg_ctl"));
                return Path.GetDirectoryName(pgCtl.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl.FullName);
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Server(string ConnectionString, string PgCtl, string DataDirectory, string? RunAs);
}
