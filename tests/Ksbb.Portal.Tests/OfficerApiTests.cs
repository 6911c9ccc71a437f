using System.Net;
using System.Text.Json;
using Ksbb.Ledger;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Regions;
using Microsoft.Extensions.DependencyInjection;

namespace Ksbb.Portal.Tests;

/// <summary>The verifier's part of the API: deliveries in its kelurahan and verification by the ledger's rule.</summary>
public sealed class OfficerApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string VerifierToken => portal.Tokens[PortalFixture.Verifier];

    private string Kelurahan => portal.OfficerScopes[PortalFixture.Verifier];

    [Fact]
    public async Task Verifier_lists_a_delivery_in_its_kelurahan_and_verifies_it_once_and_again()
    {
        var id = await DeliveredAsync(portal.ActiveToken, inKelurahan: true, "in-1");
        var listed = await DeliveriesAsync(VerifierToken);
        Assert.Contains(listed, r => r.GetProperty("id").GetString() == id);
        Assert.All(listed, r =>
        {
            Assert.StartsWith(Kelurahan + ".", r.GetProperty("unit").GetString()!, StringComparison.Ordinal);
            Assert.Equal("delivered", r.GetProperty("status").GetString());
        });

        for (var i = 0; i < 2; i++)
        {
            using var client = portal.Client(VerifierToken, "verify-" + id);
            using var response = await client.PostAsync($"/api/reservations/{id}/verify", null, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("verified", JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());
        }

        Assert.DoesNotContain(await DeliveriesAsync(VerifierToken), r => r.GetProperty("id").GetString() == id);
        Assert.Contains(await DeliveriesAsync(VerifierToken, "verified"), r => r.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_delivery_outside_the_verifiers_kelurahan_is_not_listed_and_verifying_it_is_403()
    {
        var id = await DeliveredAsync(portal.ActiveToken, inKelurahan: false, "out-1");
        Assert.DoesNotContain(await DeliveriesAsync(VerifierToken), r => r.GetProperty("id").GetString() == id);

        // The operator's region (the whole seeded area) holds it.
        Assert.Contains(await DeliveriesAsync(portal.Tokens[PortalFixture.Operator]), r => r.GetProperty("id").GetString() == id);

        await AssertVerifyRefusedAsync(VerifierToken, id, HttpStatusCode.Forbidden, "within its region", "Authorization");
    }

    [Fact]
    public async Task A_verifier_verifying_its_own_delivery_is_403()
    {
        // warga-budi also verifies in the kelurahan (granted through the library, as a city would), then delivers there itself.
        var ledger = portal.Services.GetRequiredService<ReservationLedger>();
        await ledger.SetRolesAsync(LedgerActor.Of(CollaboratorId.Parse(PortalFixture.Operator)), [RoleGrant.Verifier(CollaboratorId.Parse("warga-budi"), RegionCode.Parse(Kelurahan))], Ct);
        var token = portal.Tokens["warga-budi"];
        var id = await DeliveredAsync(token, inKelurahan: true, "own-1");
        await AssertVerifyRefusedAsync(token, id, HttpStatusCode.Forbidden, "never verifies its own", "Authorization");
    }

    [Fact]
    public async Task Verifying_a_reservation_not_yet_delivered_is_a_409_naming_id()
    {
        var id = await ReserveAsync(portal.ActiveToken, inKelurahan: true, "not-delivered");
        await AssertVerifyRefusedAsync(VerifierToken, id, HttpStatusCode.Conflict, "is reserved and cannot be verified", "id");
    }

    [Fact]
    public async Task Verify_needs_a_token_a_key_and_a_well_formed_known_id()
    {
        var id = await DeliveredAsync(portal.ActiveToken, inKelurahan: true, "checks");
        using (var anonymous = portal.Client(null, "k"))
        {
            await ApiTests.AssertProblem(await anonymous.PostAsync($"/api/reservations/{id}/verify", null, Ct), HttpStatusCode.Unauthorized, "Authorization");
        }

        using (var noKey = portal.Client(VerifierToken))
        {
            await ApiTests.AssertProblem(await noKey.PostAsync($"/api/reservations/{id}/verify", null, Ct), HttpStatusCode.BadRequest, "Idempotency-Key");
        }

        using var client = portal.Client(VerifierToken, "k-checks");
        await ApiTests.AssertProblem(await client.PostAsync("/api/reservations/not%20an%20id/verify", null, Ct), HttpStatusCode.BadRequest, "id");
        await ApiTests.AssertProblem(await client.PostAsync($"/api/reservations/r-{Guid.NewGuid():N}/verify", null, Ct), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Deliveries_need_an_officer_a_known_status_and_an_area_inside_the_region()
    {
        using (var anonymous = portal.Client(null))
        {
            await ApiTests.AssertProblem(await anonymous.GetAsync("/api/deliveries", Ct), HttpStatusCode.Unauthorized, "Authorization");
        }

        using (var donor = portal.Client(portal.ActiveToken))
        {
            await ApiTests.AssertProblem(await donor.GetAsync("/api/deliveries", Ct), HttpStatusCode.Forbidden, "Authorization");
        }

        using var verifier = portal.Client(VerifierToken);
        await ApiTests.AssertProblem(await verifier.GetAsync("/api/deliveries?status=lost", Ct), HttpStatusCode.BadRequest, "status");
        await ApiTests.AssertProblem(await verifier.GetAsync("/api/deliveries?area=31.71.x", Ct), HttpStatusCode.BadRequest, "area");
        await ApiTests.AssertProblem(await verifier.GetAsync("/api/deliveries?area=31.72", Ct), HttpStatusCode.Forbidden, "area");
        using var inside = await verifier.GetAsync($"/api/deliveries?area={Kelurahan}", Ct);
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
    }

    private async Task AssertVerifyRefusedAsync(string token, string id, HttpStatusCode status, string detail, string field)
    {
        using var client = portal.Client(token, "verify-" + Guid.NewGuid().ToString("N"));
        using var response = await client.PostAsync($"/api/reservations/{id}/verify", null, Ct);
        var problem = await ApiTests.AssertProblem(response, status, field);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> UnitAsync(bool inKelurahan)
    {
        var features = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"));
        return features.First(p => p.GetProperty("remaining").GetInt64() >= 3
            && p.GetProperty("code").GetString()!.StartsWith(Kelurahan + ".", StringComparison.Ordinal) == inKelurahan).GetProperty("code").GetString()!;
    }

    private async Task<string> ReserveAsync(string token, bool inKelurahan, string key)
    {
        var unit = await UnitAsync(inKelurahan);
        using var client = portal.Client(token, key);
        using var made = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1)), Ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        return JsonDocument.Parse(await made.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> DeliveredAsync(string token, bool inKelurahan, string key)
    {
        var id = await ReserveAsync(token, inKelurahan, key);
        using var client = portal.Client(token, key + "-deliver");
        using var delivered = await client.PostAsync($"/api/reservations/{id}/deliver", null, Ct);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        return id;
    }

    private async Task<List<JsonElement>> DeliveriesAsync(string token, string? status = null)
    {
        using var client = portal.Client(token);
        var json = await client.GetStringAsync("/api/deliveries" + (status is null ? string.Empty : "?status=" + status), Ct);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
