// The reservation ledger behind a web API: many requests arrive at once, each reserving part of a need with an
// idempotency key (the client's request id) as the collaborator who sends it. Retries of the same request return the
// same reservation; requests beyond what remains are refused naming the rule (an outcome, not an exception); the
// ledger never reserves more than the need.
using System.Collections.Concurrent;
using Ksbb.Model.Catalog;
using Ksbb.Ledger;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

var path = Path.Combine(Path.GetTempPath(), $"ksbb-sample-ledger-{Environment.ProcessId}.db");
var store = SqliteLedgerStore.Open(path);                    // one file; safe across threads and processes
await store.InitializeAsync();
var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance, ReservationLifetime = Duration.FromDays(7) });

var sembako = ItemCode.Parse("pangan.paket-sembako");
var november = DistributionPeriod.Parse("2020-11");
NeedKey[] needs = [.. Enumerable.Range(1, 3).Select(rt => new NeedKey(RegionCode.Parse($"31.71.01.1001.005.{rt:D3}"), sembako, november))];
var host = LedgerActor.System("sample");                    // the host's own set-up work
await ledger.SetNeedsAsync(host, needs.Select(n => new KeyValuePair<NeedKey, long>(n, 150))); // 150 food packages per RT
CollaboratorId[] collaborators = [.. Enumerable.Range(1, 12).Select(c => CollaboratorId.Parse($"c-{c}"))];
await ledger.SetCollaboratorsAsync(host, collaborators.Select(c => Collaborator.Create(c, $"Kolaborator {c}", CollaboratorCategory.LembagaUsaha))); // only recorded collaborators reserve

// 60 requests from 12 collaborators, 5 to 15 packages each, for the three RTs; every fifth request is sent twice
// (a client retry after a timeout) with the same idempotency key.
var random = new Random(7);
var requests = Enumerable.Range(1, 60).Select(i => (Key: IdempotencyKey.Parse($"req-{i:D3}"), Collaborator: LedgerActor.Of(collaborators[i % 12]), Need: needs[random.Next(needs.Length)], Quantity: random.Next(5, 16))).ToList();
var sent = requests.Concat(requests.Where((_, i) => i % 5 == 0)).OrderBy(_ => random.Next()).ToArray();

// The "web server": requests handled concurrently, each as its own call, as ASP.NET Core would.
var outcomes = new ConcurrentBag<(IdempotencyKey Key, LedgerOutcome Outcome)>();
await Parallel.ForEachAsync(sent, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (r, ct) =>
    outcomes.Add((r.Key, await ledger.ReserveAsync(r.Collaborator, r.Need, r.Quantity, r.Key, cancellationToken: ct))));

foreach (var kind in outcomes.GroupBy(o => o.Outcome.Kind).OrderBy(g => g.Key))
{
    Console.WriteLine($"{kind.Key,-9} {kind.Count(),3} responses");
}

var refused = outcomes.Where(o => o.Outcome.Kind == LedgerOutcomeKind.Refused).OrderBy(o => o.Key).FirstOrDefault();
if (refused.Outcome is not null)
{
    var request = requests.Single(r => r.Key == refused.Key);
    Console.WriteLine($"e.g. {refused.Key}: asked {request.Quantity} for {request.Need.Unit}, refused ({refused.Outcome.Refusal!.RuleName}) with {refused.Outcome.Remaining} remaining (HTTP 409)");
}

var replays = outcomes.Where(o => o.Outcome.Succeeded).GroupBy(o => o.Key).Where(g => g.Count() == 2).ToArray();
Console.WriteLine($"retried requests answered with the same reservation: {replays.Count(g => g.Select(o => o.Outcome.Reservation!.Id).Distinct().Count() == 1)} of {replays.Length}");

await foreach (var state in ledger.ReadNeedsAsync())
{
    Console.WriteLine($"{state.Key.Unit}: need {state.Need}, reserved {state.Reserved}, remaining {state.Need - state.Reserved - state.Delivered}");
}

var chain = await ledger.VerifyChainAsync();
Console.WriteLine($"event chain intact: {chain.IsIntact} ({chain.VerifiedCount} events)");

await store.DisposeAsync();                             // closes the file's pooled connections before deleting it
File.Delete(path);
