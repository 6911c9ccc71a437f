using System.Net;
using System.Text;
using System.Text.Json;

namespace Ksbb.Portal.Tests;

/// <summary>The operator's part of the API: needs published from CSV (the ledger's operator rule), and the pooled round's dry run.</summary>
public sealed class OperatorApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Header = "unit,item,period,need\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string OperatorToken => portal.Tokens[PortalFixture.Operator];

    [Fact]
    public async Task Operator_updates_a_need_and_publishes_a_new_one_and_the_map_shows_both()
    {
        var needs = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var updated = needs[0].GetProperty("code").GetString()!;
        var newNeed = needs[1].GetProperty("code").GetString()!;
        var csv = Header + $"{updated},{PortalFixture.Item},{PortalFixture.Period},77\r\n\r\n{newNeed},pangan.beras,{PortalFixture.Period},5\n";
        using var response = await PutAsync(OperatorToken, "import-1", csv);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(1, body.GetProperty("updated").GetInt32());
        Assert.Equal(1, body.GetProperty("published").GetInt32());
        Assert.Equal(needs[0].GetProperty("need").GetInt64(), body.GetProperty("needs")[0].GetProperty("previous").GetInt64());

        var after = (await portal.NeedsAsync(updated)).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(77, after.GetProperty("need").GetInt64());
        using var client = portal.CreateClient();
        var rice = JsonDocument.Parse(await client.GetStringAsync($"/api/needs?item=pangan.beras&period={PortalFixture.Period}", Ct)).RootElement;
        var feature = Assert.Single(rice.GetProperty("features").EnumerateArray());
        Assert.Equal(newNeed, feature.GetProperty("properties").GetProperty("code").GetString());
        Assert.Equal(5, feature.GetProperty("properties").GetProperty("need").GetInt64());
    }

    [Fact]
    public async Task A_need_for_a_week_inside_the_published_month_is_reported_refused_and_not_published()
    {
        var unit = (await portal.NeedsAsync()).GetProperty("features")[2].GetProperty("properties").GetProperty("code").GetString()!;
        var csv = Header + $"{unit},{PortalFixture.Item},2020-W46,4\n";
        using var response = await PutAsync(OperatorToken, "week-import", csv);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal((0, 1), (body.GetProperty("published").GetInt32(), body.GetProperty("refused").GetInt32()));
        Assert.Equal("need-period-overlap", body.GetProperty("needs")[0].GetProperty("refused").GetString());
        Assert.Equal(PortalFixture.Period, body.GetProperty("needs")[0].GetProperty("overlaps").GetString());
        using var client = portal.CreateClient();
        var week = JsonDocument.Parse(await client.GetStringAsync($"/api/needs?item={PortalFixture.Item}&period=2020-W46", Ct)).RootElement;
        Assert.Empty(week.GetProperty("features").EnumerateArray());
    }

    [Theory]
    [InlineData("unit,item,period,need\n31.71.01.1001.001.001,pangan.paket-sembako,2020-11,3\n31.71.01.1001.001.002,pangan.paket-sembako,2020-13,3\n", "period", 3)]
    [InlineData("unit,item,period,need\n31.71.01.1001.001.001,pangan.paket-sembako,2020-11,-1\n", "need", 2)]
    [InlineData("unit,item,period,need\nnot-a-unit,pangan.paket-sembako,2020-11,1\n", "unit", 2)]
    [InlineData("unit,item,period\n31.71.01.1001.001.001,pangan.paket-sembako,2020-11\n", "$", 1)]
    [InlineData("unit,item,period,need\n", "$", 2)]
    public async Task A_bad_line_is_a_400_naming_line_and_field_and_nothing_changes(string csv, string field, int line)
    {
        var before = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("need").GetInt64());
        using var response = await PutAsync(OperatorToken, "bad-" + Guid.NewGuid().ToString("N"), csv);
        var problem = await ApiTests.AssertProblem(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
        var after = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("need").GetInt64());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_unit_outside_the_operators_region_is_a_403_naming_its_line()
    {
        var first = (await portal.FirstNeedAsync()).GetProperty("properties");
        var inside = first.GetProperty("code").GetString()!;
        var before = first.GetProperty("need").GetInt64();
        Assert.NotEqual(9, before);
        var csv = Header + $"{inside},{PortalFixture.Item},{PortalFixture.Period},9\n\n31.73.01.1001.001.001,{PortalFixture.Item},{PortalFixture.Period},9\n";
        using var response = await PutAsync(OperatorToken, "outside", csv);
        var problem = await ApiTests.AssertProblem(response, HttpStatusCode.Forbidden, "unit");
        Assert.Equal(4, problem.GetProperty("line").GetInt32());
        Assert.Equal("operator-role-required", problem.GetProperty("rule").GetString());
        Assert.Equal(before, (await portal.NeedsAsync(inside)).GetProperty("features")[0].GetProperty("properties").GetProperty("need").GetInt64());
    }

    [Fact]
    public async Task Only_an_operator_with_a_token_a_key_and_a_csv_body_publishes()
    {
        var csv = Header + $"31.71.01.1001.001.001,{PortalFixture.Item},{PortalFixture.Period},1\n";
        await ApiTests.AssertProblem(await PutAsync(null, "k", csv), HttpStatusCode.Unauthorized, "Authorization");

        // Who may set needs is the ledger's rule; the problem names it.
        foreach (var token in new[] { portal.ActiveToken, portal.Tokens[PortalFixture.Verifier] })
        {
            var refused = await ApiTests.AssertProblem(await PutAsync(token, "k", csv), HttpStatusCode.Forbidden, "Authorization");
            Assert.Equal("operator-role-required", refused.GetProperty("rule").GetString());
        }

        await ApiTests.AssertProblem(await PutAsync(OperatorToken, null, csv), HttpStatusCode.BadRequest, "Idempotency-Key");
        using var client = portal.Client(OperatorToken, "json");
        using var json = await client.PutAsync("/api/needs", PortalFixture.Json("{}"), Ct);
        await ApiTests.AssertProblem(json, HttpStatusCode.UnsupportedMediaType, "Content-Type");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_400_naming_the_body()
    {
        var line = $"31.71.01.1001.001.001,{PortalFixture.Item},{PortalFixture.Period},1\n";
        var csv = Header + string.Concat(Enumerable.Repeat(line, (4 * 1024 * 1024 / line.Length) + 1));
        var problem = await ApiTests.AssertProblem(await PutAsync(OperatorToken, "huge", csv), HttpStatusCode.BadRequest, "$");
        Assert.Contains("larger than", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocation_preview_is_the_pooled_rounds_dry_run_placing_only_pooled_pledges_and_changes_nothing()
    {
        var reservedBefore = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("reserved").GetInt64());
        using var pooled = portal.Client(portal.Tokens["pt-sumber-pangan"]);
        var pledge = Assert.Single(JsonDocument.Parse(await pooled.GetStringAsync("/api/me", Ct)).RootElement.GetProperty("pledges").EnumerateArray());
        Assert.Equal("aggregator", pledge.GetProperty("channel").GetString());

        using var client = portal.Client(OperatorToken);
        using var response = await client.GetAsync("/api/allocation/preview", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(preview.GetProperty("preview").GetBoolean());

        // Only the pooled pledge is supply: direct donors choose from the map themselves.
        Assert.Equal(pledge.GetProperty("remaining").GetInt64(), preview.GetProperty("supply").GetInt64());
        var lines = preview.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(lines.Count, preview.GetProperty("lineCount").GetInt32());
        Assert.All(lines, l => Assert.Equal(pledge.GetProperty("id").GetString(), l.GetProperty("pledge").GetString()));
        var allocated = preview.GetProperty("allocated").GetInt64();
        Assert.Equal(allocated, lines.Sum(l => l.GetProperty("quantity").GetInt64()));
        Assert.Equal(Math.Min(preview.GetProperty("need").GetInt64(), preview.GetProperty("supply").GetInt64()), allocated);

        var reservedAfter = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("reserved").GetInt64());
        Assert.Equal(reservedBefore, reservedAfter);
    }

    [Fact]
    public async Task Allocation_preview_is_for_operators_and_names_a_bad_period()
    {
        using (var anonymous = portal.Client(null))
        {
            await ApiTests.AssertProblem(await anonymous.GetAsync("/api/allocation/preview", Ct), HttpStatusCode.Unauthorized, "Authorization");
        }

        using (var verifier = portal.Client(portal.Tokens[PortalFixture.Verifier]))
        {
            await ApiTests.AssertProblem(await verifier.GetAsync("/api/allocation/preview", Ct), HttpStatusCode.Forbidden, "Authorization");
        }

        using var client = portal.Client(OperatorToken);
        await ApiTests.AssertProblem(await client.GetAsync("/api/allocation/preview?period=2020-13", Ct), HttpStatusCode.BadRequest, "period");
    }

    private async Task<HttpResponseMessage> PutAsync(string? token, string? key, string csv)
    {
        using var client = portal.Client(token, key);
        return await client.PutAsync("/api/needs", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
    }
}
