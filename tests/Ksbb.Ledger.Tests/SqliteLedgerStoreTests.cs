using Ksbb.Ledger.Sqlite;
using Ksbb.Ledger.Storage;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>The store contract against the embedded SQLite store, one temporary file per test.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override async Task<LedgerStore> CreateStoreAsync()
    {
        var store = SqliteLedgerStore.Open(Path.Combine(_folder.Path, $"ledger-{Guid.NewGuid():N}.db"));
        await store.InitializeAsync();
        return store;
    }

    protected override Task<LedgerStore> OpenAgainAsync(LedgerStore store) =>
        Task.FromResult<LedgerStore>(SqliteLedgerStore.Open(((SqliteLedgerStore)store).Path));

    public void Dispose() => _folder.Dispose();
}

/// <summary>SQLite-specific behaviour: heavy stress across two instances, and group commit isolating each operation.</summary>
public sealed class SqliteLedgerStoreStressTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Stress_ManyThreadsTwoInstances_ReserveAndRelease_NeverOverNeed_NothingLost()
    {
        var db = _folder.File("stress.db");
        var first = SqliteLedgerStore.Open(db);
        await first.InitializeAsync();
        var second = SqliteLedgerStore.Open(db, new SqliteLedgerStoreOptions { MaxBatchSize = 7 });
        var needs = new[] { LedgerStoreContractNeeds.A, LedgerStoreContractNeeds.B };
        var clock = new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2020, 5, 4, 0, 0));
        var setup = ReservationLedger.Create(first, new LedgerOptions { Clock = clock });
        await setup.SetNeedsAsync(SetUp, needs.Select(n => new KeyValuePair<NeedKey, long>(n, 150)));
        await setup.RecordCollaboratorsAsync(Enumerable.Range(0, 16).Select(w => $"donor-{w}"));

        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, Reservation>();
        var released = new System.Collections.Concurrent.ConcurrentDictionary<ReservationId, bool>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            var ledger = ReservationLedger.Create(w % 2 == 0 ? first : second, new LedgerOptions { Clock = clock });
            var random = new Random(w);
            for (var i = 0; i < 60; i++)
            {
                var key = $"w{w}-{i}";
                var outcome = await ledger.ReserveAsync($"donor-{w}", needs[random.Next(2)], random.Next(1, 6), key);
                if (outcome.Kind == LedgerOutcomeKind.Applied)
                {
                    acknowledged[key] = outcome.Reservation!;
                    if (random.Next(4) == 0 && (await ledger.ReleaseAsOwnerAsync(outcome.Reservation!.Id)).Kind == LedgerOutcomeKind.Applied)
                    {
                        released[outcome.Reservation.Id] = true;
                    }
                }
                else
                {
                    AssertRefused(LedgerRule.NotEnoughRemaining, outcome);
                }
            }
        })));

        var stored = new List<Reservation>();
        await foreach (var r in first.ReadReservationsAsync())
        {
            stored.Add(r);
        }

        Assert.Equal(acknowledged.Values.Select(r => r.Id).Order(), stored.Select(r => r.Id).Order());
        foreach (var need in needs)
        {
            var state = (await first.GetNeedAsync(need, clock.GetCurrentInstant()))!;
            var live = stored.Where(r => r.Need == need && r.Status == ReservationStatus.Reserved).Sum(r => r.Quantity);
            Assert.Equal(live, state.Reserved);
            Assert.True(state.Reserved <= 150);
        }

        Assert.Equal(released.Count, stored.Count(r => r.Status == ReservationStatus.Released));
        Assert.True((await setup.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task GroupCommit_OneFailingOperation_DoesNotAffectTheOthersCommittedWithIt()
    {
        var store = SqliteLedgerStore.Open(_folder.File("group.db"));
        await store.InitializeAsync();
        var clock = new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2020, 5, 4, 0, 0));
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = clock });
        await ledger.SetNeedAsync(SetUp, LedgerStoreContractNeeds.A, 1000);
        await ledger.RecordCollaboratorsAsync("donor-a");

        var reservations = Enumerable.Range(0, 40).Select(i => ledger.ReserveAsync("donor-a", LedgerStoreContractNeeds.A, 1, $"k{i}")).ToList();
        var bad = store.SetNeedsAsync([new(LedgerStoreContractNeeds.B, -1)], clock.GetCurrentInstant(), SetUp);
        var outcomes = await Task.WhenAll(reservations);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bad);
        Assert.All(outcomes, o => Assert.Equal(LedgerOutcomeKind.Applied, o.Kind));
        Assert.Equal(40, (await ledger.GetNeedAsync(LedgerStoreContractNeeds.A))!.Reserved);
        Assert.Null(await ledger.GetNeedAsync(LedgerStoreContractNeeds.B));
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }
}
