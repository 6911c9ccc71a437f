using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Ksbb.Portal.Tests;

/// <summary>Many HTTP clients racing for one RT's need: never over the need, every acknowledged reservation present once.</summary>
public sealed class ConcurrencyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Racing_clients_never_overcommit_and_every_201_is_in_the_ledger_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var p = (await portal.FirstNeedAsync()).GetProperty("properties");
        var unit = p.GetProperty("code").GetString()!;
        var need = p.GetProperty("need").GetInt64();
        var tokens = new[] { portal.Tokens["pt-maju-bersama"], portal.Tokens["yayasan-peduli-sesama"], portal.Tokens["warga-budi"] };
        var acknowledged = new ConcurrentBag<(string Token, string Id, long Quantity)>();
        var refused = 0;

        // 48 clients, each asking for 1 to 3 packages: more than the need in total, so some must be refused.
        await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            var quantity = 1 + (i % 3);
            var bearer = tokens[i % tokens.Length];
            using var client = portal.Client(bearer, $"race-{i}");
            using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, quantity)), token);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token)).RootElement;
                acknowledged.Add((bearer, body.GetProperty("id").GetString()!, body.GetProperty("quantity").GetInt64()));
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                Interlocked.Increment(ref refused);
            }
        });

        Assert.True(96 > need, "the test must ask for more than the need");
        Assert.True(refused > 0);
        Assert.True(acknowledged.Sum(a => a.Quantity) <= need);
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.Id).Distinct().Count());

        // Oracle: each collaborator's own reservations, read back from the API, hold every acknowledged id exactly once.
        var seen = new List<(string Id, long Quantity)>();
        foreach (var bearer in tokens)
        {
            using var client = portal.Client(bearer);
            var me = JsonDocument.Parse(await client.GetStringAsync("/api/me", ct)).RootElement;
            seen.AddRange(me.GetProperty("reservations").EnumerateArray()
                .Where(r => r.GetProperty("unit").GetString() == unit)
                .Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("quantity").GetInt64())));
        }

        Assert.Equal(acknowledged.Select(a => (a.Id, a.Quantity)).OrderBy(a => a.Id), seen.OrderBy(s => s.Id));
        var after = (await portal.NeedsAsync(unit)).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(acknowledged.Sum(a => a.Quantity), after.GetProperty("reserved").GetInt64());
        Assert.True(after.GetProperty("reserved").GetInt64() <= after.GetProperty("need").GetInt64());
    }
}
