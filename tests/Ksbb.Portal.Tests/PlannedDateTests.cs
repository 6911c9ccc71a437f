using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Ksbb.Portal.Tests;

/// <summary>Planned delivery dates: <c>deliverBy</c> when reserving, the date and whether it is overdue in
/// <c>/api/me</c>, and the officers' <c>GET /api/overdue</c> within their region.</summary>
public sealed class PlannedDateTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Today in Asia/Jakarta (UTC+7, no daylight saving), as the ledger counts days.
    private static DateOnly JakartaToday => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public async Task A_planned_date_is_kept_and_not_overdue_while_the_default_date_of_a_past_period_is_overdue()
    {
        // A planned date lies from today to the period's last day plus the ledger's grace, so it is for a need of this month.
        var planned = JakartaToday.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var withDate = await ReserveAsync("dated", planned, await CurrentNeedAsync());
        Assert.Equal(planned, withDate.GetProperty("deliverBy").GetString());
        var withoutDate = await ReserveAsync("undated", null);

        // Without a date the ledger plans the period's last day: 2020-11-30, long past.
        Assert.Equal("2020-11-30", withoutDate.GetProperty("deliverBy").GetString());
        var mine = await MineAsync();
        Assert.False(mine[withDate.GetProperty("id").GetString()!].GetProperty("overdue").GetBoolean());
        Assert.True(mine[withoutDate.GetProperty("id").GetString()!].GetProperty("overdue").GetBoolean());

        using var op = portal.Client(portal.Tokens[PortalFixture.Operator]);
        var overdue = JsonDocument.Parse(await op.GetStringAsync("/api/overdue", Ct)).RootElement.EnumerateArray().ToList();
        var listed = Assert.Single(overdue, o => o.GetProperty("reservation").GetProperty("id").GetString() == withoutDate.GetProperty("id").GetString());
        Assert.Equal("2020-11-30", listed.GetProperty("deliverBy").GetString());
        Assert.Equal(JakartaToday.DayNumber - new DateOnly(2020, 11, 30).DayNumber, listed.GetProperty("daysOverdue").GetInt32(), tolerance: 1);
        Assert.DoesNotContain(overdue, o => o.GetProperty("reservation").GetProperty("id").GetString() == withDate.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Overdue_is_for_officers_within_their_region()
    {
        // Two overdue reservations (the default date of a past period): one inside the verifier's kelurahan, one outside.
        var kelurahan = portal.OfficerScopes[PortalFixture.Verifier];
        var units = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("remaining") is { ValueKind: JsonValueKind.Number } r && r.GetInt64() >= 1)
            .Select(f => f.GetProperty("properties").GetProperty("code").GetString()!).ToList();
        var insideUnit = units.First(u => u.StartsWith(kelurahan + ".", StringComparison.Ordinal));
        var outsideUnit = units.First(u => !u.StartsWith(kelurahan + ".", StringComparison.Ordinal));
        var inside = (await ReserveAsync("scope-inside", null, (insideUnit, PortalFixture.Period))).GetProperty("id").GetString();
        var outside = (await ReserveAsync("scope-outside", null, (outsideUnit, PortalFixture.Period))).GetProperty("id").GetString();
        using (var verifier = portal.Client(portal.Tokens[PortalFixture.Verifier]))
        {
            var listed = JsonDocument.Parse(await verifier.GetStringAsync("/api/overdue", Ct)).RootElement.EnumerateArray().ToList();
            Assert.Contains(listed, o => o.GetProperty("reservation").GetProperty("id").GetString() == inside);
            Assert.DoesNotContain(listed, o => o.GetProperty("reservation").GetProperty("id").GetString() == outside);
            Assert.All(listed, o => Assert.StartsWith(kelurahan + ".", o.GetProperty("reservation").GetProperty("unit").GetString()!, StringComparison.Ordinal));
            await ApiTests.AssertProblem(await verifier.GetAsync("/api/overdue?area=31.73", Ct), HttpStatusCode.Forbidden, "area");
            await ApiTests.AssertProblem(await verifier.GetAsync("/api/overdue?area=nonsense", Ct), HttpStatusCode.BadRequest, "area");
        }

        // The operator's region holds both.
        using (var op = portal.Client(portal.Tokens[PortalFixture.Operator]))
        {
            var listed = JsonDocument.Parse(await op.GetStringAsync("/api/overdue", Ct)).RootElement.EnumerateArray().Select(o => o.GetProperty("reservation").GetProperty("id").GetString()).ToList();
            Assert.Contains(inside, listed);
            Assert.Contains(outside, listed);
        }

        using (var donor = portal.Client(portal.ActiveToken))
        {
            await ApiTests.AssertProblem(await donor.GetAsync("/api/overdue", Ct), HttpStatusCode.Forbidden, "Authorization");
        }

        using var anonymous = portal.Client(null);
        await ApiTests.AssertProblem(await anonymous.GetAsync("/api/overdue", Ct), HttpStatusCode.Unauthorized, "Authorization");
    }

    [Theory]
    [InlineData("\"2020-13-01\"")]
    [InlineData("\"next week\"")]
    [InlineData("20201201")]
    [InlineData("\"2020-01-01\"")]
    public async Task A_bad_or_past_planned_date_is_a_400_naming_deliverBy_and_nothing_is_reserved(string deliverBy)
    {
        var need = (await portal.FirstNeedAsync()).GetProperty("properties");
        var unit = need.GetProperty("code").GetString()!;
        using var client = portal.Client(portal.ActiveToken, "bad-date-" + Guid.NewGuid().ToString("N"));
        var body = $"{{\"unit\":\"{unit}\",\"item\":\"{PortalFixture.Item}\",\"period\":\"{PortalFixture.Period}\",\"quantity\":1,\"deliverBy\":{deliverBy}}}";
        await ApiTests.AssertProblem(await client.PostAsync("/api/reservations", PortalFixture.Json(body), Ct), HttpStatusCode.BadRequest, "deliverBy");
        var after = (await portal.NeedsAsync(unit)).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(need.GetProperty("reserved").GetInt64(), after.GetProperty("reserved").GetInt64());
    }

    // Publishes a need of the demo item for the current month on the first unit (as the operator) and returns its period.
    private async Task<(string Unit, string Period)> CurrentNeedAsync()
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        var period = JakartaToday.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        using var op = portal.Client(portal.Tokens[PortalFixture.Operator], "current-need");
        using var put = await op.PutAsync("/api/needs", new StringContent($"unit,item,period,need\n{unit},{PortalFixture.Item},{period},10\n", System.Text.Encoding.UTF8, "text/csv"), Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
        return (unit, period);
    }

    private async Task<JsonElement> ReserveAsync(string key, string? deliverBy, (string Unit, string Period)? need = null)
    {
        var unit = need?.Unit ?? (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var client = portal.Client(portal.ActiveToken, key);
        var body = JsonSerializer.Serialize(new { unit, item = PortalFixture.Item, period = need?.Period ?? PortalFixture.Period, quantity = 1, deliverBy });
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(body), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private async Task<Dictionary<string, JsonElement>> MineAsync()
    {
        using var me = portal.Client(portal.ActiveToken);
        return JsonDocument.Parse(await me.GetStringAsync("/api/me", Ct)).RootElement.GetProperty("reservations").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
    }
}
