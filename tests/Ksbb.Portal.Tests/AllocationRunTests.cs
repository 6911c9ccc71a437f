using System.Net;
using System.Text.Json;

namespace Ksbb.Portal.Tests;

/// <summary><c>POST /api/allocation/run</c>: the pooled round planned and committed from the ledger's state, shown on the map.</summary>
public sealed class AllocationRunTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_committed_run_reserves_the_plan_on_the_pooled_pledge_the_map_shows_it_and_a_repeat_replays()
    {
        var before = await TotalsAsync();
        var dry = await RunAsync("dry-run", "");
        Assert.False(dry.GetProperty("committed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, dry.GetProperty("reserved").ValueKind);
        Assert.Equal(before, await TotalsAsync());

        var run = await RunAsync("commit-run", "?commit=true");
        Assert.True(run.GetProperty("committed").GetBoolean());
        var lines = run.GetProperty("lineCount").GetInt32();
        Assert.True(lines > 0);
        Assert.Equal(dry.GetProperty("fingerprint").GetString(), run.GetProperty("fingerprint").GetString());
        Assert.Equal(lines, run.GetProperty("reserved").GetInt32());
        Assert.Equal(0, run.GetProperty("refused").GetInt32());
        Assert.Empty(run.GetProperty("refusedLines").EnumerateArray());
        var allocated = run.GetProperty("allocated").GetInt64();
        Assert.Equal(allocated, run.GetProperty("reservedQuantity").GetInt64());

        // The map shows the reservations, with the pooled donor among the helpers of a planned unit.
        Assert.Equal(before.Reserved + allocated, (await TotalsAsync()).Reserved);
        var first = run.GetProperty("lines")[0];
        var unit = (await portal.NeedsAsync(first.GetProperty("unit").GetString())).GetProperty("features")[0].GetProperty("properties");
        Assert.Contains(unit.GetProperty("helpers").EnumerateArray(), h => h.GetProperty("name").GetString() == "PT Sumber Pangan");

        // The warehouse the pooled pledge goes through is on the map with what remains on it.
        using var anonymous = portal.CreateClient();
        var warehouse = Assert.Single(JsonDocument.Parse(await anonymous.GetStringAsync("/api/aggregators", Ct)).RootElement.GetProperty("features").EnumerateArray()).GetProperty("properties");
        Assert.Equal("gudang-pangan-bersama", warehouse.GetProperty("id").GetString());
        Assert.Equal(dry.GetProperty("supply").GetInt64() - allocated, warehouse.GetProperty("remaining").GetInt64());

        // Running again (body flag this time) plans from what is left on the pooled pledge: never more than it held.
        var again = await RunAsync("commit-again", "", "{\"commit\":true}");
        Assert.True(again.GetProperty("committed").GetBoolean());
        Assert.Equal(dry.GetProperty("supply").GetInt64() - allocated, again.GetProperty("supply").GetInt64());
        Assert.Equal(before.Reserved + allocated + again.GetProperty("allocated").GetInt64(), (await TotalsAsync()).Reserved);
    }

    [Fact]
    public async Task A_run_is_for_operators_with_a_key_and_names_bad_input()
    {
        var before = await TotalsAsync();
        using (var anonymous = portal.Client(null, "k"))
        {
            await ApiTests.AssertProblem(await anonymous.PostAsync("/api/allocation/run", null, Ct), HttpStatusCode.Unauthorized, "Authorization");
        }

        foreach (var token in new[] { portal.Tokens[PortalFixture.Verifier], portal.ActiveToken })
        {
            using var other = portal.Client(token, "k");
            await ApiTests.AssertProblem(await other.PostAsync("/api/allocation/run?commit=true", null, Ct), HttpStatusCode.Forbidden, "Authorization");
        }

        using var noKey = portal.Client(portal.Tokens[PortalFixture.Operator]);
        await ApiTests.AssertProblem(await noKey.PostAsync("/api/allocation/run", null, Ct), HttpStatusCode.BadRequest, "Idempotency-Key");
        using var client = portal.Client(portal.Tokens[PortalFixture.Operator], "bad");
        await ApiTests.AssertProblem(await client.PostAsync("/api/allocation/run?commit=maybe", null, Ct), HttpStatusCode.BadRequest, "commit");
        await ApiTests.AssertProblem(await client.PostAsync("/api/allocation/run", PortalFixture.Json("{\"commit\":\"yes\"}"), Ct), HttpStatusCode.BadRequest, "commit");
        await ApiTests.AssertProblem(await client.PostAsync("/api/allocation/run?period=2020-13", null, Ct), HttpStatusCode.BadRequest, "period");
        Assert.Equal(before, await TotalsAsync());
    }

    [Fact]
    public async Task The_map_shows_households_in_need_by_the_catalogues_per_household_rule()
    {
        // One staple-food package per household: the need in households equals the need.
        var features = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.NotEmpty(features);
        Assert.All(features, p => Assert.Equal(p.GetProperty("need").GetInt64(), p.GetProperty("householdsInNeed").GetInt64()));
        using var client = portal.CreateClient();
        var rws = JsonDocument.Parse(await client.GetStringAsync($"/api/summary/rw?item={PortalFixture.Item}&period={PortalFixture.Period}&area=31.71.01", Ct)).RootElement;
        Assert.Contains(rws.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("householdsInNeed").ValueKind == JsonValueKind.Number);
    }

    private async Task<JsonElement> RunAsync(string key, string query, string? body = null)
    {
        using var client = portal.Client(portal.Tokens[PortalFixture.Operator], key);
        using var response = await client.PostAsync("/api/allocation/run" + query, body is null ? null : PortalFixture.Json(body), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private async Task<(long Need, long Reserved)> TotalsAsync()
    {
        var features = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        return (features.Sum(p => p.GetProperty("need").GetInt64()), features.Sum(p => p.GetProperty("reserved").GetInt64()));
    }
}
