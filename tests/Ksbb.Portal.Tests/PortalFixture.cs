using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Ksbb.Portal.Tests;

/// <summary>One portal per test class, on a fresh data directory (seeded on start), through WebApplicationFactory.</summary>
public sealed class PortalFixture : WebApplicationFactory<Program>
{
    public const string Item = "pangan.paket-sembako";
    public const string Period = "2020-11";

    private volatile bool _ready;

    public PortalFixture()
    {
        DataDir = Directory.CreateTempSubdirectory("ksbb-portal-").FullName;
    }

    public string DataDir { get; }

    public IReadOnlyDictionary<string, string> Tokens => JsonSerializer.Deserialize<Dictionary<string, string>>(SeededFile("dev-tokens.json"))!;

    public string ActiveToken => Tokens["pt-maju-bersama"];

    /// <summary>The seeded kelurahan verifier's id.</summary>
    public const string Verifier = "petugas-kelurahan";

    /// <summary>The seeded operator's id.</summary>
    public const string Operator = "operator-kota";

    /// <summary>The seeded officers' scopes (region codes) by id, as round.json records them.</summary>
    public IReadOnlyDictionary<string, string> OfficerScopes =>
        JsonDocument.Parse(SeededFile("round.json")).RootElement.GetProperty("officers").EnumerateArray()
            .ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("scope").GetString()!);

    /// <summary>Reads a file of the data directory after the host has started (and so seeded it).</summary>
    private string SeededFile(string name)
    {
        EnsureReady();
        return File.ReadAllText(Path.Combine(DataDir, name));
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", DataDir);
        builder.UseSetting("seed-area", "31.71.01");

        // Request logs at Information would bury a failing test's output.
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>Starts the host if needed and waits for <c>/health</c> to answer 200 (the seed has been written).</summary>
    public void EnsureReady()
    {
        if (_ready)
        {
            return;
        }

        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using var response = client.GetAsync("/health").GetAwaiter().GetResult();
            if (response.IsSuccessStatusCode)
            {
                _ready = true;
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The portal did not become ready: /health answered {(int)response.StatusCode}.");
            }

            Thread.Sleep(50);
        }
    }

    public HttpClient Client(string? token, string? idempotencyKey = null)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            client.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string ReserveBody(string unit, long quantity, string item = Item, string period = Period) =>
        JsonSerializer.Serialize(new { unit, item, period, quantity });

    public async Task<JsonElement> NeedsAsync(string? area = null)
    {
        var url = $"/api/needs?item={Item}&period={Period}" + (area is null ? string.Empty : $"&area={area}");
        using var response = await CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    public async Task<JsonElement> FirstNeedAsync()
    {
        var needs = await NeedsAsync();
        return needs.GetProperty("features").EnumerateArray().First(f => f.GetProperty("properties").GetProperty("remaining") is { ValueKind: JsonValueKind.Number } r && r.GetInt64() >= 10);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
