using System.Collections.Concurrent;
using System.Globalization;
using Ksbb.Model.Collaborators;
using Ksbb.Ledger;
using Ksbb.Geo;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Round;
using Ksbb.SampleData;
using Ksbb.Model.Regions;
using NodaTime;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// The KSBB Pangan round on the durable ledger, in Jakarta Pusat: donors pledge, then reserve on their own pledges the
/// neediest RTs they pick from the public map, all at the same moment (the ledger refuses every overlap); the pooled
/// round then places the pooled pledges (via aggregators) on what the donors left, planned from the ledger's state.
/// Then deliveries with household deduplication, some with proof of delivery (evidence, geotag) and verification.
/// </summary>
internal sealed class ReservationStep : IDemoStep
{
    /// <summary>The key under which the ledger's food need states are left in <see cref="DemoContext.Results"/>.</summary>
    public const string NeedsKey = "ledger-needs";

    private static readonly RegionCode Kota = RegionCode.Parse("31.71");

    public string Title => "KSBB Pangan round on the ledger: Jakarta Pusat";

    /// <summary>The round's food needs in Jakarta Pusat, as the ledger's seed publishes them (<see cref="DemoLedger"/>).</summary>
    /// <param name="data">The sample data.</param>
    /// <returns>The needs.</returns>
    public static IEnumerable<KeyValuePair<NeedKey, long>> LedgerNeeds(SampleDataSet data)
    {
        var period = DemoRound.PeriodOf(data);
        return NeedsOf(data).Select(n => KeyValuePair.Create(new NeedKey(n.Unit, n.Item, period), (long)n.Quantity));
    }

    private static Need[] NeedsOf(SampleDataSet data) => [.. DemoRound.NeedsOf(data).Where(n => Kota.Contains(n.Unit))];

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var period = DemoRound.PeriodOf(data);
        var needs = NeedsOf(data);
        var round = await DemoLedger.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var ledger = round.Ledger;
        var clock = round.Clock;

        // The pledges: direct donors' own, and the pooled ones via the aggregators that serve Jakarta Pusat.
        var food = data.Pledges.Where(o => o.Item == DemoRound.Item && o.Period.Overlaps(period)).ToArray();
        var serving = data.Aggregators.Where(a => a.Serves(needs[0].Unit)).Select(a => a.Id).ToHashSet();
        var direct = food.Where(o => !PooledRound.IsPooled(o)).GroupBy(o => o.Collaborator).Select(g => g.First()).Take(25).ToArray();
        var pooled = food.Where(o => PooledRound.IsPooled(o) && serving.Contains(o.Aggregator!.Value)).ToArray();
        var pledgeOf = new Dictionary<PledgeId, PledgeId>();
        var pledgeRefusals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pledge in direct.Concat(pooled))
        {
            var outcome = await ledger.PledgeAsync(LedgerActor.Of(pledge.Collaborator), pledge.Item, pledge.Period, pledge.Quantity, IdempotencyKey.Parse($"pledge:{pledge.Id}"), pledge.Aggregator, pledge.Aggregator is null ? pledge.Origin : null, cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                pledgeOf[pledge.Id] = outcome.Pledge!.Id;
            }
            else
            {
                var reason = outcome.Rule == LedgerRule.AggregatorCapacityExceeded ? "over their aggregator's capacity" : outcome.Refusal!.RuleName;
                pledgeRefusals[reason] = pledgeRefusals.GetValueOrDefault(reason) + 1;
            }
        }

        context.Console.MarkupLine(
            $"Pledged on the ledger: {direct.Count(o => pledgeOf.ContainsKey(o.Id))} direct pledges ({DemoContext.N(direct.Where(o => pledgeOf.ContainsKey(o.Id)).Sum(o => o.Quantity))} packages) and " +
            $"{pooled.Count(o => pledgeOf.ContainsKey(o.Id))} pooled pledges via {string.Join(", ", serving.Order())} ({DemoContext.N(pooled.Where(o => pledgeOf.ContainsKey(o.Id)).Sum(o => o.Quantity))} packages)" +
            (pledgeRefusals.Count == 0 ? "." : "; refused: " + Markup.Escape(string.Join(", ", pledgeRefusals.Select(r => $"{r.Value} {r.Key}"))) + "."));

        // Direct donors choose for themselves: each picks the neediest RTs of the public map, all at the same time, on its own pledge.
        var random = new Random(data.Seed);
        var hot = needs.OrderByDescending(n => n.Quantity).ThenBy(n => n.Unit).Take(60).ToArray();
        var requests = new List<(Pledge Pledge, RegionCode Unit, long Quantity, string Key)>();
        foreach (var pledge in direct.Where(o => pledgeOf.ContainsKey(o.Id)))
        {
            for (var i = 0; i < 4; i++)
            {
                var need = hot[random.Next(hot.Length)];
                requests.Add((pledge, need.Unit, Math.Min(pledge.Quantity, Math.Max(1, need.Quantity / 3)), $"map:{pledge.Id}:{i}"));
            }
        }

        var shuffled = requests.OrderBy(_ => random.Next()).ToArray();
        var outcomes = new ConcurrentBag<LedgerOutcome>();
        await context.RunWithProgressAsync($"Reserving {DemoContext.N(shuffled.Length)} donors' picks from 8 concurrent writers", async progress =>
        {
            var done = 0;
            await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (r, ct) =>
            {
                var outcome = await ledger.ReserveAsync(LedgerActor.Of(r.Pledge.Collaborator), new NeedKey(r.Unit, DemoRound.Item, period), r.Quantity, IdempotencyKey.Parse(r.Key), pledgeOf[r.Pledge.Id], cancellationToken: ct).ConfigureAwait(false);
                outcomes.Add(outcome);
                progress.Report(100.0 * Interlocked.Increment(ref done) / shuffled.Length);
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);

        // A client that lost its answer retries with the same key: it gets the first answer, counted once.
        var retry = shuffled.First();
        var replay = await ledger.ReserveAsync(LedgerActor.Of(retry.Pledge.Collaborator), new NeedKey(retry.Unit, DemoRound.Item, period), retry.Quantity, IdempotencyKey.Parse(retry.Key), pledgeOf[retry.Pledge.Id], cancellationToken: cancellationToken).ConfigureAwait(false);

        // The pooled round: planned from the ledger's state (what the donors left), committed line by line by the operator.
        var pooledRound = new PooledRound(ledger, unit => data.City[unit].Point);
        PooledCommit? commit = null;
        await context.RunWithProgressAsync("Planning the pooled pledges on the ledger's remaining need, and committing the plan", async _ =>
        {
            var plan = await pooledRound.PlanAsync(DemoRound.Item, period, cancellationToken).ConfigureAwait(false);
            commit = await pooledRound.CommitAsync(plan, LedgerActor.Of(DemoLedger.Operator), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var table = new Table().AddColumn("Reservations").AddColumn(new TableColumn("Reserved").RightAligned()).AddColumn(new TableColumn("Refused").RightAligned()).AddColumn(new TableColumn("Items reserved").RightAligned());
        table.AddRow("Donors picking from the map (their own pledges)",
            DemoContext.N(outcomes.Count(o => o.Kind == LedgerOutcomeKind.Applied)),
            DemoContext.N(outcomes.Count(o => !o.Succeeded)),
            DemoContext.N(outcomes.Where(o => o.Succeeded).Sum(o => o.Reservation!.Quantity)));
        table.AddRow("Pooled round (pledges via aggregators)", DemoContext.N(commit!.Reserved), DemoContext.N(commit.Refused), DemoContext.N(commit.Quantity));
        context.Console.Write(table);
        var refused = outcomes.FirstOrDefault(o => o.Rule == LedgerRule.NotEnoughRemaining);
        if (refused?.Remaining is { } left)
        {
            context.Console.MarkupLine($"Example refusal ({refused.Refusal!.RuleName}): only {DemoContext.N(left)} packages remained, so the overlapping pick was refused.");
        }

        context.Console.MarkupLine(
            $"Pooled plan {Markup.Escape(commit.Plan.Fingerprint[..12])}: need left {DemoContext.N(commit.Plan.Need)}, pooled supply left {DemoContext.N(commit.Plan.Supply)}, {DemoContext.N(commit.Plan.Lines.Count)} lines. Only pooled pledges are placed by a plan; donors chose for themselves.");
        context.Console.MarkupLine($"Retry with the same idempotency key: [bold]{replay.Kind}[/] (counted once).");

        // Deliveries a day later, one package per household, naming each household (NIK); one household is named twice.
        // Every third delivery carries proof: a generated handover photo's hash and a geotag located among the RTs.
        clock.Advance(Duration.FromDays(1));
        var reserved = outcomes.Where(o => o.Kind == LedgerOutcomeKind.Applied).Select(o => o.Reservation!)
            .Where(r => r.Quantity is >= 5 and <= 40).OrderBy(r => r.Id.Value, StringComparer.Ordinal).Take(10)
            .Concat(commit.Lines.Where(l => l.Outcome.Kind == LedgerOutcomeKind.Applied).Select(l => l.Outcome.Reservation!)
                .Where(r => r.Quantity is >= 5 and <= 40).OrderBy(r => r.Id.Value, StringComparer.Ordinal).Take(30))
            .ToArray();
        var rts = BoundaryLayer.Create(
            "Synthetic RTs of Jakarta Pusat",
            data.City.Rts.Where(rt => Kota.Contains(rt.Code)).Select(rt => BoundaryFeature.FromRectangle(rt.Code.ToString(), rt.Code, rt.Name, rt.Bounds.West, rt.Bounds.South, rt.Bounds.East, rt.Bounds.North)),
            isSynthetic: true);
        var index = BoundaryIndex.Create(rts);
        int delivered = 0, duplicates = 0, verified = 0, withProof = 0, served = 0;
        for (var i = 0; i < reserved.Length; i++)
        {
            var households = Enumerable.Range(0, (int)reserved[i].Quantity).Select(k => DemoLedger.Household(i == reserved.Length - 1 && k == 0 ? 0 : served + k)).ToArray();
            // Each delivery is recorded by the reservation's collaborator (the donor, or the pooled pledge's collaborator).
            var by = LedgerActor.Of(reserved[i].Collaborator);
            LedgerOutcome outcome;
            if (i % 3 == 0)
            {
                var evidence = await EvidenceAsync(context, i, reserved[i], cancellationToken).ConfigureAwait(false);
                var point = data.City[reserved[i].Need.Unit].Point;
                RegionCode? located = index.TryLocate(point.Longitude, point.Latitude, out var unit) ? unit.Code : null;
                var distance = rts.TryGetUnitOrAncestor(reserved[i].Need.Unit, out var claimed) ? claimed.DistanceMetres(point.Longitude, point.Latitude) : 0;
                var proof = DeliveryProof.Create([evidence], DeliveryGeotag.Create(point, located, distance), acknowledgements: 1);
                outcome = await ledger.DeliverAsync(by, reserved[i].Id, proof, households, cancellationToken: cancellationToken).ConfigureAwait(false);
                withProof += outcome.Succeeded ? 1 : 0;
            }
            else
            {
                outcome = await ledger.DeliverAsync(by, reserved[i].Id, households: households, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Succeeded)
            {
                delivered++;
                served += households.Length;
                if (i % 2 == 0 && (await ledger.VerifyAsync(LedgerActor.Of(DemoLedger.Verifier), reserved[i].Id, cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    verified++;
                }
            }
            else if (outcome.Rule == LedgerRule.HouseholdAlreadyServed)
            {
                duplicates++;
                context.Console.MarkupLine($"Deduplication: {Markup.Escape(outcome.Message)}");
            }
        }

        // The donor may not verify its own delivery: verification is the verifier's role.
        foreach (var own in reserved.Where(r => r.Key.Value.StartsWith("map:", StringComparison.Ordinal)))
        {
            if ((await ledger.FindAsync(own.Id, cancellationToken).ConfigureAwait(false))?.Status == ReservationStatus.Delivered)
            {
                var self = await ledger.VerifyAsync(LedgerActor.Of(own.Collaborator), own.Id, cancellationToken).ConfigureAwait(false);
                context.Console.MarkupLine($"A donor verifying its own delivery: [bold]{self.Kind}[/] ({Markup.Escape(self.Message)})");
                break;
            }
        }

        var states = new List<NeedState>();
        await foreach (var state in ledger.ReadNeedsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (state.Key.Item == DemoRound.Item)
            {
                states.Add(state);
            }
        }

        var over = states.Count(s => s.Reserved + s.Delivered > s.Need);
        context.Console.MarkupLine(
            $"Delivered {delivered} reservations ({withProof} with proof: a generated photo's SHA-256, a geotag located with Ksbb.Geo, an acknowledgement; " +
            $"{verified} verified by {DemoLedger.Verifier}) to {DemoContext.N(served)} households (generated NIKs), {duplicates} refused as a household already served this period.");
        context.Console.MarkupLine(
            $"Ledger: food packages reserved {DemoContext.N(states.Sum(s => s.Reserved))}, delivered {DemoContext.N(states.Sum(s => s.Delivered))} in {DemoContext.N(states.Count)} RTs; RTs over their need: [bold]{over}[/].");
        context.Results[NeedsKey] = states;
    }

    // A generated stand-in for a handover photo: a small labelled file whose hash is recorded as the delivery's evidence.
    private static async Task<DeliveryEvidence> EvidenceAsync(DemoContext context, int index, Reservation reservation, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(context.OutputDirectory.FullName, "evidence"));
        var file = context.WriteFile(string.Create(CultureInfo.InvariantCulture, $"evidence/handover-{index + 1:D2}.txt"), stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"GENERATED by ksbb demo (not a real photo): handover of {reservation.Quantity} x {reservation.Need.Item} in {reservation.Need.Unit}, reservation {reservation.Id}.\n"));
        });
        await using var content = file.OpenRead();
        return await DeliveryEvidence.ComputeAsync(content, cancellationToken).ConfigureAwait(false);
    }
}
