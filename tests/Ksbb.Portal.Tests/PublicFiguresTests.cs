using System.Text.Json;
using Ksbb.Ledger;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Portal.Tests;

/// <summary>The portal's public figures are the public export's (<c>ksbb ledger public-export</c>), small counts suppressed.</summary>
public sealed class PublicFiguresTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Needs_and_rw_summary_equal_the_public_export_suppressed_counts_included()
    {
        // A delivery to two named households (below the export's threshold of 5): that RT's figures are suppressed. The
        // ledger file is opened as the CLI opens it, with a household hashing key (the portal's own names no households).
        var unit = (await portal.FirstNeedAsync()).GetProperty("properties").GetProperty("code").GetString()!;
        var store = await LedgerStores.OpenAsync(Path.Combine(portal.DataDir, "ledger.db"), create: false, Ct);
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance, Households = HouseholdHasher.Create(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()) });
        var donor = LedgerActor.Of(CollaboratorId.Parse("pt-maju-bersama"));
        var need = new NeedKey(RegionCode.Parse(unit), Ksbb.Model.Catalog.ItemCode.Parse(PortalFixture.Item), DistributionPeriod.Parse(PortalFixture.Period));
        var reserved = await ledger.ReserveAsync(donor, need, 2, IdempotencyKey.Parse("public-figures-small"), cancellationToken: Ct);
        Assert.True(reserved.Succeeded, reserved.Message);
        var delivered = await ledger.DeliverAsync(donor, reserved.Reservation!.Id, households: [HouseholdId.Parse("3171014107800001", HouseholdIdKind.Nik), HouseholdId.Parse("3171014107800002", HouseholdIdKind.Nik)], cancellationToken: Ct);
        Assert.True(delivered.Succeeded, delivered.Message);

        // What `ksbb ledger public-export --period` writes for this ledger.
        var export = await PublicExport.CreateAsync(ledger, PublicExportOptions.Default with { Period = DistributionPeriod.Parse(PortalFixture.Period) }, Ct);
        using var json = new MemoryStream();
        export.WriteJson(json);
        var document = JsonDocument.Parse(json.ToArray()).RootElement;
        var exported = document.GetProperty("needs").EnumerateArray().Where(n => n.GetProperty("item").GetString() == PortalFixture.Item)
            .ToDictionary(n => n.GetProperty("unit").GetString()!);
        var rollups = document.GetProperty("rwRollups").EnumerateArray().ToDictionary(r => r.GetProperty("rw").GetString()!, r => r.GetProperty("suppressedRts").GetInt32());
        Assert.True(exported[unit].GetProperty("reserved").ValueKind == JsonValueKind.Null, "the small count is suppressed in the export");

        var features = (await portal.NeedsAsync()).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.Equal(exported.Count, features.Count);
        foreach (var p in features)
        {
            var n = exported[p.GetProperty("code").GetString()!];
            Assert.Equal(n.GetProperty("need").GetInt64(), p.GetProperty("need").GetInt64());
            Assert.Equal(Number(n, "reserved"), Number(p, "reserved"));
            Assert.Equal(Number(n, "delivered"), Number(p, "delivered"));
            Assert.Equal(Number(n, "householdsInNeed"), Number(p, "householdsInNeed"));
            Assert.Equal(Remaining(n.GetProperty("need").GetInt64(), Number(n, "reserved"), Number(n, "delivered")), Number(p, "remaining"));
        }

        Assert.Null(Number(features.Single(p => p.GetProperty("code").GetString() == unit), "remaining"));

        using var client = portal.CreateClient();
        var rws = JsonDocument.Parse(await client.GetStringAsync($"/api/summary/rw?item={PortalFixture.Item}&period={PortalFixture.Period}&area=31.71.01", Ct)).RootElement
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var rwOfUnit = RegionCode.Parse(unit).AncestorAt(RegionLevel.Rw).ToString();
        foreach (var rw in rws)
        {
            var code = rw.GetProperty("code").GetString()!;
            var mine = exported.Where(e => e.Key.StartsWith(code + ".", StringComparison.Ordinal)).Select(e => e.Value).ToList();
            var suppressed = mine.Any(n => n.GetProperty("reserved").ValueKind == JsonValueKind.Null);
            Assert.Equal(mine.Sum(n => n.GetProperty("need").GetInt64()), rw.GetProperty("need").GetInt64());
            Assert.Equal(suppressed ? null : mine.Sum(n => n.GetProperty("reserved").GetInt64()), Number(rw, "reserved"));
            Assert.Equal(suppressed ? null : mine.Sum(n => n.GetProperty("delivered").GetInt64()), Number(rw, "delivered"));
            Assert.Equal(rollups.GetValueOrDefault(code), rw.GetProperty("suppressedRts").GetInt32());
        }

        var suppressedRw = rws.Single(r => r.GetProperty("code").GetString() == rwOfUnit);
        Assert.Equal(1, suppressedRw.GetProperty("suppressedRts").GetInt32());
        Assert.Null(Number(suppressedRw, "reserved"));
    }

    private static long? Number(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetInt64() : null;

    private static long? Remaining(long need, long? reserved, long? delivered) =>
        reserved is { } r && delivered is { } d ? new NeedFigures(need, r, d).Remaining : null;
}
