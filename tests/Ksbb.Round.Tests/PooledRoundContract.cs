using System.Text.Json;
using Ksbb.Allocation;
using Ksbb.Allocation.Oracle;
using Ksbb.Ledger;
using Ksbb.Model.Catalog;
using Ksbb.Model.Distribution;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;
using NodaTime.Testing;

namespace Ksbb.Round.Tests;

/// <summary>
/// The pooled round on a real ledger store: the plan built from the ledger's state is the optimum OR-Tools finds on the
/// remaining problem the test keeps itself; committed lines never exceed a need or a pledge, never draw a direct
/// pledge, and committing again (or planning again after a crash) reserves nothing twice. Every store runs it.
/// </summary>
public abstract class PooledRoundContract
{
    private static readonly ItemCode Sembako = ItemCode.Parse("pangan.paket-sembako");
    private static readonly ItemCode Meals = ItemCode.Parse("pangan.makanan-siap-saji");
    private static readonly DistributionPeriod November = DistributionPeriod.Parse("2020-11");
    private static readonly DistributionPeriod December = DistributionPeriod.Parse("2020-12");
    private static readonly Instant Start = Instant.FromUtc(2020, 11, 2, 2, 0);
    private static readonly string[] Donors = ["c-1", "c-2", "c-3", "c-4", "c-5"];

    private static readonly Aggregator North = Aggregator.Create(AggregatorId.Parse("agg-north"), "Mitra Pangan Utara", GeoPoint.Create(106.83, -6.13), 10_000, [RegionCode.Parse("31.71")]);
    private static readonly Aggregator Anywhere = Aggregator.Create(AggregatorId.Parse("agg-all"), "Bank Pangan", GeoPoint.Create(106.80, -6.22), 10_000);

    // The host's own work in set-up mode (no roles recorded): records, needs, and the pooled round's commit.
    private static readonly LedgerActor Host = LedgerActor.System("test");

    /// <summary>Creates a new, empty and initialised store.</summary>
    protected abstract Task<LedgerStore> CreateStoreAsync();

    /// <summary>Reads the payloads of the store's events of a kind, in order (the chain's JSON as stored).</summary>
    protected abstract Task<IReadOnlyList<string>> ReadEventPayloadsAsync(LedgerStore store, string kind);

    private static LedgerActor Actor(string id) => LedgerActor.Of(CollaboratorId.Parse(id));

    private static IdempotencyKey Key(string text) => IdempotencyKey.Parse(text);

    // Units: RTs of two kelurahan in two kota; each has a place a few hundred metres from the next.
    private static RegionCode Unit(int i) => RegionCode.Parse($"{(i % 2 == 0 ? "31.71.01.1001" : "31.73.02.1003")}.{(i / 4) + 1:000}.{(i % 4) + 1:000}");

    private static GeoPoint Locate(RegionCode unit)
    {
        var code = unit.ToString();
        var spread = ((code[^1] - '0') * 0.004) + ((code[^5] - '0') * 0.007);
        return code.StartsWith("31.71", StringComparison.Ordinal) ? GeoPoint.Create(106.82 + spread, -6.17 - spread) : GeoPoint.Create(106.76 - spread, -6.15 + spread);
    }

    private async Task<(ReservationLedger Ledger, FakeClock Clock)> NewLedgerAsync()
    {
        var store = await CreateStoreAsync();
        var clock = new FakeClock(Start, Duration.FromMilliseconds(1));
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = clock, ReservationLifetime = Duration.FromDays(7) });
        await ledger.SetCollaboratorsAsync(Host, Donors.Select(d => Collaborator.Create(CollaboratorId.Parse(d), "Kolaborator " + d, CollaboratorCategory.LembagaUsaha)));
        await ledger.SetAggregatorsAsync(Host, [North, Anywhere]);
        return (ledger, clock);
    }

    /// <summary>What the test itself knows of the ledger: needs, and what is committed on each need and pledge.</summary>
    private sealed class Books
    {
        public Dictionary<RegionCode, long> Need { get; } = [];

        public Dictionary<RegionCode, long> Committed { get; } = [];

        public Dictionary<PledgeId, Pledge> Pledges { get; } = [];

        public Dictionary<PledgeId, long> Drawn { get; } = [];

        public void Commit(RegionCode unit, PledgeId? pledge, long quantity)
        {
            Committed[unit] = Committed.GetValueOrDefault(unit) + quantity;
            if (pledge is { } p)
            {
                Drawn[p] = Drawn.GetValueOrDefault(p) + quantity;
            }
        }

        public long Remaining(RegionCode unit) => Math.Max(0, Need[unit] - Committed.GetValueOrDefault(unit));

        public long Left(PledgeId pledge) => Pledges[pledge].Quantity - Drawn.GetValueOrDefault(pledge);

        // The remaining problem, built from the test's books: open needs of the item and period, open pooled pledges.
        public AllocationProblem RemainingProblem() => AllocationProblem.From(
            Need.Keys.Where(u => Remaining(u) > 0).Select(u => Ksbb.Model.Needs.Need.Create(u, Sembako, November, Remaining(u))),
            Locate,
            Pledges.Values.Where(p => p.Channel == PledgeChannel.Aggregator && p.Item == Sembako && p.Period.Overlaps(November) && Left(p.Id) > 0)
                .Select(p => Pledge.ViaAggregator(p.Id, p.Collaborator, p.Item, Left(p.Id), p.Period, p.PledgedAt, p.Aggregator!.Value)),
            [North, Anywhere]);
    }

    // A random round: needs; pooled and direct pledges (and pledges of another item or period); donors' own reservations
    // (plain, on direct pledges, on pooled pledges), some delivered in part, some expired.
    private static async Task<Books> SeedAsync(ReservationLedger ledger, FakeClock clock, int seed)
    {
        var random = new Random(seed);
        var books = new Books();
        var units = Enumerable.Range(0, random.Next(3, 12)).Select(Unit).ToList();
        foreach (var unit in units)
        {
            books.Need[unit] = random.Next(0, 40);
        }

        await ledger.SetNeedsAsync(Host, books.Need.Select(n => new KeyValuePair<NeedKey, long>(new NeedKey(n.Key, Sembako, November), n.Value)));
        await ledger.SetNeedsAsync(Host, [new(new NeedKey(units[0], Meals, November), 50), new(new NeedKey(units[0], Sembako, December), 50)]);

        var n = 0;
        async Task<Pledge> PledgeAsync(ItemCode item, DistributionPeriod period, AggregatorId? via)
        {
            var pledge = (await ledger.PledgeAsync(Actor(Donors[random.Next(Donors.Length)]), item, period, random.Next(1, 50), Key($"pledge-{++n}"), via)).Pledge!;
            books.Pledges[pledge.Id] = pledge;
            return pledge;
        }

        var pooled = new List<Pledge>();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            pooled.Add(await PledgeAsync(Sembako, random.Next(3) == 0 ? DistributionPeriod.Parse("2020-W47") : November, random.Next(2) == 0 ? North.Id : Anywhere.Id));
        }

        var direct = new List<Pledge>();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            direct.Add(await PledgeAsync(Sembako, November, null));
        }

        await PledgeAsync(Meals, November, Anywhere.Id);      // another item: never drawn for sembako
        await PledgeAsync(Sembako, December, North.Id);       // another period: never drawn for November

        // Donors' own reservations; the first batch expires (except what was delivered) before the second.
        var r = 0;
        var expiring = new List<(RegionCode Unit, PledgeId? Pledge, long Quantity)>();
        foreach (var batch in new[] { 0, 1 })
        {
            foreach (var unit in units.Where(_ => random.Next(3) > 0))
            {
                // A pooled pledge is drawn only inside its aggregator's service areas (North serves Jakarta Utara).
                var serving = pooled.Where(p => p.Aggregator != North.Id || unit.ToString().StartsWith("31.71", StringComparison.Ordinal)).ToList();
                var from = random.Next(3) switch { 0 => null, 1 => direct[random.Next(direct.Count)], _ when serving.Count > 0 => serving[random.Next(serving.Count)], _ => null };
                var room = Math.Min(books.Remaining(unit), from is null ? long.MaxValue : books.Left(from.Id));
                if (room == 0)
                {
                    continue;
                }

                var quantity = random.NextInt64(1, room + 1);
                var need = new NeedKey(unit, Sembako, November);
                var donor = from is null ? Actor(Donors[random.Next(Donors.Length)]) : LedgerActor.Of(from.Collaborator);
                var outcome = await ledger.ReserveAsync(donor, need, quantity, Key($"own-{++r}"), from?.Id);
                Assert.Equal(LedgerOutcomeKind.Applied, outcome.Kind);
                var delivered = random.Next(3) == 0 ? random.NextInt64(1, quantity + 1) : (long?)null;
                if (delivered is { } d)
                {
                    Assert.True((await ledger.DeliverAsync(donor, outcome.Reservation!.Id, deliveredQuantity: d)).Succeeded);
                }

                books.Commit(unit, from?.Id, delivered ?? quantity);
                if (batch == 0 && delivered is null)
                {
                    expiring.Add((unit, from?.Id, quantity));
                }
            }

            if (batch == 0)
            {
                clock.Advance(Duration.FromDays(8));
            }

            foreach (var (unit, pledge, quantity) in expiring)
            {
                books.Commit(unit, pledge, -quantity);     // the first batch's undelivered reservations expired
            }

            expiring.Clear();
        }

        return books;
    }

    // A seeded ledger, a round over it and its first plan.
    private async Task<(ReservationLedger Ledger, PooledRound Round, PooledPlan Plan)> SeededPlanAsync(int seed)
    {
        var (ledger, clock) = await NewLedgerAsync();
        await SeedAsync(ledger, clock, seed);
        var round = new PooledRound(ledger, Locate);
        return (ledger, round, await round.PlanAsync(Sembako, November));
    }

    private static async Task<Dictionary<NeedKey, NeedState>> NeedsAsync(ReservationLedger ledger)
    {
        var needs = new Dictionary<NeedKey, NeedState>();
        await foreach (var n in ledger.ReadNeedsAsync())
        {
            needs[n.Key] = n;
        }

        return needs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Plan_FromLedgerState_IsOrToolsOptimumOfTheRemainingProblem_AndCommitsWithinNeedsAndPledges(int seed)
    {
        var (ledger, clock) = await NewLedgerAsync();
        var books = await SeedAsync(ledger, clock, seed);
        var round = new PooledRound(ledger, Locate);

        var plan = await round.PlanAsync(Sembako, November);
        var remaining = books.RemainingProblem();
        var oracle = OrToolsOracle.Solve(remaining);
        Assert.Equal((remaining.TotalNeed, remaining.TotalSupply), (plan.Need, plan.Supply));
        Assert.Equal((oracle.MaximumFlow, oracle.OptimalCost), (plan.Allocated, plan.Cost));
        Assert.Equal(plan.Allocated, plan.Lines.Sum(l => l.Quantity));
        Assert.All(plan.Lines, l => Assert.Equal(PledgeChannel.Aggregator, books.Pledges[l.Pledge].Channel));

        var pledgesBefore = (await ledger.ReadPledgesAsync()).ToDictionary(p => p.Pledge.Id);
        var commit = await round.CommitAsync(plan, Host);
        Assert.Equal((plan.Lines.Count, 0, 0), (commit.Reserved, commit.Replayed, commit.Refused));
        Assert.Equal(plan.Allocated, commit.Quantity);

        // Never more than a need or a pledge; direct pledges untouched; pooled draws grew by the plan's lines.
        Assert.All((await NeedsAsync(ledger)).Values, n => Assert.True(n.Committed <= n.Need, n.ToString()));
        foreach (var p in await ledger.ReadPledgesAsync())
        {
            Assert.True(p.Reserved + p.Delivered <= p.Pledge.Quantity, p.Pledge.ToString());
            var before = pledgesBefore[p.Pledge.Id];
            var planned = plan.Lines.Where(l => l.Pledge == p.Pledge.Id).Sum(l => l.Quantity);
            Assert.Equal(before.Reserved + planned, p.Reserved);
            if (!PooledRound.IsPooled(p.Pledge))
            {
                Assert.Equal(0, planned);
            }
        }

        foreach (var line in plan.Lines)
        {
            books.Commit(line.Need.Unit, line.Pledge, line.Quantity);
        }

        // The optimum was a maximum: a second round has nothing left to pair.
        var again = await round.PlanAsync(Sembako, November);
        Assert.Equal((0L, 0), (again.Allocated, again.Lines.Count));
        Assert.Equal(books.RemainingProblem().TotalNeed, again.Need);
        Assert.NotEqual(plan.Fingerprint, again.Fingerprint);
    }

    [Fact]
    public async Task Commit_Twice_ReplaysEveryLine_AndChangesNothing()
    {
        var (ledger, round, plan) = await SeededPlanAsync(11);
        Assert.NotEmpty(plan.Lines);
        await round.CommitAsync(plan, Host);
        var needs = await NeedsAsync(ledger);
        var reservations = (await ToListAsync(ledger.ReadReservationsAsync())).Count;

        var again = await round.CommitAsync(plan, Host);
        Assert.Equal((0, plan.Lines.Count, 0), (again.Reserved, again.Replayed, again.Refused));
        Assert.Equal(needs, await NeedsAsync(ledger));
        Assert.Equal(reservations, (await ToListAsync(ledger.ReadReservationsAsync())).Count);
    }

    [Fact]
    public async Task Commit_OnceRolesAreRecorded_OnlyAnOperatorWhoseRegionHoldsALine_ReservesIt()
    {
        var (ledger, round, plan) = await SeededPlanAsync(15);
        Assert.NotEmpty(plan.Lines);
        Assert.DoesNotContain(plan.Lines, l => l.Need.Unit.ToString().StartsWith("31.74", StringComparison.Ordinal));
        await ledger.SetRolesAsync(Host, [
            RoleGrant.Operator(CollaboratorId.Parse("ops-selatan"), RegionCode.Parse("31.74")),
            RoleGrant.Operator(CollaboratorId.Parse("ops-dki"), RegionCode.Parse("31"))]);
        var before = (await ToListAsync(ledger.ReadReservationsAsync())).Count;

        // Jakarta Selatan's operator may not commit a plan for units outside Jakarta Selatan: every line refused, none
        // reserved; neither may a collaborator without an operator role (on lines drawing on others' pledges), nor, once
        // roles are recorded, the host's system actor.
        var outside = await round.CommitAsync(plan, Actor("ops-selatan"));
        Assert.Equal((0, plan.Lines.Count), (outside.Reserved, outside.Refused));
        Assert.All(outside.Lines, l => Assert.Equal(LedgerRule.OperatorRoleRequired, l.Outcome.Rule));
        Assert.Equal(before, (await ToListAsync(ledger.ReadReservationsAsync())).Count);
        // (A donor's own pledge is its own to draw on: those lines are reserved, and replayed to whoever commits next.)
        var othersPledges = plan.Lines.Where(l => l.Collaborator != CollaboratorId.Parse("c-1")).Select(l => l.Key).ToHashSet();
        var byDonor = await round.CommitAsync(plan, Actor("c-1"));
        Assert.All(byDonor.Lines.Where(l => othersPledges.Contains(l.Line.Key)), l => Assert.Equal(LedgerRule.OperatorRoleRequired, l.Outcome.Rule));
        Assert.All(byDonor.Lines.Where(l => !othersPledges.Contains(l.Line.Key)), l => Assert.Equal(LedgerOutcomeKind.Applied, l.Outcome.Kind));
        var byHost = await round.CommitAsync(plan, Host);
        Assert.All(byHost.Lines.Where(l => othersPledges.Contains(l.Line.Key)), l => Assert.Equal(LedgerRule.OperatorRoleRequired, l.Outcome.Rule));

        // The province's operator commits it all.
        var committed = await round.CommitAsync(plan, Actor("ops-dki"));
        Assert.Equal(plan.Lines.Count, committed.Reserved + committed.Replayed);
        Assert.Equal(0, committed.Refused);
    }

    [Fact]
    public async Task Commit_ByAnOperatorOfOneRegion_RefusesTheLinesOutsideIt_InTheirOwnTransactions_AndReservesTheOthers()
    {
        var (ledger, _) = await NewLedgerAsync();
        var utara = Unit(0);      // 31.71: Jakarta Utara
        var barat = Unit(1);      // 31.73: Jakarta Barat
        await ledger.SetNeedsAsync(Host, [new(new NeedKey(utara, Sembako, November), 10), new(new NeedKey(barat, Sembako, November), 10)]);
        await ledger.PledgeAsync(Actor("c-1"), Sembako, November, 30, Key("p1"), Anywhere.Id);
        var round = new PooledRound(ledger, Locate);
        var plan = await round.PlanAsync(Sembako, November);
        Assert.Equal(2, plan.Lines.Count);
        await ledger.SetRolesAsync(Host, [RoleGrant.Operator(CollaboratorId.Parse("ops-utara"), RegionCode.Parse("31.71")), RoleGrant.Operator(CollaboratorId.Parse("ops-dki"), RegionCode.Parse("31"))]);

        // No pre-check refuses the whole plan: each line's reservation decides the operator's authority for its unit.
        var commit = await round.CommitAsync(plan, Actor("ops-utara"));
        Assert.Equal((1, 1), (commit.Reserved, commit.Refused));
        var applied = Assert.Single(commit.Lines, l => l.Succeeded);
        Assert.Equal((utara, LedgerOutcomeKind.Applied), (applied.Line.Need.Unit, applied.Outcome.Kind));
        var refused = Assert.Single(commit.Lines, l => !l.Succeeded);
        Assert.Equal((barat, LedgerRule.OperatorRoleRequired), (refused.Line.Need.Unit, refused.Outcome.Rule));
        Assert.Null(refused.Outcome.Reservation);
        Assert.StartsWith("operator-role-required: ", refused.Reason, StringComparison.Ordinal);

        // Nothing was reserved for the refused line: its need and the pledge hold only the applied line.
        var reservations = await ToListAsync(ledger.ReadReservationsAsync());
        Assert.Equal(applied.Line.Key, Assert.Single(reservations).Key);
        var needs = await NeedsAsync(ledger);
        Assert.Equal((0L, 10L - applied.Line.Quantity), (needs[refused.Line.Need].Committed, needs[applied.Line.Need].Need - needs[applied.Line.Need].Committed));
        Assert.Equal(applied.Line.Quantity, Assert.Single(await ledger.ReadPledgesAsync()).Reserved);

        // Jakarta Barat's operator, once granted, commits the same plan's refused line: it is reserved now, once.
        // An operator never widens authority beyond its own region; the provinsi's operator grants 31.73.
        var widened = await ledger.SetRolesAsync(Actor("ops-utara"), [RoleGrant.Operator(CollaboratorId.Parse("ops-barat"), RegionCode.Parse("31.73"))]);
        Assert.Equal(LedgerRule.OperatorRoleRequired, widened.Rule);
        Assert.True((await ledger.SetRolesAsync(Actor("ops-dki"), [RoleGrant.Operator(CollaboratorId.Parse("ops-barat"), RegionCode.Parse("31.73"))])).Succeeded);
        var again = await round.CommitAsync(plan, Actor("ops-barat"));
        var barat2 = Assert.Single(again.Lines, l => l.Line.Need.Unit == barat);
        Assert.Equal(LedgerOutcomeKind.Applied, barat2.Outcome.Kind);
        Assert.Equal(2, (await ToListAsync(ledger.ReadReservationsAsync())).Count);
    }

    [Fact]
    public async Task Commit_ByAnOperator_ReservesForThePledgesCollaborators_AndTheEventsRecordTheOperator()
    {
        var store = await CreateStoreAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = new FakeClock(Start, Duration.FromMilliseconds(1)), ReservationLifetime = Duration.FromDays(7) });
        await ledger.SetCollaboratorsAsync(Host, Donors.Select(d => Collaborator.Create(CollaboratorId.Parse(d), "Kolaborator " + d, CollaboratorCategory.LembagaUsaha)));
        await ledger.SetAggregatorsAsync(Host, [North, Anywhere]);
        await ledger.SetNeedsAsync(Host, [new(new NeedKey(Unit(0), Sembako, November), 10), new(new NeedKey(Unit(1), Sembako, November), 10), new(new NeedKey(Unit(2), Sembako, November), 10)]);
        await ledger.PledgeAsync(Actor("c-2"), Sembako, November, 12, Key("p-c2"), North.Id);
        await ledger.PledgeAsync(Actor("c-3"), Sembako, November, 12, Key("p-c3"), Anywhere.Id);
        await ledger.SetRolesAsync(Host, [RoleGrant.Operator(CollaboratorId.Parse("ops-dki"), RegionCode.Parse("31"))]);
        var round = new PooledRound(ledger, Locate);
        var plan = await round.PlanAsync(Sembako, November);
        Assert.Equal(24, plan.Allocated);

        var commit = await round.CommitAsync(plan, Actor("ops-dki"));
        Assert.Equal((plan.Lines.Count, 0), (commit.Reserved, commit.Refused));
        var pledges = (await ledger.ReadPledgesAsync()).ToDictionary(p => p.Pledge.Id, p => p.Pledge.Collaborator);
        foreach (var line in commit.Lines)
        {
            Assert.Equal(pledges[line.Line.Pledge], line.Line.Collaborator);
            Assert.Equal(line.Line.Collaborator, line.Outcome.Reservation!.Collaborator);
            Assert.Equal(line.Line.Key, line.Outcome.Reservation.Key);
        }

        var byKey = (await ToListAsync(ledger.ReadReservationsAsync())).ToDictionary(r => r.Key);
        Assert.All(commit.Lines, l => Assert.Equal(l.Line.Collaborator, byKey[l.Line.Key].Collaborator));

        // Each reservation event names the pledge's collaborator as whose it is, and the operator who made it.
        var events = (await ReadEventPayloadsAsync(store, "reservation.reserved")).Select(p => JsonDocument.Parse(p).RootElement).ToList();
        Assert.Equal(plan.Lines.Count, events.Count);
        foreach (var line in commit.Lines)
        {
            var e = Assert.Single(events, e => e.GetProperty("key").GetString() == line.Line.Key.Value);
            Assert.Equal(
                (line.Line.Collaborator.Value, line.Line.Pledge.Value, "ops-dki", "on-behalf"),
                (e.GetProperty("collaborator").GetString(), e.GetProperty("pledge").GetString(), e.GetProperty("actor").GetString(), e.GetProperty("role").GetString()));
        }

        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Plan_OfAnUnchangedLedger_IsTheSamePlanWithTheSameKeys()
    {
        var (ledger, round, first) = await SeededPlanAsync(12);
        var second = await round.PlanAsync(Sembako, November);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.Lines, second.Lines);
        Assert.All(first.Lines, l => Assert.Equal($"pool:{first.Fingerprint}:{l.Pledge}:{l.Need.Unit}", l.Key.Value));
    }

    [Fact]
    public async Task Commit_AfterACrashPartWay_ThenPlanningAgain_ReservesTheRestOnce()
    {
        var (ledger, round, plan) = await SeededPlanAsync(13);
        Assert.True(plan.Lines.Count >= 2, "the seed gives a plan of several lines");

        // The crashed run reserved the first half of the lines (as CommitAsync does, line by line), then stopped.
        var done = plan.Lines.Take(plan.Lines.Count / 2).ToList();
        foreach (var line in done)
        {
            Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync(Host, line.Need, line.Quantity, line.Key, line.Pledge)).Kind);
        }

        var rerun = await round.PlanAsync(Sembako, November);
        Assert.Equal(plan.Allocated - done.Sum(l => l.Quantity), rerun.Allocated);
        Assert.DoesNotContain(rerun.Lines, l => plan.Lines.Any(p => p.Key == l.Key));
        var commit = await round.CommitAsync(rerun, Host);
        Assert.Equal((rerun.Lines.Count, 0), (commit.Reserved, commit.Refused));

        var pooledDrawn = (await ledger.ReadPledgesAsync()).Where(p => PooledRound.IsPooled(p.Pledge)).Sum(p => p.Reserved);
        var before = plan.Supply;
        Assert.Equal(plan.Allocated, before - (await round.PlanAsync(Sembako, November)).Supply);
        Assert.True(pooledDrawn >= plan.Allocated);
        Assert.All((await NeedsAsync(ledger)).Values, n => Assert.True(n.Committed <= n.Need, n.ToString()));
    }

    [Fact]
    public async Task Commit_ALineWhoseNeedWasTakenMeanwhile_IsReportedAsRefused_AndTheOthersAreReserved()
    {
        var (ledger, _) = await NewLedgerAsync();
        var a = Unit(0);
        var b = Unit(2);
        await ledger.SetNeedsAsync(Host, [new(new NeedKey(a, Sembako, November), 10), new(new NeedKey(b, Sembako, November), 10)]);
        await ledger.PledgeAsync(Actor("c-1"), Sembako, November, 15, Key("p1"), North.Id);
        var round = new PooledRound(ledger, Locate);
        var plan = await round.PlanAsync(Sembako, November);
        Assert.Equal(15, plan.Allocated);

        // A donor takes unit a's whole need before the plan is committed.
        Assert.Equal(LedgerOutcomeKind.Applied, (await ledger.ReserveAsync(Actor("c-2"), new NeedKey(a, Sembako, November), 10, Key("own-1"))).Kind);
        var commit = await round.CommitAsync(plan, Host);
        var refused = Assert.Single(commit.Lines, l => !l.Succeeded);
        Assert.Equal(a, refused.Line.Need.Unit);
        Assert.Equal((LedgerOutcomeKind.Refused, LedgerRule.NotEnoughRemaining), (refused.Outcome.Kind, refused.Outcome.Rule));
        Assert.Contains("never exceed a need", refused.Reason, StringComparison.Ordinal);
        Assert.Equal((1, plan.Lines.Count - 1), (commit.Refused, commit.Reserved));
        Assert.All((await NeedsAsync(ledger)).Values, n => Assert.True(n.Committed <= n.Need, n.ToString()));

        // A suspended collaborator's line is refused naming the rule.
        var next = await round.PlanAsync(Sembako, November);
        Assert.NotEmpty(next.Lines);
        await ledger.SetCollaboratorsAsync(Host, [Collaborator.Create(CollaboratorId.Parse("c-1"), "Kolaborator c-1", CollaboratorCategory.LembagaUsaha, status: CollaboratorStatus.Suspended)]);
        var suspended = await round.CommitAsync(next, Host);
        Assert.Equal(0, suspended.Reserved);
        Assert.All(suspended.Lines, l => Assert.Equal(LedgerRule.CollaboratorNotActive, l.Outcome.Rule));
        Assert.All(suspended.Lines, l => Assert.Contains("only an active collaborator", l.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_WithOnlyDirectPledges_DrawsNothing_AndWithNoNeedLeftHasNoLines()
    {
        var (ledger, _) = await NewLedgerAsync();
        var a = Unit(0);
        await ledger.SetNeedsAsync(Host, [new(new NeedKey(a, Sembako, November), 10)]);
        await ledger.PledgeAsync(Actor("c-1"), Sembako, November, 40, Key("direct-1"));
        var round = new PooledRound(ledger, Locate);
        var plan = await round.PlanAsync(Sembako, November);
        Assert.Equal((10L, 0L, 0L), (plan.Need, plan.Supply, plan.Allocated));
        Assert.Empty(plan.Lines);

        await ledger.PledgeAsync(Actor("c-2"), Sembako, November, 40, Key("pooled-1"), Anywhere.Id);
        Assert.True((await ledger.ReserveAsync(Actor("c-3"), new NeedKey(a, Sembako, November), 10, Key("own-1"))).Succeeded);
        var covered = await round.PlanAsync(Sembako, November);
        Assert.Equal((0L, 40L, 0L), (covered.Need, covered.Supply, covered.Allocated));
        Assert.Null(covered.Result);
        Assert.Empty((await round.CommitAsync(covered, Host)).Lines);
    }

    [Fact]
    public async Task WriteTo_WritesThePlanDocument()
    {
        var (_, _, plan) = await SeededPlanAsync(14);
        using var stream = new MemoryStream();
        plan.WriteTo(stream);
        using var document = JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;
        Assert.Equal((PooledPlan.Schema, "pangan.paket-sembako", "2020-11", plan.Fingerprint), (root.GetProperty("schema").GetString(), root.GetProperty("item").GetString(), root.GetProperty("period").GetString(), root.GetProperty("fingerprint").GetString()));
        Assert.Equal((plan.Need, plan.Supply, plan.Allocated, plan.Cost), (root.GetProperty("need").GetInt64(), root.GetProperty("supply").GetInt64(), root.GetProperty("allocated").GetInt64(), root.GetProperty("cost").GetInt64()));
        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(plan.Lines.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(
                (plan.Lines[i].Pledge.Value, plan.Lines[i].Need.Unit.ToString(), plan.Lines[i].Quantity, plan.Lines[i].Key.Value),
                (lines[i].GetProperty("pledge").GetString(), lines[i].GetProperty("unit").GetString(), lines[i].GetProperty("quantity").GetInt64(), lines[i].GetProperty("key").GetString()));
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
