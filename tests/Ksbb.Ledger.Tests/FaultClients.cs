using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ksbb.Ledger.Tests;

/// <summary>
/// The fault tests' client processes (Ksbb.Ledger.PostgreSql.TestClient, on either store) and every key's outcome as
/// they reported it: acknowledged, refused, or in flight when the process was killed. A client prints
/// <c>BEGIN key</c> as each request starts; a kill is issued right after that signal, so it lands while the request
/// is in flight (or after it committed but before its answer was read), never during start-up.
/// </summary>
internal sealed class FaultClients
{
    /// <summary>Gets the acknowledged keys with the reservation id and quantity the client was told.</summary>
    public ConcurrentDictionary<string, (string Id, long Quantity)> Acknowledged { get; } = new();

    /// <summary>Gets the keys answered "refused" (at least once).</summary>
    public ConcurrentDictionary<string, byte> Refused { get; } = new();

    /// <summary>Gets the keys whose request had started but had no answer when its process was killed, or that failed with an error.</summary>
    public ConcurrentDictionary<string, byte> Unanswered { get; } = new();

    /// <summary>Gets how many processes were killed right after a request signalled its start.</summary>
    public int KillsAfterSignal => _kills;

    private int _kills;

    /// <summary>Records the collaborators the clients reserve as (<c>donor-&lt;client&gt;</c>, for clients 0 to <paramref name="clients"/> − 1).</summary>
    /// <returns>A task that completes once they are recorded.</returns>
    public static Task RecordClientsAsync(ReservationLedger ledger, int clients) =>
        ledger.RecordCollaboratorsAsync(Enumerable.Range(0, clients).Select(c => $"donor-{c}"));

    /// <summary>
    /// Three rounds of <paramref name="clients"/> clients at once: in rounds 0 and 1 most are killed right after one of
    /// their requests signals its start; round 2 lets every client finish, replaying its keys (a replay of a key killed
    /// in flight settles it once).
    /// </summary>
    public async Task RunRoundsAsync(string connection, string schema, int clients, int perClient, IReadOnlyList<string> units, int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c =>
                RunAsync(connection, schema, c, perClient, units, round < 2 && random.NextDouble() < 0.8 ? random.Next(perClient) : null)));
        }
    }

    /// <summary>Starts a client reserving <paramref name="count"/> times on <paramref name="units"/>; kills it with SIGKILL right after request number <paramref name="killAt"/> signals its start (null: never).</summary>
    /// <returns>A task that completes when the process has exited and its output is read.</returns>
    public Task RunAsync(string connection, string schema, int client, int count, IReadOnlyList<string> units, int? killAt)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Ksbb.Ledger.PostgreSql.TestClient.dll"),
            connection, schema, client.ToString(System.Globalization.CultureInfo.InvariantCulture),
            count.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(',', units),
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var killKey = killAt is { } k ? $"c{client}-{k}" : null;
        return Task.Run(async () =>
        {
            using var _ = process;
            var stderr = process.StandardError.ReadToEndAsync();
            string? pending = null;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                // Only complete lines count: a line cut by the kill was never an answer to anyone.
                switch (line.Split(' '))
                {
                    case ["BEGIN", var key]:
                        pending = key;
                        if (key == killKey && !process.HasExited)
                        {
                            process.Kill(); // SIGKILL on Unix
                            Interlocked.Increment(ref _kills);
                        }

                        break;
                    case ["ACK", var key, var id, var quantity]:
                        var value = (id, long.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));
                        Assert.Equal(Acknowledged.GetOrAdd(key, value), value);
                        pending = null;
                        break;
                    case ["REFUSED", var key, _]:
                        Refused[key] = 0;
                        pending = null;
                        break;
                    case ["ERR", var key, ..]:
                        Unanswered[key] = 0;
                        pending = null;
                        break;
                }
            }

            if (pending is not null)
            {
                Unanswered[pending] = 0;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0 || killKey is not null, $"client {client} exited {process.ExitCode}: {await stderr}");
        });
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
