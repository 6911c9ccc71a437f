using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ksbb.Data.Jakarta;
using Ksbb.Model.Regions;

namespace Ksbb.Portal.Tests;

/// <summary>Delivery with proof: evidence hashed as it streams in (multipart) or given as hashes (JSON), the point
/// located with the portal's boundaries, the standing on the public map; and the ledger's rules as 409s.</summary>
public sealed class DeliveryProofTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Multipart_evidence_is_hashed_the_point_is_located_in_the_claimed_rt_and_the_map_counts_the_standing()
    {
        var (unit, id) = await ReserveAsync("proof-multipart");
        // Other tests of the class may deliver with evidence in the same unit first: count this delivery alone.
        var withEvidenceBefore = DeliveredWithEvidence(JsonDocument.Parse(await RawNeedsAsync(unit)).RootElement.GetProperty("features")[0].GetProperty("properties"));
        var photo = Encoding.UTF8.GetBytes("a photo of the handover " + Guid.NewGuid());
        var receipt = new byte[70_000];
        new Random(7).NextBytes(receipt);
        var inside = RtLayer().Units.Single(u => u.Code.ToString() == unit).RepresentativePoint;

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(photo), "evidence", "photo.jpg" },
            { new ByteArrayContent(receipt), "evidence", "receipt.pdf" },
            { new StringContent(FormattableString.Invariant($"{inside.Longitude},{inside.Latitude}")), "at" },
            { new StringContent("3"), "acknowledgements" },
        };
        using var client = portal.Client(portal.ActiveToken, "deliver-" + id);
        using var response = await client.PostAsync($"/api/reservations/{id}/deliver", form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("delivered", body.GetProperty("reservation").GetProperty("status").GetString());
        Assert.Equal("delivered-with-evidence", body.GetProperty("reservation").GetProperty("standing").GetString());
        var proof = body.GetProperty("proof");
        Assert.Equal(
            [$"{Convert.ToHexStringLower(SHA256.HashData(photo))}:{photo.Length}", $"{Convert.ToHexStringLower(SHA256.HashData(receipt))}:{receipt.Length}"],
            proof.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!.ToLowerInvariant()).ToArray());
        Assert.Equal(unit, proof.GetProperty("located").GetString());
        Assert.Equal(0, proof.GetProperty("distanceMetres").GetDouble());
        Assert.Equal(3, proof.GetProperty("acknowledgements").GetInt32());

        // The public map counts deliveries by standing, with no hash, point or file name.
        var json = await RawNeedsAsync(unit);
        var p = JsonDocument.Parse(json).RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(withEvidenceBefore + 1, DeliveredWithEvidence(p));
        Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData(photo)), json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("photo.jpg", json, StringComparison.Ordinal);

        // The donor's own list shows the standing too.
        using var me = portal.Client(portal.ActiveToken);
        var mine = JsonDocument.Parse(await me.GetStringAsync("/api/me", Ct)).RootElement.GetProperty("reservations").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        Assert.Equal("delivered-with-evidence", mine.GetProperty("standing").GetString());
    }

    [Fact]
    public async Task The_uploaded_photos_bytes_are_never_kept_in_the_data_directory()
    {
        var (unit, id) = await ReserveAsync("proof-not-kept");
        var photo = new byte[96_000];
        new Random(23).NextBytes(photo);
        var inside = RtLayer().Units.Single(u => u.Code.ToString() == unit).RepresentativePoint;
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(photo), "evidence", "kept.jpg" },
            { new StringContent(FormattableString.Invariant($"{inside.Longitude},{inside.Latitude}")), "at" },
        };
        using var client = portal.Client(portal.ActiveToken, "deliver-" + id);
        using var response = await client.PostAsync($"/api/reservations/{id}/deliver", form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delivered-with-evidence", JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("reservation").GetProperty("standing").GetString());

        // Every file of the data directory (the ledger with its journal, the seed, anything written since), read while
        // the portal runs, holds no 256-byte run of the photo from its start, middle or end.
        var files = Directory.GetFiles(portal.DataDir, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy, Ct);
                bytes = copy.ToArray();
            }

            foreach (var offset in new[] { 0, photo.Length / 2, photo.Length - 256 })
            {
                Assert.True(bytes.AsSpan().IndexOf(photo.AsSpan(offset, 256)) < 0, $"{Path.GetFileName(file)} holds the photo's bytes at {offset}");
            }
        }
    }

    [Fact]
    public async Task Json_hashes_and_a_point_outside_the_rt_give_the_outside_standing_with_its_distance()
    {
        var (unit, id) = await ReserveAsync("proof-json");
        var hash = Convert.ToHexStringLower(SHA256.HashData("receipt"u8));
        using var client = portal.Client(portal.ActiveToken, "deliver-" + id);
        var body = JsonSerializer.Serialize(new { quantity = 2, evidence = new[] { $"sha256:{hash}:7" }, at = new { lon = 106.60, lat = -6.30 } });
        using var response = await client.PostAsync($"/api/reservations/{id}/deliver", PortalFixture.Json(body), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("located-outside-claimed-unit", result.GetProperty("reservation").GetProperty("standing").GetString());
        Assert.Equal(2, result.GetProperty("reservation").GetProperty("delivered").GetInt64());
        Assert.True(result.GetProperty("proof").GetProperty("distanceMetres").GetDouble() > 1000);
        var p = (await portal.NeedsAsync(unit)).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(1, p.GetProperty("deliveries").GetProperty("located-outside-claimed-unit").GetInt32());
    }

    [Theory]
    [InlineData("{\"evidence\":[\"md5:abc:1\"]}", "evidence[0]")]
    [InlineData("{\"evidence\":[\"sha256:zz:1\"]}", "evidence[0]")]
    [InlineData("{\"evidence\":\"sha256\"}", "evidence")]
    [InlineData("{\"evidence\":[\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1\",\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1\"]}", "evidence")]
    [InlineData("{\"at\":{\"lon\":200,\"lat\":0}}", "at")]
    [InlineData("{\"at\":[106.8,-6.2]}", "at")]
    [InlineData("{\"acknowledgements\":-1}", "acknowledgements")]
    [InlineData("{\"quantity\":0,\"acknowledgements\":1}", "quantity")]
    public async Task A_bad_proof_is_a_400_naming_its_field_and_nothing_is_delivered(string json, string field)
    {
        var (_, id) = await ReserveAsync("bad-" + Guid.NewGuid().ToString("N"));
        using var client = portal.Client(portal.ActiveToken, "bad-deliver-" + id);
        await ApiTests.AssertProblem(await client.PostAsync($"/api/reservations/{id}/deliver", PortalFixture.Json(json), Ct), HttpStatusCode.BadRequest, field);
        Assert.Equal("reserved", (await MineAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_bad_multipart_field_is_a_400_naming_it()
    {
        var (_, id) = await ReserveAsync("bad-multipart");
        using var client = portal.Client(portal.ActiveToken, "bad-multipart-deliver");
        using var at = new MultipartFormDataContent { { new StringContent("east,south"), "at" } };
        await ApiTests.AssertProblem(await client.PostAsync($"/api/reservations/{id}/deliver", at, Ct), HttpStatusCode.BadRequest, "at");
        using var unknown = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "photo", "x.jpg" } };
        await ApiTests.AssertProblem(await client.PostAsync($"/api/reservations/{id}/deliver", unknown, Ct), HttpStatusCode.BadRequest, "photo");
        using var text = new StringContent("x", Encoding.UTF8, "text/plain");
        await ApiTests.AssertProblem(await client.PostAsync($"/api/reservations/{id}/deliver", text, Ct), HttpStatusCode.UnsupportedMediaType, "Content-Type");
        Assert.Equal("reserved", (await MineAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delivering_with_proof_needs_a_token_a_key_and_ones_own_reservation()
    {
        var (_, id) = await ReserveAsync("proof-auth");
        var body = PortalFixture.Json("{\"acknowledgements\":1}");
        using (var anonymous = portal.Client(null, "k"))
        {
            await ApiTests.AssertProblem(await anonymous.PostAsync($"/api/reservations/{id}/deliver", body, Ct), HttpStatusCode.Unauthorized, "Authorization");
        }

        using (var other = portal.Client(portal.Tokens["yayasan-peduli-sesama"], "k"))
        {
            await ApiTests.AssertProblem(await other.PostAsync($"/api/reservations/{id}/deliver", body, Ct), HttpStatusCode.Forbidden, "Authorization");
        }

        using var noKey = portal.Client(portal.ActiveToken);
        await ApiTests.AssertProblem(await noKey.PostAsync($"/api/reservations/{id}/deliver", body, Ct), HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task Reserving_an_item_outside_the_catalogue_is_a_409_naming_the_rule_and_the_item()
    {
        // The operator may publish any need; the catalogue's rules apply when a donor reserves it.
        var unit = await PublishNeedAsync("pangan.beras", PortalFixture.Period);

        using var client = portal.Client(portal.ActiveToken, "rice-reserve");
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1, item: "pangan.beras")), Ct);
        var problem = await ApiTests.AssertProblem(response, HttpStatusCode.Conflict, "item");
        Assert.Equal("item-not-in-catalogue", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Delivering_an_item_whose_beneficiaries_cannot_be_shown_to_qualify_is_a_409_naming_the_rule()
    {
        var unit = await PublishNeedAsync("pendidikan.laptop", "2020-12");

        using var client = portal.Client(portal.ActiveToken, "phone-reserve");
        using var reserved = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 1, item: "pendidikan.laptop", period: "2020-12")), Ct);
        Assert.True(reserved.StatusCode == HttpStatusCode.Created, await reserved.Content.ReadAsStringAsync(Ct));
        var id = JsonDocument.Parse(await reserved.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
        using var deliver = await client.PostAsync($"/api/reservations/{id}/deliver", PortalFixture.Json("{\"acknowledgements\":1}"), Ct);
        var problem = await ApiTests.AssertProblem(deliver, HttpStatusCode.Conflict, "households");
        Assert.Equal("beneficiary-not-eligible", problem.GetProperty("rule").GetString());
    }

    // The synthetic RT layer the fixture's portal draws (same area and seed), built once.
    private static readonly Lazy<Ksbb.Geo.BoundaryLayer> Rts = new(() => JakartaData.CreateRtLayer(RegionCode.Parse("31.71.01"), 2012));

    private static Ksbb.Geo.BoundaryLayer RtLayer() => Rts.Value;

    private async Task<(string Unit, string Id)> ReserveAsync(string key)
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var client = portal.Client(portal.ActiveToken, key);
        using var response = await client.PostAsync("/api/reservations", PortalFixture.Json(PortalFixture.ReserveBody(unit, 2)), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (unit, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!);
    }

    /// <summary>The operator publishes a need of 9 for the item and period at the first open unit.</summary>
    private async Task<string> PublishNeedAsync(string item, string period)
    {
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        using var op = portal.Client(portal.Tokens[PortalFixture.Operator], $"need-{item}-{period}");
        using var put = await op.PutAsync("/api/needs", new StringContent($"unit,item,period,need\n{unit},{item},{period},9\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return unit;
    }

    private async Task<JsonElement> MineAsync(string id)
    {
        using var me = portal.Client(portal.ActiveToken);
        return JsonDocument.Parse(await me.GetStringAsync("/api/me", Ct)).RootElement.GetProperty("reservations").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).Clone();
    }

    private async Task<string> RawNeedsAsync(string area)
    {
        using var client = portal.CreateClient();
        return await client.GetStringAsync($"/api/needs?item={PortalFixture.Item}&period={PortalFixture.Period}&area={area}", Ct);
    }

    private static int DeliveredWithEvidence(JsonElement properties) =>
        properties.TryGetProperty("deliveries", out var deliveries) && deliveries.ValueKind == JsonValueKind.Object
        && deliveries.TryGetProperty("delivered-with-evidence", out var count) && count.ValueKind == JsonValueKind.Number
            ? count.GetInt32()
            : 0;
}
