using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Ledger;

// Pledges and aggregators.
public sealed partial class ReservationLedger
{
    /// <summary>Adds or updates aggregators (official distribution partners: their depot, capacity and service areas),
    /// as <paramref name="actor"/>: while the ledger records no roles any actor may; once it does, only an operator.</summary>
    /// <param name="actor">Who records them.</param>
    /// <param name="aggregators">The aggregators (identifiers distinct).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied once durable, or refused naming <see cref="LedgerRule.OperatorRoleRequired"/>.</returns>
    /// <exception cref="ArgumentException">An aggregator is null or repeats an identifier.</exception>
    public Task<LedgerOutcome> SetAggregatorsAsync(LedgerActor actor, IEnumerable<Aggregator> aggregators, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        var list = Distinct(aggregators, a => a.Id, "Aggregator", nameof(aggregators));
        return Store.SetAggregatorsAsync(list, _options.Clock.GetCurrentInstant(), actor, cancellationToken);
    }

    /// <summary>
    /// Pledges a quantity of an item for a period as <paramref name="actor"/> (a recorded, active collaborator, whose
    /// pledge it is): directly (from <paramref name="origin"/>) or via an aggregator, whose capacity counts the pledges
    /// via it of the same item in overlapping periods.
    /// </summary>
    /// <param name="actor">The collaborator pledging.</param>
    /// <param name="item">The item.</param>
    /// <param name="period">The period.</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="via">The aggregator, or <see langword="null"/> for a direct pledge.</param>
    /// <param name="origin">Where a direct pledge starts from, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied (with the aggregator's capacity left for a pledge via one), replayed, or refused naming the rule.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public async Task<LedgerOutcome> PledgeAsync(
        LedgerActor actor,
        ItemCode item,
        DistributionPeriod period,
        long quantity,
        IdempotencyKey key,
        AggregatorId? via = null,
        GeoPoint? origin = null,
        CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        using var activity = LedgerTelemetry.StartCommand("pledge", item);
        var outcome = await PledgeCoreAsync(actor, item, period, quantity, key, via, origin, cancellationToken).ConfigureAwait(false);
        LedgerTelemetry.Pledged(activity, outcome);
        return outcome;
    }

    private Task<LedgerOutcome> PledgeCoreAsync(
        LedgerActor actor,
        ItemCode item,
        DistributionPeriod period,
        long quantity,
        IdempotencyKey key,
        AggregatorId? via,
        GeoPoint? origin,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        RequireKey(key);
        if (item.IsDefault || period.IsDefault)
        {
            throw new ArgumentException("The item or period is the default value.", nameof(item));
        }

        if (via is { IsDefault: true })
        {
            throw new ArgumentException("The aggregator id is the default value.", nameof(via));
        }

        if (via is not null && origin is not null)
        {
            throw new ArgumentException("A pledge via an aggregator has no origin: distances start at the aggregator's depot.", nameof(origin));
        }

        var now = _options.Clock.GetCurrentInstant();
        if (actor.IsSystem)
        {
            return Task.FromResult(LedgerOutcome.Refused(LedgerRule.ActorNotPermitted, $"a pledge is a collaborator's own: the host's system actor '{actor.SystemName}' pledges nothing.", field: "actor"));
        }

        if (_rules.CheckPledge(item, period, now) is { } refusal)
        {
            return Task.FromResult(LedgerOutcome.Refused(refusal));
        }

        var collaborator = actor.Id;
        var id = PledgeId.Parse("p-" + NewGuid(now).ToString("N"));
        var pledge = via is { } aggregator
            ? Pledge.ViaAggregator(id, collaborator, item, quantity, period, now, aggregator)
            : Pledge.Direct(id, collaborator, item, quantity, period, now, origin);
        return Store.PledgeAsync(pledge, key, cancellationToken);
    }

    /// <summary>Reads a pledge with what is reserved and delivered on it now.</summary>
    /// <param name="pledge">The pledge id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The pledge's state, or <see langword="null"/> when the ledger has no such pledge.</returns>
    public Task<PledgeState?> GetPledgeAsync(PledgeId pledge, CancellationToken cancellationToken = default) =>
        Store.GetPledgeAsync(pledge, _options.Clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reads every pledge with what is reserved and delivered on it now.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The pledges in the order they were made; direct ones and ones via an aggregator alike (see <see cref="Pledge.Channel"/>).</returns>
    public Task<IReadOnlyList<PledgeState>> ReadPledgesAsync(CancellationToken cancellationToken = default) =>
        Store.ReadPledgesAsync(_options.Clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reads every aggregator the ledger holds, with its depot, capacity and service areas.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The aggregators in id order.</returns>
    public Task<IReadOnlyList<Aggregator>> ReadAggregatorsAsync(CancellationToken cancellationToken = default) =>
        Store.ReadAggregatorsAsync(cancellationToken);
}
