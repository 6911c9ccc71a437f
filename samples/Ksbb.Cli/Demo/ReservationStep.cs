using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ksbb.Allocation;
using Ksbb.Model.Collaborators;
using Ksbb.Ledger;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.SampleData;
using NodaTime;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// A reservation round on the durable ledger: the allocation plan for Jakarta Pusat is reserved while independent donors
/// pick the neediest RTs from the public map at the same moment; the ledger refuses every overlap. Then deliveries with
/// household deduplication, the hash-chain check and the public transparency export.
/// </summary>
internal sealed class ReservationStep : IDemoStep
{
    /// <summary>The key under which the ledger's need states are left in <see cref="DemoContext.Results"/>.</summary>
    public const string NeedsKey = "ledger-needs";

    private static readonly RegionCode Kota = RegionCode.Parse("31.71");

    public string Title => "Reservation round on the ledger: Jakarta Pusat";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var period = DemoRound.PeriodOf(data);
        var needs = DemoRound.NeedsOf(data).Where(n => Kota.Contains(n.Unit)).ToArray();
        context.OutputDirectory.Create();
        var path = Path.Combine(context.OutputDirectory.FullName, "ledger.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var clock = new FixedClock(SampleDataSet.AsOf);
        await using var store = SqliteLedgerStore.Open(path);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var ledger = ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = clock,
            // The host supplies the key; only keyed hashes of NIK/KK numbers are ever stored.
            Households = HouseholdHasher.Create(SHA256.HashData(Encoding.UTF8.GetBytes("ksbb-demo-household-key-" + data.Seed.ToString(CultureInfo.InvariantCulture)))),
        });
        await ledger.SetNeedsAsync(needs.Select(n => KeyValuePair.Create(new NeedKey(n.Unit, n.Item, period), (long)n.Quantity)), cancellationToken).ConfigureAwait(false);
        await ledger.SetCollaboratorsAsync(data.Collaborators, cancellationToken).ConfigureAwait(false);

        // The plan: allocation lines in Jakarta Pusat, each reserved by the offer's collaborator.
        var requests = new List<(string Collaborator, RegionCode Unit, long Quantity, string Key, bool Planned)>();
        if (context.Results.TryGetValue(AllocationStep.ResultKey, out var value) && value is AllocationResult plan)
        {
            var collaboratorOf = data.Offers.ToDictionary(o => o.Id.Value, o => o.Collaborator.Value, StringComparer.Ordinal);
            requests.AddRange(plan.Allocations.Where(l => Kota.Contains(l.Unit)).Select(l => (collaboratorOf[l.Offer], l.Unit, l.Quantity, $"plan:{l.Offer}:{l.Unit}", true)));
        }

        // Independent donors pick the neediest RTs of the public map at the same time: they collide with the plan and each other.
        var random = new Random(data.Seed);
        var hot = needs.OrderByDescending(n => n.Quantity).ThenBy(n => n.Unit).Take(60).ToArray();
        var donors = data.Collaborators.Where(c => c.Category == CollaboratorCategory.Perorangan).Take(25).ToArray();
        foreach (var donor in donors)
        {
            for (var i = 0; i < 4; i++)
            {
                var need = hot[random.Next(hot.Length)];
                requests.Add((donor.Id.Value, need.Unit, Math.Max(1, need.Quantity / 3), $"map:{donor.Id.Value}:{i}", false));
            }
        }

        var shuffled = requests.OrderBy(_ => random.Next()).ToArray();
        var outcomes = new ConcurrentBag<(bool Planned, ReserveOutcome Outcome)>();
        await context.RunWithProgressAsync($"Reserving {DemoContext.N(shuffled.Length)} pledges from 8 concurrent writers", async progress =>
        {
            var done = 0;
            await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (r, ct) =>
            {
                var outcome = await ledger.ReserveAsync(r.Collaborator, new NeedKey(r.Unit, DemoRound.Item, period), r.Quantity, r.Key, ct).ConfigureAwait(false);
                outcomes.Add((r.Planned, outcome));
                progress.Report(100.0 * Interlocked.Increment(ref done) / shuffled.Length);
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // A client that lost its answer retries with the same key: it gets the first answer, counted once.
        var retry = shuffled.First();
        var replay = await ledger.ReserveAsync(retry.Collaborator, new NeedKey(retry.Unit, DemoRound.Item, period), retry.Quantity, retry.Key, cancellationToken).ConfigureAwait(false);

        var table = new Table().AddColumn("Pledges").AddColumn(new TableColumn("Reserved").RightAligned()).AddColumn(new TableColumn("Refused: need already covered").RightAligned()).AddColumn(new TableColumn("Items reserved").RightAligned());
        foreach (var planned in new[] { true, false })
        {
            var group = outcomes.Where(o => o.Planned == planned).Select(o => o.Outcome).ToArray();
            table.AddRow(planned ? "Allocation plan" : "Donors picking from the map",
                DemoContext.N(group.Count(o => o.Kind == ReserveOutcomeKind.Reserved)),
                DemoContext.N(group.Count(o => o.Kind == ReserveOutcomeKind.Refused)),
                DemoContext.N(group.Where(o => o.Succeeded).Sum(o => o.Reservation!.Quantity)));
        }

        context.Console.Write(table);
        var refused = outcomes.Select(o => o.Outcome).FirstOrDefault(o => o.Kind == ReserveOutcomeKind.Refused);
        if (refused is not null)
        {
            context.Console.MarkupLine($"Example refusal: only {DemoContext.N(refused.Remaining)} packages remained, so the overlapping pledge was refused.");
        }

        context.Console.MarkupLine($"Retry with the same idempotency key: [bold]{replay.Kind}[/] (counted once).");

        // Deliveries a day later, naming the household (NIK) that received each package; one household is named twice.
        clock.Advance(Duration.FromDays(1));
        var reserved = outcomes.Where(o => o.Outcome.Kind == ReserveOutcomeKind.Reserved).Select(o => o.Outcome.Reservation!).OrderBy(r => r.Id.Value, StringComparer.Ordinal).Take(40).ToArray();
        int delivered = 0, duplicates = 0, verified = 0;
        for (var i = 0; i < reserved.Length; i++)
        {
            var household = HouseholdId.Parse(SyntheticNik(i == reserved.Length - 1 ? 0 : i), HouseholdIdKind.Nik);
            var outcome = await ledger.DeliverAsync(reserved[i].Id, [household], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                delivered++;
                if (i % 2 == 0 && (await ledger.VerifyAsync(reserved[i].Id, cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    verified++;
                }
            }
            else if (outcome.Kind == TransitionOutcomeKind.DuplicateHousehold)
            {
                duplicates++;
                context.Console.MarkupLine($"Deduplication: {Markup.Escape(outcome.Message)}");
            }
        }

        var chain = await ledger.VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<NeedState>();
        await foreach (var state in ledger.ReadNeedsAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(state);
        }

        var over = states.Count(s => s.Reserved + s.Delivered > s.Need);
        context.Console.MarkupLine($"Delivered {delivered} reservations ({verified} verified), {duplicates} refused as a household already served this period.");
        context.Console.MarkupLine($"RTs over their need: [bold]{over}[/]. Hash chain: {(chain.IsIntact ? "[green]intact[/]" : "[red]broken[/]")}, {DemoContext.N(chain.VerifiedCount)} events.");

        var export = await PublicExport.CreateAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false);
        var json = context.WriteFile("public-export.json", export.WriteJson);
        var csv = context.WriteFile("public-export-hxl.csv", stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            export.WriteHxlCsv(writer);
        });
        context.Console.MarkupLine($"Wrote [bold]{Markup.Escape(json.Name)}[/] and [bold]{Markup.Escape(csv.Name)}[/]: who helps whom, no personal data, small household counts suppressed.");
        context.Results[NeedsKey] = states;
    }

    /// <summary>A well-formed synthetic NIK of Jakarta Pusat (region 317101, birth date 01-01-80), distinct per index.</summary>
    private static string SyntheticNik(int index) => string.Create(CultureInfo.InvariantCulture, $"317101010180{index + 1:D4}");
}
