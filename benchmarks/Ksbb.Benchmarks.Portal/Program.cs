// Reservations per second and latency percentiles over HTTP on loopback, at 1, 16 and 64 concurrent clients:
//   Baseline: a plain ASP.NET Core minimal API whose POST does one durable SQLite INSERT (WAL, synchronous=FULL).
//   Portal:   the reference portal's POST /api/reservations (bearer token, Idempotency-Key, the ledger's no-overlap rule).
// Usage: dotnet run -c Release --project benchmarks/Ksbb.Benchmarks.Portal -- [requests-per-level] [levels...]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

/// <summary>The runner.</summary>
internal static class PortalBenchmark
{
    public static async Task Main(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        var levels = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 16, 64];
        var root = Directory.CreateTempSubdirectory("ksbb-portal-bench-").FullName;
        Console.WriteLine($"# {requests} requests per level, levels {string.Join(", ", levels)}; {Environment.ProcessorCount} cores; {RuntimeInformationText()}");
        Console.WriteLine();
        Console.WriteLine("| endpoint | clients | requests/s | p50 ms | p99 ms | 2xx | other |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        await using (var baseline = await BaselineServer.StartAsync(Path.Combine(root, "baseline.db")))
        {
            foreach (var clients in levels)
            {
                var body = "{\"unit\":\"31.71.01.1001.001.001\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":1}";
                Report("Baseline (one durable INSERT)", clients, await RunAsync(baseline.Address, "/insert", clients, requests, _ => body, null));
            }
        }

        await using (var portal = new PortalServer(Path.Combine(root, "portal")))
        {
            var address = portal.Start();
            var token = portal.Token;
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var needs = JsonDocument.Parse(await http.GetStringAsync("/api/needs?item=pangan.paket-sembako&period=2020-11")).RootElement;

            // Units with remaining need; each request reserves 1 from the next unit in turn, so nearly every request succeeds
            // while many race on the same rows.
            var units = needs.GetProperty("features").EnumerateArray()
                .SelectMany(f => Enumerable.Repeat(f.GetProperty("properties").GetProperty("code").GetString()!, (int)f.GetProperty("properties").GetProperty("remaining").GetInt64()))
                .ToArray();
            var next = 0;
            foreach (var clients in levels)
            {
                Report("Portal POST /api/reservations", clients, await RunAsync(address, "/api/reservations", clients, requests, _ =>
                {
                    var unit = units[Interlocked.Increment(ref next) % units.Length];
                    return $"{{\"unit\":\"{unit}\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":1}}";
                }, token));
            }
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static void Report(string name, int clients, (double PerSecond, double P50, double P99, int Ok, int Other) r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {clients} | {r.PerSecond:F0} | {r.P50:F2} | {r.P99:F2} | {r.Ok} | {r.Other} |"));

    private static async Task<(double PerSecond, double P50, double P99, int Ok, int Other)> RunAsync(
        string address, string path, int clients, int requests, Func<int, string> body, string? token)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Warm-up: a few requests per client, not measured.
        await SendManyAsync(client, path, clients, clients * 4, body, new double[clients * 4], "warm");
        var latencies = new double[requests];
        var started = Stopwatch.GetTimestamp();
        var (ok, other) = await SendManyAsync(client, path, clients, requests, body, latencies, "run");
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        return (requests / seconds, latencies[(int)(requests * 0.50)], latencies[Math.Min(requests - 1, (int)(requests * 0.99))], ok, other);
    }

    private static async Task<(int Ok, int Other)> SendManyAsync(HttpClient client, string path, int clients, int requests, Func<int, string> body, double[] latencies, string phase)
    {
        var issued = -1;
        var ok = 0;
        var other = 0;
        var runId = Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref issued)) < requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body(i), Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", $"{phase}-{runId}-{i}");
                var t0 = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref other);
                }
            }
        }));
        return (ok, other);
    }
}

/// <summary>The reference portal on Kestrel (loopback, a free port), seeded with kota Jakarta Pusat.</summary>
internal sealed class PortalServer(string dataDir) : WebApplicationFactory<global::Program>
{
    public string Token => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(dataDir, "dev-tokens.json")))!["pt-maju-bersama"];

    public string Start()
    {
        // The portal's content root (its wwwroot), found above this program's folder.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "Ksbb.Portal")))
        {
            dir = dir.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_KSBB_PORTAL", Path.Combine(dir?.FullName ?? ".", "samples", "Ksbb.Portal"));
        UseKestrel(0);
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", dataDir);
        builder.UseSetting("seed-area", "31.71");
        builder.ConfigureLogging(l => l.ClearProviders());
    }
}

/// <summary>The baseline: one POST endpoint that inserts the body as one row, durably (WAL, synchronous=FULL), one connection per request from the pool.</summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BaselineServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public static async Task<BaselineServer> StartAsync(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            using var command = setup.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, body TEXT NOT NULL);";
            await command.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/insert", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; INSERT INTO rows (idempotency_key, body) VALUES ($key, $body);";
            command.Parameters.AddWithValue("$key", request.Headers["Idempotency-Key"].ToString());
            command.Parameters.AddWithValue("$body", body);
            await command.ExecuteNonQueryAsync();
            return Results.Created();
        });
        await app.StartAsync();
        return new BaselineServer(app, app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
