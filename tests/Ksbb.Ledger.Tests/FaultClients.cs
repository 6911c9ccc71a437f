using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// The fault tests' client processes (Ksbb.Ledger.PostgreSql.TestClient, on either store) and every key's outcome as
/// they reported it: acknowledged, refused, or in flight when the process was killed. A client prints
/// <c>BEGIN key</c> as each request starts and <c>ANSWERING key</c> when it is over, holding its answer back a moment.
/// Half the kills are drawn after a start signal, at a random delay within a typical request's work, so they land
/// while the request writes or commits, never during start-up; the other half land right after <c>ANSWERING key Reserved</c>,
/// after the commit and before the answer. A store error (<c>ERR</c>) fails the test: the only fault injected is the kill.
/// </summary>
internal sealed class FaultClients
{
    /// <summary>Gets the acknowledged keys with the reservation id and quantity the client was told.</summary>
    public ConcurrentDictionary<string, (string Id, long Quantity)> Acknowledged { get; } = new();

    /// <summary>Gets the keys answered "refused" (at least once).</summary>
    public ConcurrentDictionary<string, byte> Refused { get; } = new();

    /// <summary>Gets the keys whose request had started but had no answer when its process was killed, or that failed with an error.</summary>
    public ConcurrentDictionary<string, byte> Unanswered { get; } = new();

    /// <summary>Gets the keys in flight at a kill that had never been answered before, with the kind of their first answer afterwards (Reserved, Replayed or Refused).</summary>
    public ConcurrentDictionary<string, string?> KilledInFlight { get; } = new();

    /// <summary>Gets how many processes were killed after a request signalled its start.</summary>
    public int KillsAfterSignal => _kills;

    // Each client holds its answers this long before printing them (a slow way back to the caller), after signalling
    // that the request is over: half the kills land in that window, after the commit and before the answer.
    private const int AnswerDelayMilliseconds = 20;

    private readonly ConcurrentDictionary<string, string> _firstAnswer = new();
    private readonly ConcurrentBag<double> _requestMilliseconds = [];
    private readonly ConcurrentBag<string> _errors = [];
    private int _kills;

    /// <summary>Records the collaborators the clients reserve as (<c>donor-&lt;client&gt;</c>, for clients 0 to <paramref name="clients"/> − 1).</summary>
    /// <returns>A task that completes once they are recorded.</returns>
    public static Task RecordClientsAsync(ReservationLedger ledger, int clients) =>
        ledger.RecordCollaboratorsAsync(Enumerable.Range(0, clients).Select(c => $"donor-{c}"));

    /// <summary>
    /// Rounds of <paramref name="clients"/> clients at once: in the first <paramref name="killRounds"/> rounds most are
    /// killed while one of their requests is in flight; a last round lets every client finish, replaying its keys (a
    /// replay of a key killed in flight settles it once: Replayed if the killed request had committed). Fails on any
    /// store error, and unless the kills landed mid-write: at least one killed request had committed (its key stored,
    /// Replayed on retry) and at least one had not (its key absent, decided afresh on retry).
    /// </summary>
    public async Task RunRoundsAsync(string connection, string schema, int clients, int perClient, IReadOnlyList<string> units, int seed, int killRounds = 4)
    {
        var random = new Random(seed);
        for (var round = 0; round <= killRounds; round++)
        {
            var plans = Enumerable.Range(0, clients)
                .Select(c => (Client: c, KillAt: round < killRounds && random.NextDouble() < 0.8 ? random.Next(perClient) : (int?)null, Seed: random.Next()))
                .ToList();
            await Task.WhenAll(plans.Select(p => RunAsync(connection, schema, p.Client, perClient, units, p.KillAt, p.Seed)));
        }

        Assert.True(_errors.IsEmpty, $"the store failed without any fault but the kills: {string.Join("; ", _errors)}");
        foreach (var key in KilledInFlight.Keys)
        {
            KilledInFlight[key] = _firstAnswer.GetValueOrDefault(key);
        }

        var committed = KilledInFlight.Count(k => k.Value == "Replayed");
        var absent = KilledInFlight.Count(k => k.Value is "Reserved" or "Refused");
        TestContext.Current.TestOutputHelper?.WriteLine($"{_kills} kills, {KilledInFlight.Count} keys in flight at a kill: {committed} had committed, {absent} had not");
        Assert.All(KilledInFlight, k => Assert.NotNull(k.Value));
        Assert.True(committed > 0, $"no kill landed after a commit and before its answer ({KilledInFlight.Count} keys killed in flight): the kills missed the writing window");
        Assert.True(absent > 0, $"every kill landed after its request committed ({KilledInFlight.Count} keys killed in flight): none interrupted a write");
    }

    /// <summary>
    /// Starts a client reserving <paramref name="count"/> times on <paramref name="units"/>; once request number
    /// <paramref name="killAt"/> signals its start, kills it with SIGKILL after a random delay within a typical
    /// request's duration (null: never).
    /// </summary>
    /// <returns>A task that completes when the process has exited and its output is read.</returns>
    public Task RunAsync(string connection, string schema, int client, int count, IReadOnlyList<string> units, int? killAt, int seed = 0)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Ksbb.Ledger.PostgreSql.TestClient.dll"),
            connection, schema, client.ToString(System.Globalization.CultureInfo.InvariantCulture),
            count.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(',', units),
            AnswerDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var killKey = killAt is { } k ? $"c{client}-{k}" : null;
        var random = new Random(seed);
        var afterCommit = random.Next(2) == 0;
        return Task.Run(async () =>
        {
            using var _ = process;
            var stderr = process.StandardError.ReadToEndAsync();
            string? pending = null;
            var pendingSince = Stopwatch.StartNew();
            Task kill = Task.CompletedTask;
            var killed = false;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                // Only complete lines count: a line cut by the kill was never an answer to anyone.
                switch (line.Split(' '))
                {
                    case ["BEGIN", var key]:
                        pending = key;
                        pendingSince.Restart();
                        // The kill waits for a request never answered before (a replay of an answered key writes
                        // nothing), then lands at a random moment within a typical request's work.
                        if (killKey is not null && !afterCommit && !killed && kill.IsCompleted && KeyIndex(key) >= KeyIndex(killKey) && !_firstAnswer.ContainsKey(key))
                        {
                            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * TypicalRequestMilliseconds());
                            kill = Task.Run(async () =>
                            {
                                await Task.Delay(delay);
                                if (!process.HasExited)
                                {
                                    process.Kill(); // SIGKILL on Unix
                                    killed = true;
                                    Interlocked.Increment(ref _kills);
                                }
                            });
                        }

                        break;
                    case ["ANSWERING", var key, var kind]:
                        // The reservation is committed and its answer held back: a kill now lands after the commit.
                        if (killKey is not null && afterCommit && kind == "Reserved" && !killed && KeyIndex(key) >= KeyIndex(killKey) && !_firstAnswer.ContainsKey(key) && !process.HasExited)
                        {
                            process.Kill(); // SIGKILL on Unix
                            killed = true;
                            Interlocked.Increment(ref _kills);
                        }

                        break;
                    case ["ACK", var key, var id, var quantity, var kind]:
                        var value = (id, long.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));
                        Assert.Equal(Acknowledged.GetOrAdd(key, value), value);
                        Answered(key, kind, pendingSince);
                        pending = null;
                        break;
                    case ["REFUSED", var key, _]:
                        Refused[key] = 0;
                        Answered(key, "Refused", pendingSince);
                        pending = null;
                        break;
                    case ["ERR", var key, ..]:
                        _errors.Add(line);
                        Unanswered[key] = 0;
                        pending = null;
                        break;
                }
            }

            await kill;
            if (pending is not null)
            {
                Unanswered[pending] = 0;
                if (killed && !_firstAnswer.ContainsKey(pending))
                {
                    KilledInFlight[pending] = null;
                }
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0 || killed, $"client {client} exited {process.ExitCode}: {await stderr}");
        });
    }

    private static int KeyIndex(string key) => int.Parse(key[(key.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private void Answered(string key, string kind, Stopwatch pendingSince)
    {
        if (_firstAnswer.TryAdd(key, kind))
        {
            _requestMilliseconds.Add(pendingSince.Elapsed.TotalMilliseconds);
        }
    }

    // The median time from a fresh request's start signal to the end of its work so far (10 ms before any answer).
    private double TypicalRequestMilliseconds()
    {
        var sample = _requestMilliseconds.ToArray();
        return sample.Length == 0 ? 10 : Math.Max(1, sample.Order().ElementAt(sample.Length / 2) - AnswerDelayMilliseconds);
    }

    /// <summary>
    /// Checks the stored reservations against every outcome: each acknowledged key is stored exactly once with the id and
    /// quantity the client was told; every stored key was acknowledged or unanswered (killed in flight, errored); a key
    /// refused and never acknowledged is absent.
    /// </summary>
    public void AssertStoredMatchOutcomes(IReadOnlyList<Reservation> stored)
    {
        var byKey = stored.GroupBy(r => r.Key.Value).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(stored.Count, byKey.Count);
        foreach (var (key, (id, quantity)) in Acknowledged)
        {
            Assert.True(byKey.TryGetValue(key, out var found), $"acknowledged reservation {key} ({id}) is missing");
            Assert.Equal((id, quantity), (found.Single().Id.Value, found.Single().Quantity));
        }

        foreach (var key in byKey.Keys)
        {
            Assert.True(Acknowledged.ContainsKey(key) || Unanswered.ContainsKey(key), $"stored reservation {key} was never acknowledged, killed in flight or retried");
        }

        foreach (var key in Refused.Keys.Where(k => !Acknowledged.ContainsKey(k)))
        {
            Assert.False(byKey.ContainsKey(key), $"refused reservation {key} is stored");
        }
    }
}
