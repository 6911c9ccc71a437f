using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

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

    /// <summary>The development tokens the seed wrote; starts the portal and waits until it is ready when no request has
    /// yet (a test that reads the tokens first must not depend on another test having started the host).</summary>
    public IReadOnlyDictionary<string, string> Tokens
    {
        get
        {
            EnsureReady();
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(DataDir, "dev-tokens.json")))!;
        }
    }

    public string ActiveToken => Tokens["pt-maju-bersama"];

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", DataDir);
        builder.UseSetting("seed-area", "31.71.01");

        // Request logs at Information would bury a failing test's message in the test output.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
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
        return needs.GetProperty("features").EnumerateArray().First(f => f.GetProperty("properties").GetProperty("remaining").GetInt64() >= 10);
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
