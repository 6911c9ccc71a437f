using Ksbb.Ledger.Export;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>The public export shows how each need's deliveries stand, and nothing of the proof itself.</summary>
public sealed class PublicExportProofTests : IDisposable
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static NeedKey Rt(int rt) => LedgerStoreContractNeeds.A with { Unit = RegionCode.Parse($"31.71.01.1001.005.{rt:000}") };

    private async Task<ReservationLedger> BuildAsync()
    {
        var store = SqliteLedgerStore.Open(_folder.File($"export-{Guid.NewGuid():N}.db"));
        await store.MigrateAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 2, 0), Duration.FromSeconds(1)),
            Households = HouseholdHasher.Create([.. Enumerable.Range(1, 32).Select(i => (byte)(i * 5))]),
        });
        await ledger.SetNeedsAsync(SetUp, [new(Rt(1), 20), new(Rt(2), 20)]);
        await ledger.RecordCollaboratorsAsync("pt-a");
        var evidence = DeliveryProof.Create([DeliveryEvidence.Create(HashA, 100)], acknowledgements: 2);
        var outside = DeliveryProof.Create([DeliveryEvidence.Create(HashB, 200)], DeliveryGeotag.Create(GeoPoint.Create(106.8311, -6.1822), RegionCode.Parse("31.71.01.1001.006"), 733.25));
        async Task<ReservationId> DeliveredAsync(string key, DeliveryProof? proof, bool verify)
        {
            var id = (await ledger.ReserveAsync("pt-a", Rt(1), 1, key)).Reservation!.Id;
            Assert.Equal(LedgerOutcomeKind.Applied, (proof is null ? await ledger.DeliverAsOwnerAsync(id) : await ledger.DeliverAsOwnerAsync(id, proof)).Kind);
            if (verify)
            {
                Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.VerifyAsync(SetUp, id)).Kind);
            }

            return id;
        }

        await DeliveredAsync("plain", null, verify: false);
        await DeliveredAsync("evidence", evidence, verify: false);
        await DeliveredAsync("verified", null, verify: true);
        await DeliveredAsync("verified-evidence-1", evidence, verify: true);
        await DeliveredAsync("verified-evidence-2", DeliveryProof.Create(acknowledgements: 1), verify: true);
        await DeliveredAsync("outside", outside, verify: true);
        await ledger.ReserveAsync("pt-a", Rt(1), 1, "held");
        var cancelled = await DeliveredAsync("cancelled", evidence, verify: false);
        await ledger.CancelAsync(SetUp, cancelled, "wrong unit");

        // RT 2: one delivery to two households, a count below the threshold: suppressed with everything that gives it back.
        var small = (await ledger.ReserveAsync("pt-a", Rt(2), 2, "small")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(small, evidence, households: [HouseholdId.Parse("3171010101010001", HouseholdIdKind.Nik), HouseholdId.Parse("3171010101010002", HouseholdIdKind.Nik)]);
        return ledger;
    }

    [Fact]
    public async Task Deliveries_AreCountedByStanding_InEveryFormat_WithoutHashesOrGeotags()
    {
        var export = await PublicExport.CreateAsync(await BuildAsync());

        var rt1 = export.Needs.Single(n => n.Unit == Rt(1).Unit);
        Assert.Equal(
            [new PublicDeliveryCount("delivered", 1), new PublicDeliveryCount("delivered-with-evidence", 1), new PublicDeliveryCount("verified", 1),
             new PublicDeliveryCount("verified-with-evidence", 2), new PublicDeliveryCount("located-outside-claimed-unit", 1)],
            rt1.Deliveries);
        Assert.Null(export.Needs.Single(n => n.Unit == Rt(2).Unit).Deliveries);

        using var json = new MemoryStream();
        export.WriteJson(json);
        var jsonText = System.Text.Encoding.UTF8.GetString(json.ToArray());
        Assert.Contains("\"deliveries\": {\n        \"delivered\": 1,\n        \"delivered-with-evidence\": 1,\n        \"verified\": 1,\n        \"verified-with-evidence\": 2,\n        \"located-outside-claimed-unit\": 1\n      }", jsonText.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\"deliveries\": null", jsonText, StringComparison.Ordinal);

        using var csv = new StringWriter();
        export.WriteHxlCsv(csv);
        var lines = csv.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.EndsWith(",deliveries,households_in_need", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",#status+deliveries,#inneed+households", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("31.71.01.1001.005.001,", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(l, ",delivered 1; delivered-with-evidence 1; verified 1; verified-with-evidence 2; located-outside-claimed-unit 1,[0-9]+$"));
        Assert.Contains(lines, l => l.StartsWith("31.71.01.1001.005.002,", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, ",,[0-9]+$"));

        Assert.All(EveryFormat(export), format =>
        {
            Assert.DoesNotContain(HashA, format.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(HashB, format.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("106.8311", format.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("6.1822", format.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("733.25", format.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("31.71.01.1001.006", format.Text, StringComparison.Ordinal);
        });
    }

    // Every public format the export writes, found by reflection so that a format added later is checked too: the
    // formats named here must be all of them, and each must have written something.
    private static List<(string Name, string Text)> EveryFormat(PublicExport export)
    {
        var formats = new List<(string Name, string Text)>();
        foreach (var method in typeof(PublicExport).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(m => m.Name.StartsWith("Write", StringComparison.Ordinal)))
        {
            var parameter = Assert.Single(method.GetParameters()).ParameterType;
            if (parameter == typeof(Stream))
            {
                using var stream = new MemoryStream();
                method.Invoke(export, [stream]);
                formats.Add((method.Name, System.Text.Encoding.UTF8.GetString(stream.ToArray())));
            }
            else
            {
                Assert.Equal(typeof(TextWriter), parameter);
                using var writer = new StringWriter();
                method.Invoke(export, [writer]);
                formats.Add((method.Name, writer.ToString()));
            }
        }

        Assert.Equal(["WriteHxlCsv", "WriteJson", "WriteUnitPropertiesJson"], formats.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(formats, f => Assert.Contains("31.71.01.1001.005", f.Text, StringComparison.Ordinal));
        return formats;
    }
}
