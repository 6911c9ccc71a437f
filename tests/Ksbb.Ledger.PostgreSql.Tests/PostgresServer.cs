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

    // The fault tests' own server: started even when KSBB_POSTGRES names a shared one, so stopping it stops nobody else.
    private static readonly Lazy<Server?> Own = new(StartThrowaway, LazyThreadSafetyMode.ExecutionAndPublication);

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

    /// <summary>
    /// Gets a server of the calling test's own, for tests that stop and restart their server: always a throwaway
    /// server started by this process, never the one <c>KSBB_POSTGRES</c> names, which other test projects use at
    /// the same time. Skips with instructions when no PostgreSQL binaries are found (fails under <c>CI=true</c>).
    /// </summary>
    public static OwnServer OwnServerOrSkip()
    {
        var server = Own.Value;
        if (server is null)
        {
            Prerequisite.SkipOrFail($"Server fault tests stop and restart a server of their own and need the PostgreSQL server binaries: {HowToRun}.");
        }

        return new OwnServer(server);
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
        File.AppendAllText(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{folder}'
            max_connections = 300
            fsync = on
            synchronous_commit = on
            include = 'port.conf'

            """);
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var port = StartOnFreePort(runAs, pgCtl, data, folder);
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

    /// <summary>
    /// Starts the server at a port that was free a moment ago. Another process may bind that port between the probe
    /// and the server's own bind, so a start that fails to bind tries the next free port (the port lives in
    /// port.conf, which postgresql.conf includes, so a later plain <c>pg_ctl start</c> reuses it).
    /// </summary>
    private static int StartOnFreePort(string? runAs, string pgCtl, string data, string folder)
    {
        const int Attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var portFile = Path.Combine(data, "port.conf");
            File.WriteAllText(portFile, $"port = {port}\n");
            if (runAs is not null)
            {
                Check(Run(null, "chown", [runAs, portFile]), "chown");
            }

            var log = Path.Combine(folder, $"server-{attempt}.log");
            var started = Run(runAs, pgCtl, ["-D", data, "-l", log, "-w", "-t", "60", "start"]);
            if (started.ExitCode == 0)
            {
                return port;
            }

            var serverLog = File.Exists(log) ? File.ReadAllText(log) : "";
            if (attempt == Attempts || !IsBindFailure(serverLog))
            {
                Check((started.ExitCode, started.Output + serverLog), "pg_ctl start");
            }
        }
    }

    /// <summary>Whether a server log says the server could not listen on its port (taken by another process).</summary>
    internal static bool IsBindFailure(string serverLog) =>
        serverLog.Contains("could not bind", StringComparison.Ordinal) || serverLog.Contains("could not create any TCP/IP sockets", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A server a test owns: its connection string, and pg_ctl run as the data directory's owner.</summary>
    internal sealed class OwnServer
    {
        private readonly Server _server;

        internal OwnServer(Server server) => _server = server;

        /// <summary>Gets the connection string.</summary>
        public string ConnectionString => _server.ConnectionString;

        /// <summary>Gets the folder holding the data directory (for logs).</summary>
        public string Folder => Path.GetDirectoryName(_server.DataDirectory)!;

        /// <summary>Opens a store on this server.</summary>
        public PostgreSqlLedgerStore Open(string schema, PostgreSqlLedgerStoreOptions? options = null) =>
            PostgreSqlLedgerStore.Open(ConnectionString, (options ?? PostgreSqlLedgerStoreOptions.Default) with { Schema = schema });

        /// <summary>Runs pg_ctl on this server's data directory and returns its exit code and output.</summary>
        public Task<(int ExitCode, string Output)> PgCtlAsync(params string[] args) =>
            Task.Run(() => Run(_server.RunAs, _server.PgCtl, ["-D", _server.DataDirectory, .. args]));
    }

    internal sealed record Server(string ConnectionString, string PgCtl, string DataDirectory, string? RunAs);
}
