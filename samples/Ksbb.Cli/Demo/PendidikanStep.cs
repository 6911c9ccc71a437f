using Ksbb.Ledger;
using Ksbb.Model.Catalog;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Round;
using Ksbb.SampleData;
using NodaTime;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// KSBB Pendidikan through the ledger: the collected devices are pledged, direct donors reserve on their own pledges
/// where they choose, the pooled device pledges are placed by the pooled round, every student device carries its
/// Kartu Internet Belajar, and deliveries are checked against the (generated) beneficiary directory.
/// </summary>
internal sealed class PendidikanStep : IDemoStep
{
    /// <summary>The Kartu Internet Belajar Jakarta, bundled with every student device.</summary>
    public static readonly ItemCode Card = ItemCode.Parse("pendidikan.kartu-internet-belajar");

    public string Title => "KSBB Pendidikan round on the ledger: devices, Kartu Internet Belajar, beneficiaries";

    /// <summary>The round's needs as the ledger's seed publishes them (<see cref="DemoLedger"/>): devices and cards in the round's area.</summary>
    /// <param name="data">The sample data.</param>
    /// <returns>The needs.</returns>
    public static IEnumerable<KeyValuePair<NeedKey, long>> LedgerNeeds(SampleDataSet data)
    {
        var round = RoundOf(data);
        return round.Needs.Select(n => KeyValuePair.Create(new NeedKey(n.Unit, n.Item, round.Period), (long)n.Quantity)).Concat(round.Cards);
    }

    // The round's devices, pledges, period and area: the first kecamatan of every kota (each aggregator serves one of
    // them). The need there: the sample's device need, and a card per student device needed (generated, like the need itself).
    private static (HashSet<ItemCode> Devices, HashSet<ItemCode> ForStudents, Pledge[] Pledges, DistributionPeriod Period, RegionCode[] Scope, Need[] Needs, KeyValuePair<NeedKey, long>[] Cards) RoundOf(SampleDataSet data)
    {
        var pendidikan = data.Catalog.GetProgramme("pendidikan");
        var devices = pendidikan.Items.Where(i => i.Code != Card).Select(i => i.Code).ToHashSet();
        var forStudents = pendidikan.Items.Where(i => i.Bundles.Contains(Card)).Select(i => i.Code).ToHashSet();
        var pledges = data.Pledges.Where(o => devices.Contains(o.Item)).ToArray();
        var period = pledges[0].Period;
        var scope = data.City.Kota.Select(k => data.City.Kecamatan.First(c => k.Code.Contains(c.Code)).Code).ToArray();
        var needs = data.Needs.Where(n => devices.Contains(n.Item) && n.Period == period && scope.Any(a => a.Contains(n.Unit))).ToArray();
        var cards = needs.Where(n => forStudents.Contains(n.Item)).GroupBy(n => n.Unit).Select(g => KeyValuePair.Create(new NeedKey(g.Key, Card, period), g.Sum(n => (long)n.Quantity))).ToArray();
        return (devices, forStudents, pledges, period, scope, needs, cards);
    }

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var round = await DemoLedger.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var ledger = round.Ledger;
        var pendidikan = data.Catalog.GetProgramme("pendidikan");

        // The needs were published by the ledger's seed; donors act as themselves, the operator commits the pooled round.
        var (devices, forStudents, pledges, period, scope, needs, cards) = RoundOf(data);

        // The catalogue's rules, as the ledger names them.
        var refusals = new Table().AddColumn("Attempt").AddColumn("Refused by rule");
        var early = await ledger.PledgeAsync(LedgerActor.Of(pledges[0].Collaborator), pledges[0].Item, DistributionPeriod.ForMonth(2020, 10), 1, IdempotencyKey.Parse("demo:pledge-before-opening"), cancellationToken: cancellationToken).ConfigureAwait(false);
        refusals.AddRow(Markup.Escape($"Pledge {pledges[0].Item} for 2020-10 (the programme opened on {pendidikan.OpenedOn:yyyy-MM-dd})"), Markup.Escape(early.Refusal?.RuleName ?? early.Kind.ToString()));
        var outsideCap = data.City.Rws.First(rw => !data.Cap2019.TryFindArea(rw.Code, out _, out _)).Code;
        var sanitasi = await ledger.ReserveAsync(LedgerActor.Of(pledges[0].Collaborator), new NeedKey(outsideCap, ItemCode.Parse("permukiman.sanitasi"), DistributionPeriod.ForMonth(2020, 11)), 1, IdempotencyKey.Parse("demo:reserve-outside-cap"), cancellationToken: cancellationToken).ConfigureAwait(false);
        refusals.AddRow(Markup.Escape($"Reserve Penataan Permukiman (sanitasi) in RW {outsideCap}, not on the CAP 2019 list"), Markup.Escape(sanitasi.Refusal?.RuleName ?? sanitasi.Kind.ToString()));

        // 1. The collected devices become pledges on the ledger (pooled ones via their aggregator).
        var pledgeOf = new Dictionary<PledgeId, PledgeId>();
        var pledgeRefusals = 0;
        foreach (var pledge in pledges)
        {
            var outcome = await ledger.PledgeAsync(LedgerActor.Of(pledge.Collaborator), pledge.Item, pledge.Period, pledge.Quantity, IdempotencyKey.Parse($"pledge:{pledge.Id}"), pledge.Aggregator, pledge.Aggregator is null ? pledge.Origin : null, cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                pledgeOf[pledge.Id] = outcome.Pledge!.Id;
            }
            else
            {
                pledgeRefusals++;
            }
        }

        // 2. Direct donors choose for themselves: the neediest units of their item in the areas they serve, on their pledge.
        var remaining = needs.ToDictionary(n => new NeedKey(n.Unit, n.Item, period), n => (long)n.Quantity);
        var cardsLeft = cards.ToDictionary(c => c.Key.Unit, c => c.Value);
        foreach (var pledge in pledges.Where(o => !PooledRound.IsPooled(o) && pledgeOf.ContainsKey(o.Id)))
        {
            var left = pledge.Quantity;
            // The areas the donor named first, then (when their need there is covered) wherever the need is greatest.
            foreach (var need in needs.Where(n => n.Item == pledge.Item).OrderByDescending(n => pledge.Areas.Count > 0 && pledge.Reaches(n.Unit)).ThenByDescending(n => n.Quantity).ThenBy(n => n.Unit))
            {
                var key = new NeedKey(need.Unit, need.Item, period);
                var take = Math.Min(left, remaining[key]);
                if (forStudents.Contains(need.Item))
                {
                    take = Math.Min(take, cardsLeft.GetValueOrDefault(need.Unit));
                }

                if (take <= 0)
                {
                    continue;
                }

                var outcome = await ledger.ReserveAsync(LedgerActor.Of(pledge.Collaborator), key, take, IdempotencyKey.Parse($"donor:{pledge.Id}:{need.Unit}"), pledgeOf[pledge.Id], cancellationToken: cancellationToken).ConfigureAwait(false);
                if (outcome.Succeeded)
                {
                    left -= take;
                    remaining[key] -= take;
                    if (forStudents.Contains(need.Item))
                    {
                        cardsLeft[need.Unit] -= take;
                    }
                }

                if (left == 0)
                {
                    break;
                }
            }
        }

        // 3. The pooled device pledges are placed by the pooled round, from what the donors left.
        var pooled = new Table().AddColumn("Pooled round (via aggregators)").AddColumn(new TableColumn("Supply").RightAligned()).AddColumn(new TableColumn("Lines").RightAligned()).AddColumn(new TableColumn("Reserved").RightAligned()).AddColumn(new TableColumn("Refused").RightAligned());
        var pooledRound = new PooledRound(ledger, unit => data.City[unit].Point);
        foreach (var item in devices.Order())
        {
            var plan = await pooledRound.PlanAsync(item, period, cancellationToken).ConfigureAwait(false);
            var commit = await pooledRound.CommitAsync(plan, LedgerActor.Of(DemoLedger.Operator), cancellationToken).ConfigureAwait(false);
            pooled.AddRow(Markup.Escape(item.Value), DemoContext.N(plan.Supply), DemoContext.N(plan.Lines.Count), DemoContext.N(commit.Quantity), DemoContext.N(commit.Refused));
        }

        // 4. Deliveries a day later, each device to named beneficiaries the directory knows; a laptop offered to a student is refused.
        round.Clock.Advance(Duration.FromDays(1));
        var held = new List<Ksbb.Model.Distribution.Reservation>();
        await foreach (var reservation in ledger.ReadReservationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (devices.Contains(reservation.Need.Item) && reservation.Need.Period == period && reservation.Status == Ksbb.Model.Distribution.ReservationStatus.Reserved)
            {
                held.Add(reservation);
            }
        }

        int students = 0, teachers = 0, deliveries = 0, verified = 0;
        var laptop = held.FirstOrDefault(r => !forStudents.Contains(r.Need.Item));
        if (laptop is not null)
        {
            var wrong = await ledger.DeliverAsync(LedgerActor.Of(laptop.Collaborator), laptop.Id, households: [DemoLedger.Student(DemoLedger.Students - 1)], cancellationToken: cancellationToken).ConfigureAwait(false);
            refusals.AddRow(Markup.Escape($"Deliver a {laptop.Need.Item.Value[(laptop.Need.Item.Value.IndexOf('.', StringComparison.Ordinal) + 1)..]} (for teachers) to a student"), Markup.Escape(wrong.Refusal?.RuleName ?? wrong.Kind.ToString()));
        }

        foreach (var reservation in held)
        {
            var student = forStudents.Contains(reservation.Need.Item);
            var named = Enumerable.Range(0, (int)reservation.Quantity).Select(_ => student ? DemoLedger.Student(students++) : DemoLedger.Teacher(teachers++)).ToArray();
            var outcome = await ledger.DeliverAsync(LedgerActor.Of(reservation.Collaborator), reservation.Id, households: named, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                deliveries++;
                if (deliveries % 4 == 0 && (await ledger.VerifyAsync(LedgerActor.Of(DemoLedger.Verifier), reservation.Id, cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    verified++;
                }
            }
        }

        context.Console.MarkupLine($"Round area: kecamatan {string.Join(", ", scope)} (the first of each kota); period {period}.");
        context.Console.Write(pooled);

        // 5. The figures, read back from the ledger.
        var states = new List<NeedState>();
        await foreach (var state in ledger.ReadNeedsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (state.Key.Item.Programme == pendidikan.Code)
            {
                states.Add(state);
            }
        }

        var ledgerPledges = (await ledger.ReadPledgesAsync(cancellationToken).ConfigureAwait(false)).Where(p => devices.Contains(p.Pledge.Item)).ToArray();
        var table = new Table()
            .AddColumn("Item (ledger)")
            .AddColumn(new TableColumn("Pledged").RightAligned())
            .AddColumn(new TableColumn("Need").RightAligned())
            .AddColumn(new TableColumn("Reserved").RightAligned())
            .AddColumn(new TableColumn("Delivered").RightAligned());
        foreach (var item in pendidikan.Items)
        {
            var ofItem = states.Where(s => s.Key.Item == item.Code).ToArray();
            table.AddRow(
                Markup.Escape(item.Name.Indonesian),
                item.Code == Card ? "-" : DemoContext.N(ledgerPledges.Where(p => p.Pledge.Item == item.Code).Sum(p => p.Pledge.Quantity)),
                DemoContext.N(ofItem.Sum(s => s.Need)),
                DemoContext.N(ofItem.Sum(s => s.Reserved)),
                DemoContext.N(ofItem.Sum(s => s.Delivered)));
        }

        context.Console.Write(table);
        var deviceStates = states.Where(s => devices.Contains(s.Key.Item)).ToArray();
        context.Console.MarkupLine(
            $"Ledger: devices pledged {DemoContext.N(ledgerPledges.Sum(p => p.Pledge.Quantity))}, reserved {DemoContext.N(deviceStates.Sum(s => s.Reserved))}, delivered {DemoContext.N(deviceStates.Sum(s => s.Delivered))}; " +
            $"Kartu Internet Belajar delivered {DemoContext.N(states.Where(s => s.Key.Item == Card).Sum(s => s.Delivered))}; " +
            $"left on pledges {DemoContext.N(ledgerPledges.Sum(p => p.Remaining))} ({DemoContext.N(ledgerPledges.Where(p => PooledRound.IsPooled(p.Pledge)).Sum(p => p.Remaining))} of them pooled: " +
            "no need of their item remains in the round's area their aggregators serve).");
        context.Console.WriteLine(
            $"{deliveries} deliveries to {students} students and {teachers} teachers of the generated beneficiary directory ({DemoLedger.Students} students, {DemoLedger.Teachers} teachers, synthetic NIKs; only keyed hashes are stored); " +
            $"{verified} verified by {DemoLedger.Verifier}. Pledges refused: {pledgeRefusals}.");
        context.Console.Write(refusals);
        context.Console.WriteLine($"Published: {DemoContext.N(PublishedFigures.DevicesCollected)} devices collected. Generated: the need, the split over items and donors, the cards' need (one per student device needed) and the beneficiaries.");
    }
}
