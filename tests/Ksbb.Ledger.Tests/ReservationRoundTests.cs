using Ksbb.Model.Catalog;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using Ksbb.Tests;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// A reservation round on real Jakarta RTs: needs for every RT of the kelurahan of Jakarta Pusat, donors racing for
/// units they pick themselves (so some collide), the ledger refusing the overlap, and the public export naming who
/// helps where.
/// </summary>
public sealed class ReservationRoundTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static List<RegionCode> JakartaPusatRts()
    {
        var codes = File.ReadLines(JakartaData.PathOrSkip("codes/kode_wilayah_kemendagri_31.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[3] == "kelurahan" && f[0].StartsWith("31.71.", StringComparison.Ordinal))
            .ToDictionary(f => f[2].ToUpperInvariant(), f => RegionCode.Parse(f[0]));
        return File.ReadLines(JakartaData.PathOrSkip("rw/rt_list_dki_2012.csv"))
            .Select(l => l.Split(','))
            .Where(f => codes.ContainsKey(f[0]))
            .Select(f => RegionCode.ForRt(RegionCode.ForRw(codes[f[0]], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)), int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();
    }

    [Fact]
    public async Task DonorsRaceForRealRts_OverlapIsRefused_AndTheExportShowsWhoHelpsWhom()
    {
        var rts = JakartaPusatRts();
        Assert.True(rts.Count > 1000, $"only {rts.Count} RTs of Jakarta Pusat matched");

        var store = SqliteLedgerStore.Open(_folder.File("round.db"));
        await store.InitializeAsync();
        var clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 2, 0));
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = clock });
        var item = ItemCode.Parse("pangan.paket-sembako");
        var period = Model.Time.DistributionPeriod.Parse("2020-05");
        var random = new Random(424);
        var needs = rts.ToDictionary(rt => new NeedKey(rt, item, period), _ => (long)random.Next(5, 30));
        await ledger.SetNeedsAsync(SetUp, needs);
        var donors = Enumerable.Range(1, 12).Select(i => Kolaborator($"kolaborator-{i:00}", $"Kolaborator {i:00}", i % 3 == 0 ? "lembaga-usaha" : "lsm-oms-pbb-universitas")).ToList();
        await ledger.SetCollaboratorsAsync(SetUp, donors);

        // Each donor looks at the same popular corner of the map: 40 RTs, so picks collide.
        var popular = needs.Keys.Take(40).ToArray();
        var results = await Task.WhenAll(donors.Select((d, i) => Task.Run(async () =>
        {
            var mine = new Random(i);
            var outcomes = new List<(NeedKey Need, long Asked, LedgerOutcome Outcome)>();
            for (var pick = 0; pick < 15; pick++)
            {
                var need = popular[mine.Next(popular.Length)];
                var asked = mine.Next(3, 15);
                outcomes.Add((need, asked, await ledger.ReserveAsync(LedgerActor.Of(d.Id), need, asked, Key($"{d.Id}-{pick}"))));
            }

            return outcomes;
        })));
        var all = results.SelectMany(r => r).ToList();

        var refused = all.Where(o => o.Outcome.Rule == LedgerRule.NotEnoughRemaining).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Outcome.Remaining < r.Asked));
        var accepted = all.Where(o => o.Outcome.Kind == LedgerOutcomeKind.Applied).ToList();
        foreach (var group in accepted.GroupBy(a => a.Need))
        {
            Assert.True(group.Sum(a => a.Asked) <= needs[group.Key], $"{group.Key} over-reserved");
            Assert.Equal(group.Sum(a => a.Asked), (await ledger.GetNeedAsync(group.Key))!.Reserved);
        }

        var export = await PublicExport.CreateAsync(ledger);
        Assert.Equal(rts.Count, export.Needs.Count);
        foreach (var group in accepted.GroupBy(a => a.Need))
        {
            var record = export.Needs.Single(n => n.Unit == group.Key.Unit);
            var expected = group.GroupBy(a => a.Outcome.Reservation!.Collaborator).Select(g => $"Kolaborator {g.Key.Value[^2..]}").Order(StringComparer.Ordinal);
            Assert.Equal(expected, record.Helpers.Select(h => h.Name));
            Assert.Equal(group.Sum(a => a.Asked), record.Helpers.Sum(h => h.Reserved));
        }

        var properties = export.UnitProperties();
        Assert.Equal(rts.Count, properties.Count);
        Assert.All(properties, p => Assert.True(p.FillRate is >= 0 and <= 1));
    }
}
