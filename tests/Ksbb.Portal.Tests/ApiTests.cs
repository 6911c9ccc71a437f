using System.Net;
using System.Text.Json;

namespace Ksbb.Portal.Tests;

/// <summary>The HTTP contract of docs/portal.md, through the API as a client meets it.</summary>
public sealed class ApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_and_OpenApi_answer()
    {
        using var client = portal.CreateClient();
        using var health = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var openApi = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var document = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/reservations", out var reservations));
        Assert.True(reservations.TryGetProperty("post", out _));
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/needs").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/needs").GetProperty("put").GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(paths.GetProperty("/api/deliveries").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/reservations/{id}/verify").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/allocation/preview").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/me").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task Seed_writes_tokens_and_needs_per_rt_with_the_contract_properties()
    {
        Assert.True(portal.Tokens.Count >= 1);
        var needs = await portal.NeedsAsync();
        Assert.Equal("FeatureCollection", needs.GetProperty("type").GetString());
        var features = needs.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        var round = JsonDocument.Parse(File.ReadAllText(Path.Combine(portal.DataDir, "round.json"))).RootElement;
        var households = round.GetProperty("households");

        // One feature per unit with a need: exactly the seeded RTs, each with its generated household count.
        Assert.Equal(households.EnumerateObject().Count(), features.Count);
        foreach (var f in features)
        {
            var p = f.GetProperty("properties");
            var code = p.GetProperty("code").GetString()!;
            Assert.Equal(6, code.Split('.').Length);
            Assert.Equal(households.GetProperty(code).GetInt32(), p.GetProperty("households").GetInt32());
            Assert.True(p.GetProperty("need").GetInt64() > 0);
            Assert.True(p.TryGetProperty("reserved", out _) && p.TryGetProperty("delivered", out _));
            Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
        }
    }

    [Fact]
    public async Task Reserve_returns_201_and_the_need_shows_it_and_a_retry_replays()
    {
        var need = (await portal.FirstNeedAsync()).GetProperty("properties");
        var unit = need.GetProperty("code").GetString()!;
        var before = need.GetProperty("reserved").GetInt64();
        using var client = portal.Client(portal.ActiveToken, "reserve-once");
        using var first = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 3)), Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var reservation = JsonDocument.Parse(await first.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(unit, reservation.GetProperty("unit").GetString());
        Assert.Equal(3, reservation.GetProperty("quantity").GetInt64());
        Assert.Equal("pt-maju-bersama", reservation.GetProperty("collaborator").GetString());

        using var retry = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 3)), Ct);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(reservation.GetProperty("id").GetString(), JsonDocument.Parse(await retry.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString());

        var after = (await portal.NeedsAsync(unit)).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(before + 3, after.GetProperty("reserved").GetInt64());
        Assert.Contains(after.GetProperty("helpers").EnumerateArray(), h => h.GetProperty("name").GetString() == "PT Maju Bersama");
    }

    [Theory]
    [InlineData("{\"unit\":\"31.71.01.1001.001.001\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":\"two\"}", "quantity")]
    [InlineData("{\"unit\":\"31.71.01.1001.001.001\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":0}", "quantity")]
    [InlineData("{\"unit\":\"not-a-code\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":1}", "unit")]
    [InlineData("{\"unit\":\"31.71.01.1001.001.001\",\"item\":\"Bad Item\",\"period\":\"2020-11\",\"quantity\":1}", "item")]
    [InlineData("{\"unit\":\"31.71.01.1001.001.001\",\"item\":\"pangan.paket-sembako\",\"period\":\"November\",\"quantity\":1}", "period")]
    [InlineData("{\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":1}", "unit")]
    [InlineData("{\"unit\":\"31.71.01.1001.001.001\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"quantity\":1,\"pledge\":5}", "pledge")]
    [InlineData("[1,2]", "$")]
    [InlineData("{\"unit\":", "$")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        using var client = portal.Client(portal.ActiveToken, "bad-" + Guid.NewGuid().ToString("N"));
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(body), Ct);
        await AssertProblem(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Missing_idempotency_key_is_a_400_naming_the_header()
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var client = portal.Client(portal.ActiveToken);
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct);
        await AssertProblem(response, HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Missing_or_unknown_token_is_401(string? token)
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var client = portal.Client(token, "k-401");
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct);
        await AssertProblem(response, HttpStatusCode.Unauthorized, "Authorization");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspended_collaborator_is_403_and_someone_elses_reservation_is_403()
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using (var suspended = portal.Client(portal.Tokens["cv-ditangguhkan"], "k-403"))
        using (var response = await suspended.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct))
        {
            await AssertProblem(response, HttpStatusCode.Forbidden, "Authorization");
        }

        using var owner = portal.Client(portal.ActiveToken, "k-owned");
        using var made = await owner.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var id = JsonDocument.Parse(await made.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString();
        using var other = portal.Client(portal.Tokens["warga-budi"], "k-other");
        using var release = await other.PostAsync($"/api/reservations/{id}/release", null, Ct);
        var refused = await AssertProblem(release, HttpStatusCode.Forbidden, "Authorization");
        Assert.Equal("actor-not-permitted", refused.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Over_need_is_a_409_naming_quantity_with_what_remains()
    {
        var p = (await portal.FirstNeedAsync()).GetProperty("properties");
        var remaining = p.GetProperty("remaining").GetInt64();
        using var client = portal.Client(portal.ActiveToken, "over-need");
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(p.GetProperty("code").GetString()!, remaining + 1)), Ct);
        var problem = await AssertProblem(response, HttpStatusCode.Conflict, "quantity");
        Assert.Equal(remaining, problem.GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task Release_and_deliver_change_the_need_and_repeat_idempotently()
    {
        var p = (await portal.FirstNeedAsync()).GetProperty("properties");
        var unit = p.GetProperty("code").GetString()!;
        using var client = portal.Client(portal.ActiveToken, "flow-" + Guid.NewGuid().ToString("N"));
        async Task<string> Reserve(string key)
        {
            using var c = portal.Client(portal.ActiveToken, key);
            using var r = await c.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 2)), Ct);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return JsonDocument.Parse(await r.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
        }

        var released = await Reserve("flow-a");
        var delivered = await Reserve("flow-b");
        for (var i = 0; i < 2; i++)
        {
            using var release = await client.PostAsync($"/api/reservations/{released}/release", null, Ct);
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
            Assert.Equal("released", JsonDocument.Parse(await release.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());
            using var deliver = await client.PostAsync($"/api/reservations/{delivered}/deliver", PortalFixture.Json("{\"quantity\":2}"), Ct);
            Assert.Equal(HttpStatusCode.OK, deliver.StatusCode);
        }

        var after = (await portal.NeedsAsync(unit)).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(p.GetProperty("delivered").GetInt64() + 2, after.GetProperty("delivered").GetInt64());
        Assert.Equal(p.GetProperty("reserved").GetInt64(), after.GetProperty("reserved").GetInt64());

        using var again = await client.PostAsync($"/api/reservations/{delivered}/release", null, Ct);
        await AssertProblem(again, HttpStatusCode.Conflict, "id");
    }

    [Fact]
    public async Task Rw_summary_sums_its_rts()
    {
        var rts = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        using var client = portal.CreateClient();
        var summary = JsonDocument.Parse(await client.GetStringAsync($"/api/summary/rw?item={PortalFixture.Item}&period={PortalFixture.Period}&area=31.71.01", Ct)).RootElement;
        var rws = summary.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.NotEmpty(rws);
        foreach (var rw in rws)
        {
            var code = rw.GetProperty("code").GetString()!;
            var mine = rts.Where(r => r.GetProperty("code").GetString()!.StartsWith(code + ".", StringComparison.Ordinal)).ToList();
            Assert.Equal(mine.Sum(r => r.GetProperty("need").GetInt64()), rw.GetProperty("need").GetInt64());
            Assert.Equal(mine.Sum(r => r.GetProperty("households").GetInt32()), rw.GetProperty("households").GetInt32());
        }
    }

    [Fact]
    public async Task Needs_query_names_a_missing_or_bad_field()
    {
        using var client = portal.CreateClient();
        await AssertProblem(await client.GetAsync("/api/needs?period=2020-11", Ct), HttpStatusCode.BadRequest, "item");
        await AssertProblem(await client.GetAsync("/api/needs?item=pangan.paket-sembako&period=13-2020", Ct), HttpStatusCode.BadRequest, "period");
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        return problem;
    }
}
