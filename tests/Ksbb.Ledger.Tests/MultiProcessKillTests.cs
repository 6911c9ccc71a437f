using System.Diagnostics;
using Ksbb.Ledger.Sqlite;
using Ksbb.Tests;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// Many <c>ksbb ledger reserve</c> processes race on one SQLite file while some are killed (SIGKILL) at random
/// moments. Afterwards every acknowledged reservation (exit 0 and an id printed) is present exactly once, nothing is
/// over need, the counters match the rows, the chain is intact, and retrying a killed call's key never counts twice.
/// </summary>
public sealed class MultiProcessKillTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReserveProcesses_KilledAtRandom_LoseNoAcknowledgedReservation_AndNeverExceedNeed()
    {
        var (db, _) = await CreateRaceAsync("race.db", 20);

        var random = new Random(20200504);
        var plans = Plans(random, Units);
        var (acknowledged, refused, killed) = await RaceAsync(plans, p => ReserveArgs(db, p.Collaborator, p.Unit, p.Quantity, p.Key), "refused: remaining ");

        var killedAfterCommit = killed.Count(k => CommittedBeforeRetry(k.Key));
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged, {refused.Count} refused, {killed.Count} killed ({killedAfterCommit} of them had committed)");
        Assert.NotEmpty(acknowledged);
        Assert.True(refused.Count > 0, "Demand exceeds need, so some processes must be refused.");

        await AssertConsistentAsync(db, acknowledged);
        var killedKeys = killed.Select(k => k.Key).ToHashSet();
        await foreach (var r in SqliteLedgerStore.Open(db).ReadReservationsAsync())
        {
            Assert.True(acknowledged.ContainsKey(r.Key.Value) || killedKeys.Contains(r.Key.Value), $"stored reservation {r.Key} was never acknowledged or killed in flight");
            Assert.DoesNotContain(r.Key.Value, refused);
        }

        // A killed call is unacknowledged: retrying its key is safe and never counts twice.
        foreach (var k in killed)
        {
            var (code, output, error) = await KsbbCli.RunAsync(ReserveArgs(db, k.Collaborator, k.Unit, k.Quantity, k.Key));
            Assert.True(code is 0 or 3, $"retry {k.Key}: exit {code} {output} {error}");
            if (code == 0)
            {
                acknowledged[k.Key] = output.Trim();
            }
        }

        await AssertConsistentAsync(db, acknowledged);
    }

    [Fact]
    public async Task PledgeDrawProcesses_KilledAtRandom_LoseNoAcknowledgedDraw_AndNeverExceedThePledge()
    {
        var (db, ledger) = await CreateRaceAsync("pledge-race.db", 100);
        await ledger.SetCollaboratorsAsync(SetUp, [Collaborator.Create(CollaboratorId.Parse("donor-a"), "PT Andalan", CollaboratorCategory.LembagaUsaha)]);
        var pledged = await ledger.PledgeAsync(Actor("donor-a"), LedgerStoreContractNeeds.A.Item, LedgerStoreContractNeeds.A.Period, 30, Key("pledge-1"));
        var pledge = pledged.Pledge!.Id.Value;

        var plans = Plans(new Random(20201126), Units).Select(p => p with { Collaborator = "donor-a" }).ToList();
        string[] Args(Plan p) => [.. ReserveArgs(db, p.Collaborator, p.Unit, p.Quantity, p.Key), "--pledge", pledge];
        var (acknowledged, refused, killed) = await RaceAsync(plans, Args, "refused: pledge-exceeded: reserved + delivered on a pledge never exceed it");
        Assert.NotEmpty(acknowledged);
        Assert.True(refused.Count > 0, "Demand (about 120) exceeds the pledge of 30, so some processes must be refused.");

        // Retrying a killed call's key is safe and never draws twice.
        foreach (var k in killed)
        {
            var (code, output, error) = await KsbbCli.RunAsync(Args(k));
            Assert.True(code is 0 or 3, $"retry {k.Key}: exit {code} {output} {error}");
            if (code == 0)
            {
                acknowledged[k.Key] = output.Trim();
            }
        }

        await AssertConsistentAsync(db, acknowledged);
        var reservations = await SqliteLedgerStore.Open(db).ReadReservationsAsync().ToListAsync();
        Assert.InRange(reservations.Sum(r => r.Quantity), 1, 30);
        var state = await ReservationLedger.Create(SqliteLedgerStore.Open(db), new LedgerOptions { Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 0, 0)) })
            .GetPledgeAsync(pledged.Pledge.Id);
        Assert.Equal(reservations.Sum(r => r.Quantity), state!.Reserved);
    }

    private const int Parallel = 8;

    [Fact]
    public async Task ClientsMakingManyReservationsOnFewNeeds_KilledInFlight_StoreExactlyTheAcknowledgedAndInFlight()
    {
        var db = _folder.File("many.db");
        string[] units = ["31.71.01.1001.005.003", "31.71.01.1001.005.004"];
        var store = SqliteLedgerStore.Open(db);
        await store.InitializeAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 0, 0)) });
        await ledger.SetNeedsAsync(SetUp, units.Select(u => new KeyValuePair<NeedKey, long>(LedgerStoreContract_Need(u), 80)));
        const int Clients = 5;
        await FaultClients.RecordClientsAsync(ledger, Clients);

        const int PerClient = 30;
        var clients = new FaultClients();
        await clients.RunRoundsAsync("sqlite:" + db, "-", Clients, PerClient, units, seed: 20200504);

        TestContext.Current.TestOutputHelper?.WriteLine($"{clients.Acknowledged.Count} acknowledged, {clients.Refused.Count} refused, {clients.KillsAfterSignal} kills after a start signal, {clients.Unanswered.Count} keys in flight at a kill");
        Assert.True(clients.KillsAfterSignal > 0, "no client was killed; the test proved nothing");
        Assert.NotEmpty(clients.Refused);
        var stored = new List<Reservation>();
        await foreach (var r in SqliteLedgerStore.Open(db).ReadReservationsAsync())
        {
            stored.Add(r);
        }

        clients.AssertStoredMatchOutcomes(stored);
        await AssertConsistentAsync(db, clients.Acknowledged.ToDictionary(p => p.Key, p => p.Value.Id));
    }

    private static readonly string[] Units = ["31.71.01.1001.005.003", "31.71.01.1001.005.004", "31.71.01.1001.006.001"];

    // A new ledger file with the same need on each of Units.
    private async Task<(string Db, ReservationLedger Ledger)> CreateRaceAsync(string name, long need)
    {
        var db = _folder.File(name);
        _db = db;
        var store = SqliteLedgerStore.Open(db);
        await store.InitializeAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 0, 0)) });
        await ledger.SetNeedsAsync(SetUp, Units.Select(u => new KeyValuePair<NeedKey, long>(LedgerStoreContract_Need(u), need)));
        await ledger.RecordCollaboratorsAsync(Enumerable.Range(0, 5).Select(i => $"donor-{i}"));
        return (db, ledger);
    }

    private sealed record Plan(string Key, string Unit, int Quantity, string Collaborator, double KillFraction);

    private static List<Plan> Plans(Random random, string[] units) => [.. Enumerable.Range(0, 48).Select(i => new Plan(
        $"proc-{i}",
        units[random.Next(units.Length)],
        random.Next(1, 5),
        $"donor-{i % 5}",
        i >= Parallel && random.Next(3) == 0 ? 0.5 + (random.NextDouble() * 0.8) : -1.0))];

    // Runs every plan as a ksbb process, at most Parallel at once, killing some at random moments.
    private static async Task<(System.Collections.Concurrent.ConcurrentDictionary<string, string> Acknowledged, IReadOnlyCollection<string> Refused, List<Plan> Killed)> RaceAsync(
        IReadOnlyList<Plan> plans, Func<Plan, string[]> args, string refusedPrefix)
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        var killed = new System.Collections.Concurrent.ConcurrentBag<Plan>();

        // The first wave runs unharmed and measures how long a process takes on this machine; later kills land at
        // 50-130 % of that, so many hit a process while it opens the file or commits, not before it starts.
        var durations = new System.Collections.Concurrent.ConcurrentBag<double>();

        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(plans.Select(async plan =>
        {
            await gate.WaitAsync();
            try
            {
                var clock = Stopwatch.StartNew();
                using var process = KsbbCli.Start(args(plan));
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (plan.KillFraction > 0 && !durations.IsEmpty)
                {
                    var typical = durations.Order().ElementAt(durations.Count / 2);
                    var exited = process.WaitForExit((int)(typical * plan.KillFraction));
                    if (!exited)
                    {
                        process.Kill(entireProcessTree: true); // SIGKILL on Unix
                        await process.WaitForExitAsync();
                        killed.Add(plan);
                        return;
                    }
                }

                await process.WaitForExitAsync();
                durations.Add(clock.Elapsed.TotalMilliseconds);
                var output = (await stdout).Trim();
                switch (process.ExitCode)
                {
                    case 0:
                        Assert.True(ReservationId.TryParse(output, out _), $"{plan.Key}: exit 0 printed '{output}'");
                        acknowledged[plan.Key] = output;
                        break;
                    case 3:
                        // A refusal is printed on standard error, naming its rule (not enough remaining also prints what remains).
                        Assert.StartsWith(refusedPrefix, output.Length > 0 ? output : (await stderr).Trim(), StringComparison.Ordinal);
                        refused[plan.Key] = 0;
                        break;
                    default:
                        Assert.Fail($"{plan.Key}: exit {process.ExitCode}: {output} {await stderr}");
                        break;
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return (acknowledged, refused.Keys.ToArray(), [.. killed]);
    }

    private bool CommittedBeforeRetry(string key)
    {
        var store = SqliteLedgerStore.Open(_db!);
        return store.ReadReservationsAsync().ToBlockingEnumerable().Any(r => r.Key.Value == key);
    }

    private string? _db;

    private static NeedKey LedgerStoreContract_Need(string unit) => LedgerStoreContractNeeds.A with { Unit = Model.Regions.RegionCode.Parse(unit) };

    private static string[] ReserveArgs(string db, string collaborator, string unit, int quantity, string key) =>
    [
        "ledger", "reserve", "--db", db, "--collaborator", collaborator, "--unit", unit, "--item", "pangan.paket-sembako",
        "--period", "2020-05", "--quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--key", key,
    ];

    private static async Task AssertConsistentAsync(string db, IReadOnlyDictionary<string, string> acknowledged)
    {
        var store = SqliteLedgerStore.Open(db);
        var reservations = new List<Reservation>();
        await foreach (var r in store.ReadReservationsAsync())
        {
            reservations.Add(r);
        }

        var byKey = reservations.GroupBy(r => r.Key.Value).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (key, id) in acknowledged)
        {
            Assert.True(byKey.TryGetValue(key, out var rows), $"acknowledged {key} ({id}) is missing");
            Assert.Single(rows);
            Assert.Equal(id, rows[0].Id.Value);
        }

        Assert.Equal(reservations.Count, reservations.Select(r => r.Id).Distinct().Count());
        await foreach (var need in store.ReadNeedsAsync(Instant.FromUtc(2020, 5, 4, 0, 0)))
        {
            Assert.True(need.Reserved + need.Delivered <= need.Need, $"{need.Key}: {need.Reserved} reserved of {need.Need}");
            Assert.Equal(reservations.Where(r => r.Need == need.Key).Sum(r => r.Quantity), need.Reserved);
        }

        var events = new List<LedgerEvent>();
        await foreach (var e in store.ReadEventsAsync())
        {
            events.Add(e);
        }

        var chain = LedgerEventChain.Verify(events);
        Assert.True(chain.IsIntact, chain.Message);
        Assert.Equal(reservations.Count, events.Count(e => e.Kind == "reservation.reserved"));
    }
}
