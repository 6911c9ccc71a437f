using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// Small-count suppression cannot be undone by a reader: two ledgers whose suppressed household counts differ (and
/// whose delivered quantities differ with them) publish byte-identical files in every format, so no published
/// figure (delivered, reserved, a helper's quantities, an RW roll-up, a unit's totals, remaining and fill rate) lets anyone recompute a
/// suppressed count.
/// </summary>
public sealed class SmallCountSuppressionTests : IDisposable
{
    private const string KeyHex = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>One reservation: who, where, how much, and (when delivered) to how many households.</summary>
    private sealed record Row(string Unit, string Collaborator, long Quantity, int? Households);

    private static readonly Row Published = new("31.71.01.1001.005.001", "pt-andalan", 6, 6);

    [Fact]
    public async Task RtCount_BelowThreshold_DeliveredAndHelperQuantities_DoNotGiveItBack()
    {
        // RT 5/2: one household got 3 (world A) or two households got 2 (world B); the rest of the 4 is reserved.
        var a = await PublishAsync(5, Published, new("31.71.01.1001.005.002", "pt-andalan", 3, 1), new("31.71.01.1001.005.002", "baznas", 1, null));
        var b = await PublishAsync(5, Published, new("31.71.01.1001.005.002", "pt-andalan", 2, 2), new("31.71.01.1001.005.002", "baznas", 2, null));
        Assert.Equal(a.Text, b.Text);

        var rt = a.Export.Needs.Single(n => n.Unit.ToString() == "31.71.01.1001.005.002");
        Assert.Null(rt.Households);
        Assert.Null(rt.Delivered);
        Assert.All(rt.Helpers, h => Assert.Null(h.Delivered));
        Assert.Equal(["BAZNAS DKI", "PT Andalan Pangan"], rt.Helpers.Select(h => h.Name));

        // The published RT keeps its figures.
        var open = a.Export.Needs.Single(n => n.Unit.ToString() == Published.Unit);
        Assert.Equal((6, 6L), (open.Households, open.Delivered));
    }

    [Fact]
    public async Task RwRollup_PublishesTheTotal_ButNotHowItSplitsOverTheRts()
    {
        // Threshold 3: RT counts 1 + 3 (world A) or 2 + 2 (world B) are each suppressed; their RW total 4 is published.
        var a = await PublishAsync(3, new("31.71.01.1001.005.002", "pt-andalan", 1, 1), new("31.71.01.1001.005.003", "pt-andalan", 3, 2));
        var b = await PublishAsync(3, new("31.71.01.1001.005.002", "pt-andalan", 2, 2), new("31.71.01.1001.005.003", "pt-andalan", 2, 1));
        Assert.Equal(a.Text, b.Text);
        var rollup = Assert.Single(a.Export.RwRollups);
        Assert.Equal((2, (int?)3), (rollup.SuppressedRts, rollup.Households));
        Assert.All(a.Export.Needs, n => Assert.Null(n.Households));
    }

    [Fact]
    public async Task RwLevelNeed_BelowThreshold_IsSuppressedToo()
    {
        var a = await PublishAsync(5, Published, new("31.71.01.1001.007", "baznas", 1, 1), new("31.71.01.1001.007", "pt-andalan", 3, null));
        var b = await PublishAsync(5, Published, new("31.71.01.1001.007", "baznas", 2, 4), new("31.71.01.1001.007", "pt-andalan", 2, null));
        Assert.Equal(a.Text, b.Text);
        var rw = a.Export.Needs.Single(n => n.Unit.Level == RegionLevel.Rw);
        Assert.Equal((null, null, null), (rw.Households, rw.Delivered, rw.Reserved));
    }

    /// <summary>One unit of a generated case: shown (the same in both worlds) or suppressed (different counts and deliveries, the same fill).</summary>
    private sealed record UnitCase(bool Shown, int HouseholdsA, int DeliveredA, int HouseholdsB, int DeliveredB, int Fill);

    [Fact]
    public void AnyTwoWorlds_OverManyUnitsAndThresholds_SuppressWhatIsSmall_AndShowTheRest()
    {
        // Each unit in an RW of its own (an RW roll-up of one suppressed RT is below the threshold too); the first unit is
        // always shown and the second always suppressed, so every case suppresses something and shows something.
        var input =
            from threshold in Gen.Choose(2, 9)
            from count in Gen.Choose(2, 7)
            from flags in Gen.Elements(true, false).ArrayOf(count)
            from small in Gen.Choose(1, threshold - 1).Two().ArrayOf(count)
            from large in Gen.Choose(threshold, threshold + 4).ArrayOf(count)
            from delivered in Gen.Choose(1, 6).Two().ArrayOf(count)
            from fill in Gen.Choose(7, 12).ArrayOf(count)
            select (threshold, Units: Enumerable.Range(0, count).Select(i => i == 0 || (i != 1 && flags[i])
                ? new UnitCase(true, large[i], large[i], large[i], large[i], large[i] + 2)
                : new UnitCase(false, small[i].Item1, delivered[i].Item1, small[i].Item2, delivered[i].Item2, fill[i])).ToArray());
        var property = Prop.ForAll(input.ToArbitrary(), value =>
        {
            var (threshold, units) = value;
            string Unit(int i) => $"31.71.01.1001.{i + 1:000}.001";
            Row[] World(Func<UnitCase, (int Households, int Delivered)> pick) => [.. units.SelectMany((u, i) => new[]
            {
                new Row(Unit(i), "pt-andalan", pick(u).Delivered, pick(u).Households),
                new Row(Unit(i), "baznas", u.Fill - pick(u).Delivered, null),
            })];
            var a = PublishAsync(threshold, World(u => (u.HouseholdsA, u.DeliveredA))).GetAwaiter().GetResult();
            var b = PublishAsync(threshold, World(u => (u.HouseholdsB, u.DeliveredB))).GetAwaiter().GetResult();
            Assert.Equal(a.Text, b.Text);
            for (var i = 0; i < units.Length; i++)
            {
                var record = a.Export.Needs.Single(n => n.Unit.ToString() == Unit(i));
                if (units[i].Shown)
                {
                    Assert.Equal(((int?)units[i].HouseholdsA, (long?)units[i].DeliveredA), (record.Households, record.Delivered));
                }
                else
                {
                    Assert.Equal(((int?)null, (long?)null, (long?)null), (record.Households, record.Delivered, record.Reserved));
                }
            }

            Assert.All(a.Export.RwRollups, r => Assert.Null(r.Households));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }

    private int _ledgers;

    /// <summary>Builds a ledger with the rows (need 20 per unit) and returns its export and every published format, concatenated.</summary>
    private async Task<(PublicExport Export, string Text)> PublishAsync(int threshold, params Row[] rows)
    {
        var store = SqliteLedgerStore.Open(_folder.File($"world-{Interlocked.Increment(ref _ledgers)}.db"));
        await using var _ = store;
        await store.InitializeAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 8, 0)),
            Households = HouseholdHasher.FromText(KeyHex),
        });
        NeedKey Need(string unit) => LedgerStoreContractNeeds.A with { Unit = RegionCode.Parse(unit) };
        await ledger.SetNeedsAsync(SetUp, rows.Select(r => r.Unit).Distinct().Select(u => new KeyValuePair<NeedKey, long>(Need(u), 20)));
        await ledger.SetCollaboratorsAsync(SetUp, [Kolaborator("pt-andalan", "PT Andalan Pangan", "lembaga-usaha"), Kolaborator("baznas", "BAZNAS DKI", "lsm-oms-pbb-universitas")]);
        var household = 0;
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var id = (await ledger.ReserveAsync(row.Collaborator, Need(row.Unit), row.Quantity, $"k{i}")).Reservation!.Id;
            if (row.Households is { } count)
            {
                var households = Enumerable.Range(0, count).Select(_ => HouseholdId.Parse($"31710102{++household:00000000}", HouseholdIdKind.Kk)).ToList();
                Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.DeliverAsOwnerAsync(id, households)).Kind);
            }
        }

        var export = await PublicExport.CreateAsync(ledger, new PublicExportOptions { HouseholdThreshold = threshold });
        var text = new StringBuilder();
        using (var csv = new StringWriter())
        {
            export.WriteHxlCsv(csv);
            text.Append(csv);
        }

        foreach (var write in new Action<Stream>[] { export.WriteJson, export.WriteUnitPropertiesJson })
        {
            using var stream = new MemoryStream();
            write(stream);
            text.Append(Encoding.UTF8.GetString(stream.ToArray()));
        }

        return (export, text.ToString());
    }
}
