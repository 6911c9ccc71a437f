using FsCheck;
using FsCheck.Fluent;
using Ksbb.Ledger.Sqlite;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// Model-based (state-machine) property: random sequences of reserve, deliver, verify, release, cancel, clock
/// advances and need changes are applied both to the real ledger on SQLite and to a tiny in-memory model of the
/// rules; after every step the outcomes, every need's quantities and every reservation's status must agree.
/// </summary>
public sealed class LifecyclePropertyTests : IDisposable
{
    private static readonly NeedKey[] Needs = [LedgerStoreContractNeeds.A, LedgerStoreContractNeeds.B];
    private static readonly Duration Lifetime = Duration.FromHours(24);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private abstract record Op;

    private sealed record ReserveOp(int Collaborator, int Need, int Quantity, int Key) : Op;

    private sealed record DeliverOp(int Reservation, int Quantity) : Op;

    private sealed record MoveOp(int Reservation, ReservationStatus Target) : Op;

    private sealed record AdvanceOp(int Hours) : Op;

    private sealed record SetNeedOp(int Need, int Value) : Op;

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (6, from c in Gen.Choose(0, 1) from n in Gen.Choose(0, 1) from q in Gen.Choose(1, 4) from k in Gen.Choose(0, 7) select (Op)new ReserveOp(c, n, q, k)),
        (3, from r in Gen.Choose(0, 9) from q in Gen.Choose(0, 5) select (Op)new DeliverOp(r, q)),
        (4, from r in Gen.Choose(0, 9) from t in Gen.Elements(ReservationStatus.Verified, ReservationStatus.Released, ReservationStatus.Cancelled) select (Op)new MoveOp(r, t)),
        (1, from h in Gen.Choose(1, 30) select (Op)new AdvanceOp(h)),
        (1, from n in Gen.Choose(0, 1) from v in Gen.Choose(0, 9) select (Op)new SetNeedOp(n, v)));

    [Fact]
    public void Ledger_AgreesWithTheModel_AfterEveryStep()
    {
        var run = 0;
        var property = Prop.ForAll(OpGen.ListOf().Select(l => l.Take(30).ToList()).ToArbitrary(), ops =>
        {
            var path = _folder.File($"model-{run++}.db");
            RunAsync(path, ops).GetAwaiter().GetResult();
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), property);
    }

    private sealed class ModelReservation
    {
        public required ReservationId Id { get; init; }
        public required string Key { get; init; }
        public required string Collaborator { get; init; }
        public required int Need { get; init; }
        public required long Quantity { get; init; }
        public required Instant ExpiresAt { get; init; }
        public long Delivered { get; set; }
        public ReservationStatus Status { get; set; } = ReservationStatus.Reserved;

        public ReservationStatus StatusAt(Instant now) => Status == ReservationStatus.Reserved && now >= ExpiresAt ? ReservationStatus.Expired : Status;
    }

    private static async Task RunAsync(string path, List<Op> ops)
    {
        var store = SqliteLedgerStore.Open(path);
        await store.InitializeAsync();
        var clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 0, 0));
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = clock, ReservationLifetime = Lifetime });
        long[] need = [6, 4];
        await ledger.RecordCollaboratorsAsync("donor-a", "donor-b");
        await ledger.SetNeedsAsync(SetUp, [new(Needs[0], need[0]), new(Needs[1], need[1])]);
        var model = new List<ModelReservation>();

        long Live(int n, Instant now) => model.Where(r => r.Need == n && r.StatusAt(now) == ReservationStatus.Reserved).Sum(r => r.Quantity);
        long Done(int n) => model.Where(r => r.Need == n && r.Status is ReservationStatus.Delivered or ReservationStatus.Verified).Sum(r => r.Delivered);

        for (var step = 0; step < ops.Count; step++)
        {
            var op = ops[step];
            var now = clock.GetCurrentInstant();
            var where = $"step {step + 1} ({op})";
            switch (op)
            {
                case ReserveOp r:
                {
                    var collaborator = r.Collaborator == 0 ? "donor-a" : "donor-b";
                    var key = $"key-{r.Key}";
                    var outcome = await ledger.ReserveAsync(collaborator, Needs[r.Need], r.Quantity, key);
                    var existing = model.SingleOrDefault(m => m.Key == key);
                    if (existing is not null)
                    {
                        var same = existing.Collaborator == collaborator && existing.Need == r.Need && existing.Quantity == r.Quantity;
                        var held = existing.StatusAt(now) is not (ReservationStatus.Expired or ReservationStatus.Released or ReservationStatus.Cancelled);
                        var expected = !same ? (LedgerOutcomeKind.Refused, LedgerRule.KeyConflict) : held ? (LedgerOutcomeKind.Replayed, LedgerRule.None) : (LedgerOutcomeKind.Refused, LedgerRule.NoLongerHeld);
                        Assert.True((outcome.Kind, outcome.Rule) == expected, $"{where}: {outcome}");
                        Assert.Equal(existing.Id, outcome.Reservation!.Id);
                    }
                    else if (Live(r.Need, now) + Done(r.Need) + r.Quantity <= need[r.Need])
                    {
                        Assert.True(outcome.Kind == LedgerOutcomeKind.Applied, $"{where}: {outcome}");
                        model.Add(new ModelReservation
                        {
                            Id = outcome.Reservation!.Id, Key = key, Collaborator = collaborator, Need = r.Need, Quantity = r.Quantity, ExpiresAt = now + Lifetime,
                        });
                    }
                    else
                    {
                        Assert.True(outcome.Rule == LedgerRule.NotEnoughRemaining, $"{where}: {outcome}");
                        Assert.Equal(Math.Max(0, need[r.Need] - Live(r.Need, now) - Done(r.Need)), outcome.Remaining);
                    }

                    break;
                }

                case DeliverOp d when model.Count > 0:
                {
                    var m = model[d.Reservation % model.Count];
                    var outcome = await ledger.DeliverAsOwnerAsync(m.Id, deliveredQuantity: d.Quantity == 0 ? null : d.Quantity);
                    var current = m.StatusAt(now);
                    var quantity = d.Quantity == 0 ? m.Quantity : d.Quantity;
                    if (current == ReservationStatus.Delivered)
                    {
                        Assert.True(outcome.Kind == LedgerOutcomeKind.Unchanged, $"{where}: {outcome}");
                    }
                    else if (current == ReservationStatus.Reserved && quantity <= m.Quantity)
                    {
                        Assert.True(outcome.Kind == LedgerOutcomeKind.Applied, $"{where}: {outcome}");
                        m.Status = ReservationStatus.Delivered;
                        m.Delivered = quantity;
                    }
                    else
                    {
                        Assert.True(outcome.Rule == LedgerRule.InvalidTransition, $"{where}: {outcome}");
                    }

                    break;
                }

                case MoveOp mv when model.Count > 0:
                {
                    var m = model[mv.Reservation % model.Count];
                    var outcome = mv.Target switch
                    {
                        ReservationStatus.Verified => await ledger.VerifyAsync(SetUp, m.Id),
                        ReservationStatus.Released => await ledger.ReleaseAsOwnerAsync(m.Id),
                        _ => await ledger.CancelAsync(SetUp, m.Id, "model test"),
                    };
                    var current = m.StatusAt(now);
                    var allowed = (mv.Target, current) switch
                    {
                        (ReservationStatus.Verified, ReservationStatus.Delivered) => true,
                        (ReservationStatus.Released, ReservationStatus.Reserved) => true,
                        (ReservationStatus.Cancelled, ReservationStatus.Reserved or ReservationStatus.Delivered) => true,
                        _ => false,
                    };
                    var expected = current == mv.Target ? (LedgerOutcomeKind.Unchanged, LedgerRule.None) : allowed ? (LedgerOutcomeKind.Applied, LedgerRule.None) : (LedgerOutcomeKind.Refused, LedgerRule.InvalidTransition);
                    Assert.True((outcome.Kind, outcome.Rule) == expected, $"{where}: expected {expected} from {current}, got {outcome}");
                    if (allowed)
                    {
                        m.Status = mv.Target;
                    }

                    break;
                }

                case AdvanceOp a:
                    clock.Advance(Duration.FromHours(a.Hours));
                    break;

                case SetNeedOp s:
                {
                    var change = await ledger.SetNeedAsync(SetUp, Needs[s.Need], s.Value);
                    need[s.Need] = s.Value;
                    Assert.Equal(Math.Max(0, Live(s.Need, now) + Done(s.Need) - s.Value), change.After.Overcommitted);
                    break;
                }
            }

            now = clock.GetCurrentInstant();
            for (var n = 0; n < Needs.Length; n++)
            {
                Assert.Equal(new NeedState(Needs[n], need[n], Live(n, now), Done(n)), await ledger.GetNeedAsync(Needs[n]));
            }

            foreach (var m in model)
            {
                Assert.True((await ledger.FindAsync(m.Id))!.Status == m.StatusAt(now), $"{where}: reservation {m.Key} should be {m.StatusAt(now)}");
            }
        }

        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }
}

internal static class LedgerStoreContractNeeds
{
    public static readonly NeedKey A = new(Model.Regions.RegionCode.Parse("31.71.01.1001.005.003"), Model.Catalog.ItemCode.Parse("pangan.paket-sembako"), Model.Time.DistributionPeriod.Parse("2020-05"));
    public static readonly NeedKey B = new(Model.Regions.RegionCode.Parse("31.71.01.1001.005.004"), Model.Catalog.ItemCode.Parse("pangan.paket-sembako"), Model.Time.DistributionPeriod.Parse("2020-05"));
}
