using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ksbb.Allocation;
using Ksbb.Ledger;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Round;

/// <summary>
/// The pooled part of a collaboration round: what remains after the donors' self-chosen reservations is allocated the
/// pooled pledges (those via an aggregator), and the plan becomes reservations drawing on those pledges only.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="PlanAsync"/> reads the ledger: per unit of the item and period, need − reserved − delivered (expired
/// reservations do not count); per pooled pledge of the item and an overlapping period, quantity − reserved −
/// delivered. It solves that problem with <see cref="AllocationEngine"/> (maximum coverage, then even fill rates, then
/// short trips) and names every line's idempotency key after the plan's <see cref="PooledPlan.Fingerprint"/>. Direct
/// pledges are self-chosen: their donors reserve for themselves, and the pooled plan never draws on them.
/// </para>
/// <para>
/// <see cref="CommitAsync(PooledPlan, LedgerActor, CancellationToken)"/> reserves each line with <see cref="ReservationLedger.ReserveAsync"/> on the committing operator's authority,
/// so the ledger's rules hold line by line (reserved + delivered never exceed a need or a pledge). Committing the same
/// plan again replays its lines; planning again after a partial commit (a crash) starts from the state the committed
/// lines left, so nothing is reserved twice. A line the ledger refuses (a need taken meanwhile, a pledge drawn
/// elsewhere, a collaborator no longer active) is reported in <see cref="PooledCommit"/>, and the other lines go on.
/// </para>
/// <para>Thread-safe: the instance holds no state between calls.</para>
/// <para>Each plan and each commit is traced and counted (see <see cref="RoundTelemetry"/>), with no host needed.</para>
/// </remarks>
public sealed class PooledRound
{
    private readonly Func<RegionCode, GeoPoint> _locate;

    /// <summary>Creates a round over a ledger.</summary>
    /// <param name="ledger">The reservation ledger the needs, pledges and aggregators are read from and reserved in.</param>
    /// <param name="locate">Where each unit is (an RW's representative point, an institution's position): the distances of the plan are measured to it. It may throw for a unit it cannot place; the exception reaches the caller of <see cref="PlanAsync"/>.</param>
    /// <param name="engine">The allocation engine, or <see langword="null"/> for <see cref="AllocationEngine.Default"/>.</param>
    /// <param name="policy">The fairness policy, or <see langword="null"/> for <see cref="AllocationPolicy.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> or <paramref name="locate"/> is <see langword="null"/>.</exception>
    public PooledRound(ReservationLedger ledger, Func<RegionCode, GeoPoint> locate, AllocationEngine? engine = null, AllocationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(locate);
        Ledger = ledger;
        _locate = locate;
        Engine = engine ?? AllocationEngine.Default;
        Policy = policy ?? AllocationPolicy.Default;
    }

    /// <summary>Gets the ledger.</summary>
    public ReservationLedger Ledger { get; }

    /// <summary>Gets the allocation engine.</summary>
    public AllocationEngine Engine { get; }

    /// <summary>Gets the fairness policy.</summary>
    public AllocationPolicy Policy { get; }

    /// <summary>Returns whether a pledge is pooled — given to be spread where it is needed, through an aggregator — rather than direct (its donor chooses whom to help).</summary>
    /// <param name="pledge">The pledge.</param>
    /// <returns><see langword="true"/> for a pledge via an aggregator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pledge"/> is <see langword="null"/>.</exception>
    public static bool IsPooled(Pledge pledge)
    {
        ArgumentNullException.ThrowIfNull(pledge);
        return pledge.Channel == PledgeChannel.Aggregator;
    }

    /// <summary>Builds the allocation problem of one item and period from the ledger's state now and solves it.</summary>
    /// <param name="item">The item.</param>
    /// <param name="period">The period of the needs; pooled pledges of an overlapping period are drawn on.</param>
    /// <param name="cancellationToken">Cancels the reads and the solve.</param>
    /// <returns>The plan (with no lines when no need remains or no pooled pledge is open).</returns>
    /// <exception cref="ArgumentException"><paramref name="item"/> or <paramref name="period"/> is the default value.</exception>
    /// <exception cref="AllocationProblemException">The remaining problem is too large for 64-bit cost arithmetic.</exception>
    public Task<PooledPlan> PlanAsync(ItemCode item, DistributionPeriod period, CancellationToken cancellationToken = default)
    {
        if (item.IsDefault)
        {
            throw new ArgumentException("The item is the default value.", nameof(item));
        }

        if (period.IsDefault)
        {
            throw new ArgumentException("The period is the default value.", nameof(period));
        }

        return RoundTelemetry.PlanAsync(item, period, () => PlanCoreAsync(item, period, cancellationToken));
    }

    private async Task<PooledPlan> PlanCoreAsync(ItemCode item, DistributionPeriod period, CancellationToken cancellationToken)
    {
        var needs = new List<Need>();
        await foreach (var state in Ledger.ReadNeedsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (state.Key.Item == item && state.Key.Period == period && state.Remaining > 0)
            {
                needs.Add(Need.Create(state.Key.Unit, item, period, state.Remaining));
            }
        }

        // A pooled pledge enters with what remains on it, under its own id, collaborator and aggregator.
        var pledges = (await Ledger.ReadPledgesAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => IsPooled(p.Pledge) && p.Pledge.Item == item && p.Pledge.Period.Overlaps(period) && p.Remaining > 0)
            .Select(p => Pledge.ViaAggregator(p.Pledge.Id, p.Pledge.Collaborator, item, p.Remaining, p.Pledge.Period, p.Pledge.PledgedAt, p.Pledge.Aggregator!.Value))
            .ToList();
        var via = pledges.Select(o => o.Aggregator!.Value).ToHashSet();
        var aggregators = (await Ledger.ReadAggregatorsAsync(cancellationToken).ConfigureAwait(false)).Where(a => via.Contains(a.Id)).ToList();
        var supply = pledges.Sum(o => o.Quantity);
        if (needs.Count == 0)
        {
            return new PooledPlan(item, period, Fingerprint(item, period, needs, [], pledges, aggregators), 0, supply, null, []);
        }

        var places = needs.ToDictionary(n => n.Unit, n => _locate(n.Unit));
        var problem = AllocationProblem.From(needs, u => places[u], pledges, aggregators, Policy);
        var result = Engine.Allocate(problem, cancellationToken: cancellationToken);
        var fingerprint = Fingerprint(item, period, needs, places, pledges, aggregators);
        var byId = pledges.ToDictionary(o => o.Id);
        var lines = result.Allocations
            .Select(l =>
            {
                var pledge = byId[l.Pledge];
                return new PooledLine(pledge.Id, pledge.Collaborator, pledge.Aggregator!.Value, new NeedKey(l.Unit, item, period), l.Quantity, l.Distance, LineKey(fingerprint, pledge.Id, l.Unit));
            })
            .ToList();
        return new PooledPlan(item, period, fingerprint, problem.TotalNeed, supply, result, lines);
    }

    /// <summary>
    /// Reserves a plan's lines in the ledger as <paramref name="actor"/>, each drawing on its pledge under its idempotency
    /// key. The ledger decides each line's authority in the line's own transaction: once it records roles, only an
    /// operator whose region holds the line's unit (or the pledge's collaborator, or its aggregator's actor) reserves it;
    /// a line it refuses names the rule (<see cref="LedgerRule.OperatorRoleRequired"/>) and reserves nothing.
    /// </summary>
    /// <param name="plan">The plan, from <see cref="PlanAsync"/> on this ledger.</param>
    /// <param name="actor">Who commits it: the operator.</param>
    /// <param name="cancellationToken">Cancels between lines (a line in flight completes or not, atomically).</param>
    /// <returns>Every line's outcome: applied, replayed (committed before) or refused by a rule (named).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> or <paramref name="actor"/> is <see langword="null"/>.</exception>
    public Task<PooledCommit> CommitAsync(PooledPlan plan, LedgerActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(actor);
        return RoundTelemetry.CommitAsync(plan, () => CommitLinesAsync(plan, actor, cancellationToken));
    }

    private async Task<PooledCommit> CommitLinesAsync(PooledPlan plan, LedgerActor actor, CancellationToken cancellationToken)
    {
        var outcomes = new List<PooledLineOutcome>(plan.Lines.Count);
        foreach (var line in plan.Lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await Ledger.ReserveAsync(actor, line.Need, line.Quantity, line.Key, line.Pledge, cancellationToken: cancellationToken).ConfigureAwait(false);
            outcomes.Add(new PooledLineOutcome(line, outcome));
        }

        return new PooledCommit(plan, outcomes);
    }

    /// <summary>The idempotency key of a plan's line: the plan's fingerprint, the pledge and the unit (one line per pair).</summary>
    internal static IdempotencyKey LineKey(string fingerprint, PledgeId pledge, RegionCode unit) => IdempotencyKey.Parse($"pool:{fingerprint}:{pledge}:{unit}");

    // A digest of everything the plan depends on: the same ledger state gives the same plan and the same keys; any change
    // (a line committed, a need raised, a pledge drawn) gives new keys, so a new plan never replays an old plan's line.
    private string Fingerprint(ItemCode item, DistributionPeriod period, List<Need> needs, Dictionary<RegionCode, GeoPoint> places, List<Pledge> pledges, List<Aggregator> aggregators)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"{PooledPlan.Schema}\n{item}\n{period}\n{Policy.FairnessWeight} {Policy.FillRateTiers}\n");
        foreach (var n in needs.OrderBy(n => n.Unit))
        {
            var at = places[n.Unit];
            text.Append(c, $"u {n.Unit} {n.Quantity} {at.Longitude:R} {at.Latitude:R}\n");
        }

        foreach (var o in pledges.OrderBy(o => o.Id))
        {
            text.Append(c, $"o {o.Id} {o.Collaborator} {o.Aggregator} {o.Period} {o.Quantity}\n");
        }

        foreach (var a in aggregators.OrderBy(a => a.Id))
        {
            text.Append(c, $"a {a.Id} {a.Capacity} {a.Depot.Longitude:R} {a.Depot.Latitude:R} {string.Join(' ', a.ServiceAreas)}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
