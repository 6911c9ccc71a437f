using System.Net;
using System.Text.Json;

namespace Ksbb.Portal.Tests;

/// <summary>The donor's own pledges in <c>GET /api/me</c> and reservations drawing on them.</summary>
public sealed class PledgeApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Me_lists_the_own_pledge_and_a_reservation_on_it_draws_on_it()
    {
        var before = await MeAsync(portal.ActiveToken);
        var pledge = Assert.Single(before.GetProperty("pledges").EnumerateArray());
        Assert.Equal(500, pledge.GetProperty("quantity").GetInt64());
        Assert.Equal("direct", pledge.GetProperty("channel").GetString());
        Assert.Equal(PortalFixture.Item, pledge.GetProperty("item").GetString());
        var drawn = pledge.GetProperty("drawn").GetInt64();
        Assert.Equal(500 - drawn, pledge.GetProperty("remaining").GetInt64());
        var id = pledge.GetProperty("id").GetString()!;

        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var client = portal.Client(portal.ActiveToken, "on-pledge");
        using var made = await client.PostAsync("/api/reservations", PortalFixture.Json(Body(unit, 4, id)), Ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);

        var after = (await MeAsync(portal.ActiveToken)).GetProperty("pledges")[0];
        Assert.Equal(drawn + 4, after.GetProperty("drawn").GetInt64());
        Assert.Equal(drawn + 4, after.GetProperty("reserved").GetInt64() + after.GetProperty("delivered").GetInt64());
        Assert.Equal(500 - drawn - 4, after.GetProperty("remaining").GetInt64());

        // A reservation without "pledge" leaves the pledge alone.
        using var plain = portal.Client(portal.ActiveToken, "off-pledge");
        using var made2 = await plain.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct);
        Assert.Equal(HttpStatusCode.Created, made2.StatusCode);
        Assert.Equal(drawn + 4, (await MeAsync(portal.ActiveToken)).GetProperty("pledges")[0].GetProperty("drawn").GetInt64());
    }

    [Fact]
    public async Task Another_collaborators_pledge_is_a_403_operator_role_required_and_more_than_remains_a_409()
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        var theirs = (await MeAsync(portal.Tokens["yayasan-peduli-sesama"])).GetProperty("pledges")[0].GetProperty("id").GetString()!;
        using var client = portal.Client(portal.ActiveToken, "their-pledge");
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(Body(unit, 1, theirs)), Ct);
        // Once roles are recorded, only the pledge's collaborator, its aggregator's actor or an operator of the unit draws on it.
        var problem = await ApiTests.AssertProblem(response, HttpStatusCode.Forbidden, "Authorization");
        Assert.Equal("operator-role-required", problem.GetProperty("rule").GetString());

        // warga-budi's pledge of 500 cannot cover 501 (the need would refuse too, but the pledge is checked in the same transaction).
        var own = (await MeAsync(portal.Tokens["warga-budi"])).GetProperty("pledges")[0].GetProperty("id").GetString()!;
        using var budi = portal.Client(portal.Tokens["warga-budi"], "too-much");
        using var tooMuch = await budi.PostAsync("/api/reservations", PortalFixture.Json(Body(unit, 501, own)), Ct);
        var exceeded = await ApiTests.AssertProblem(tooMuch, HttpStatusCode.Conflict, "quantity");
        Assert.Equal("pledge-exceeded", exceeded.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Officers_sign_in_with_their_role_and_no_pledges_and_may_not_reserve()
    {
        var me = await MeAsync(portal.Tokens[PortalFixture.Verifier]);
        Assert.Equal(PortalFixture.Verifier, me.GetProperty("id").GetString());
        var role = Assert.Single(me.GetProperty("roles").EnumerateArray());
        Assert.Equal("verifier", role.GetProperty("role").GetString());
        Assert.Equal(portal.OfficerScopes[PortalFixture.Verifier], role.GetProperty("scope").GetString());
        Assert.Empty(me.GetProperty("pledges").EnumerateArray());

        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var client = portal.Client(portal.Tokens[PortalFixture.Operator], "officer-reserves");
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct);
        await ApiTests.AssertProblem(response, HttpStatusCode.Forbidden, "Authorization");
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        using var client = portal.Client(null);
        using var response = await client.GetAsync("/api/me", Ct);
        await ApiTests.AssertProblem(response, HttpStatusCode.Unauthorized, "Authorization");
    }

    private static string Body(string unit, long quantity, string pledge) =>
        JsonSerializer.Serialize(new { unit, item = PortalFixture.Item, period = PortalFixture.Period, quantity, pledge });

    private async Task<JsonElement> MeAsync(string token)
    {
        using var client = portal.Client(token);
        return JsonDocument.Parse(await client.GetStringAsync("/api/me", Ct)).RootElement.Clone();
    }
}
