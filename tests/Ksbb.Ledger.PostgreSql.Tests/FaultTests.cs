using System.Collections.Concurrent;
using System.Diagnostics;
using Ksbb.Ledger.Tests;
using Ksbb.Model.Catalog;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.PostgreSql.Tests;

/// <summary>Fault tests: they run alone, after every parallel test of this project (the server-stop test stops a server of its own).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerFaults
{
    public const string Name = "PostgreSQL server faults";
}

/// <summary>
/// Faults against a real server: client processes killed with SIGKILL right after a request signals its start, and the server itself stopped
/// immediately (<c>pg_ctl stop -m immediate</c>) mid-run and restarted. Afterwards every acknowledged reservation is
/// present exactly once, every stored one was acknowledged or unanswered (killed in flight, failed), refused keys are absent, no need is over-reserved, the counters match the reservations and the chain is intact.
/// </summary>
[Collection(ServerFaults.Name)]
public sealed class FaultTests : IAsyncLifetime
{
    private static readonly string[] Units = ["31.71.01.1001.005.003", "31.71.01.1001.005.004", "31.71.01.1001.006.001"];
    private readonly ConcurrentBag<string> _schemas = [];

    [Fact]
    public async Task ClientProcesses_KilledAtRandomMoments_LoseNothingAcknowledged_AndNeverOverReserve()
    {
        var connection = PostgresServer.ConnectionStringOrSkip();
        var schema = NewSchema();
        var needs = new long[] { 120, 90, 60 };
        await using (var setup = PostgresServer.Open(schema))
        {
            await setup.MigrateAsync();
            var ledger = LedgerOn(setup);
            await ledger.SetNeedsAsync(SetUp, Units.Select((u, i) => new KeyValuePair<NeedKey, long>(Need(u), needs[i])));
            await FaultClients.RecordClientsAsync(ledger, 6);
        }

        const int Clients = 6;
        const int PerClient = 40;
        var clients = new FaultClients();
        await clients.RunRoundsAsync(connection, schema, Clients, PerClient, Units, seed: 20200504);

        Assert.True(clients.KillsAfterSignal > 0, "no client was killed; the test proved nothing");
        Assert.NotEmpty(clients.Acknowledged);
        Assert.NotEmpty(clients.Refused);
        await using var store = PostgresServer.Open(schema);
        var stored = new List<Reservation>();
        await foreach (var r in store.ReadReservationsAsync())
        {
            stored.Add(r);
        }

        clients.AssertStoredMatchOutcomes(stored);
        await AssertConsistentAsync(store, clients.Acknowledged, needs);
    }

    [Fact]
    public async Task Server_StoppedImmediatelyMidRunAndRestarted_LosesNothingAcknowledged_AndClientsGetClearErrors()
    {
        // The server this test stops is its own, never the shared one KSBB_POSTGRES names: other test projects run
        // against that one at the same time.
        var server = PostgresServer.OwnServerOrSkip();
        var schema = NewSchema();
        var needs = new long[] { 150, 100, 100_000 };
        await using (var setup = server.Open(schema))
        {
            await setup.MigrateAsync();
            var ledger = LedgerOn(setup);
            await ledger.SetNeedsAsync(SetUp, Units.Select((u, i) => new KeyValuePair<NeedKey, long>(Need(u), needs[i])));
            await FaultClients.RecordClientsAsync(ledger, 6);
        }

        var outcomes = new FaultClients();
        var acknowledged = outcomes.Acknowledged;
        var failed = new ConcurrentDictionary<string, (NeedKey Need, long Quantity, string Message)>();
        var hangs = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var options = new PostgreSqlLedgerStoreOptions { Schema = schema, MaxAttempts = 3, InitialBackoff = Duration.FromMilliseconds(50) };
        // Writers 0-2 have their own stores (own pools), as separate application servers would; writers 3-5 share one
        // store with group commit, so batches of their operations are in flight when the server stops.
        // The writers reach the server through a proxy whose answers to COMMIT lag 100 ms, as over a network: a call
        // whose transaction commits in the last 100 ms before the stop loses its answer.
        await using var proxy = new LaggingProxy("127.0.0.1", new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString).Port, TimeSpan.FromMilliseconds(100));
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = proxy.Port }.ConnectionString;
        await using var shared = PostgreSqlLedgerStore.Open(connection, options with { MaxBatchSize = 8 });
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            await using var own = PostgreSqlLedgerStore.Open(connection, options);
            var ledger = LedgerOn(w < 3 ? own : shared);
            var random = new Random(w);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"w{w}-{i}";
                var need = Need(Units[random.Next(Units.Length)]);
                var quantity = random.Next(1, 4);
                try
                {
                    var outcome = await ledger.ReserveAsync($"donor-{w}", need, quantity, key).WaitAsync(TimeSpan.FromSeconds(60));
                    if (outcome.Succeeded)
                    {
                        acknowledged[key] = (outcome.Reservation!.Id.Value, quantity);
                    }
                    else
                    {
                        outcomes.Refused[key] = 0;
                    }
                }
                catch (LedgerStoreException ex)
                {
                    failed[key] = (need, quantity, ex.Message);
                    outcomes.Unanswered[key] = 0;
                    await Task.Delay(20);
                }
                catch (TimeoutException)
                {
                    hangs.Add(key);
                    outcomes.Unanswered[key] = 0;
                }
            }
        })).ToList();

        // Several stops: each one lands on whatever the writers have in flight, so some calls commit and lose their
        // answer on its way back.
        for (var stopRound = 0; stopRound < StopRounds; stopRound++)
        {
            var before = acknowledged.Count;
            var failedBefore = failed.Count;
            await WaitUntilAsync(() => acknowledged.Count >= before + 60, "60 reservations before the stop");
            try
            {
                var stopped = await server.PgCtlAsync("stop", "-m", "immediate");
                Assert.True(stopped.ExitCode == 0, stopped.Output);
                await WaitUntilAsync(() => failed.Count >= failedBefore + 6, "clients to report the stopped server");
                await Task.Delay(1000);
            }
            finally
            {
                var started = await server.PgCtlAsync("start", "-w", "-t", "60", "-l", Path.Combine(server.Folder, $"server-restart-{stopRound}.log"));
                Assert.True(started.ExitCode == 0, started.Output);
            }
        }

        var afterRestart = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= afterRestart + 60, "60 reservations after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Empty(hangs);
        Assert.NotEmpty(failed);
        var expected = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        var description = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PostgreSQL ledger {expected.Host}:{expected.Port}/{expected.Database} schema {schema}");
        Assert.All(failed.Values, f => Assert.StartsWith(description, f.Message, StringComparison.Ordinal));

        // A call that failed is unacknowledged: it may or may not have committed. Retrying with the same key settles it
        // once: a committed one comes back Replayed with its stored reservation, one that never committed is decided now.
        await using var check = server.Open(schema);
        var retryLedger = LedgerOn(check);
        var replayed = 0;
        foreach (var (key, (need, quantity, _)) in failed)
        {
            var w = key[1..key.IndexOf('-', StringComparison.Ordinal)];
            var outcome = await retryLedger.ReserveAsync($"donor-{w}", need, quantity, key);
            Assert.True(outcome.Kind is LedgerOutcomeKind.Applied or LedgerOutcomeKind.Replayed || outcome.Rule == LedgerRule.NotEnoughRemaining, outcome.ToString());
            if (outcome.Kind == LedgerOutcomeKind.Replayed)
            {
                replayed++;
            }

            if (outcome.Succeeded)
            {
                acknowledged[key] = (outcome.Reservation!.Id.Value, quantity);
            }
            else
            {
                outcomes.Refused[key] = 0;
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{failed.Count} calls failed over {StopRounds} stops, {replayed} of them had committed (Replayed on retry)");
        Assert.True(replayed > 0, $"none of the {failed.Count} failed calls had committed: no stop landed between a commit and its answer, so the retry-after-commit path was never exercised");

        var stored = new List<Reservation>();
        await foreach (var r in check.ReadReservationsAsync())
        {
            stored.Add(r);
        }

        outcomes.AssertStoredMatchOutcomes(stored);
        await AssertConsistentAsync(check, acknowledged, needs);
    }

    private const int StopRounds = 3;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemasAsync(_schemas);

    private static async Task AssertConsistentAsync(PostgreSqlLedgerStore store, IReadOnlyDictionary<string, (string Id, long Quantity)> acknowledged, long[] needs)
    {
        var stored = new List<Reservation>();
        await foreach (var r in store.ReadReservationsAsync())
        {
            stored.Add(r);
        }

        // Every acknowledged reservation is present exactly once, with the identifier and quantity the client was told.
        var byKey = stored.GroupBy(r => r.Key.Value).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(stored.Count, byKey.Count);
        foreach (var (key, (id, quantity)) in acknowledged)
        {
            Assert.True(byKey.TryGetValue(key, out var found), $"acknowledged reservation {key} ({id}) is missing");
            Assert.Single(found);
            Assert.Equal((id, quantity), (found[0].Id.Value, found[0].Quantity));
        }

        // No need is over-reserved, and the counters match the reservations.
        var now = SystemClock.Instance.GetCurrentInstant();
        for (var i = 0; i < Units.Length; i++)
        {
            var state = (await store.GetNeedAsync(Need(Units[i]), now))!;
            Assert.Equal(needs[i], state.Need);
            Assert.Equal(stored.Where(r => r.Need == state.Key && r.Status == ReservationStatus.Reserved).Sum(r => r.Quantity), state.Reserved);
            Assert.True(state.Committed <= state.Need, $"{state.Key}: committed {state.Committed} of {state.Need}");
        }

        var events = new List<LedgerEvent>();
        await foreach (var e in store.ReadEventsAsync())
        {
            events.Add(e);
        }

        var verification = LedgerEventChain.Verify(events);
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(stored.Count, events.Count(e => e.Kind == "reservation.reserved"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static NeedKey Need(string unit) => new(RegionCode.Parse(unit), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05"));

    private static ReservationLedger LedgerOn(LedgerStore store) =>
        ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance, ReservationLifetime = Duration.FromDays(30) });

    private string NewSchema()
    {
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        return schema;
    }
}
