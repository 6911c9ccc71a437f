using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Offers;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Ledger;

// Pledges (the model's Offer) and aggregators.
public sealed partial class ReservationLedger
{
    /// <summary>Adds or replaces aggregators (official distribution partners) with their capacity.</summary>
    /// <param name="aggregators">The records (identifiers distinct).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the records are durable; each change is an <c>aggregator.set</c> event.</returns>
    /// <exception cref="ArgumentException">A record is null or repeats an identifier.</exception>
    public Task SetAggregatorsAsync(IEnumerable<Aggregator> aggregators, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregators);
        var list = aggregators.ToList();
        var seen = new HashSet<AggregatorId>();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i] ?? throw new ArgumentException($"Aggregator #{i + 1} is null.", nameof(aggregators));
            if (!seen.Add(a.Id))
            {
                throw new ArgumentException($"Aggregator #{i + 1} ({a.Id}) repeats an earlier identifier.", nameof(aggregators));
            }
        }

        return Store.SetAggregatorsAsync(list, _options.Clock.GetCurrentInstant(), cancellationToken);
    }

    /// <summary>Records a collaborator's pledge of an item for a period: direct (with an optional origin) or via an aggregator.</summary>
    /// <param name="collaborator">The collaborator; it must have an active record in the ledger.</param>
    /// <param name="item">The item pledged.</param>
    /// <param name="period">The period the pledge is for.</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The caller's idempotency key (1 to 200 printable characters).</param>
    /// <param name="via">The aggregator the pledge goes through (counted against its capacity), or <see langword="null"/> for a direct pledge.</param>
    /// <param name="origin">Where a direct pledge starts from, or <see langword="null"/>; must be <see langword="null"/> with <paramref name="via"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// Pledged (with the new pledge's id); replayed (same key and parameters); refused because the collaborator is not
    /// active, the aggregator is unknown or its capacity would be exceeded (<see cref="PledgeOutcome.Rule"/> names the
    /// rule); or key conflict (bad input).
    /// </returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public Task<PledgeOutcome> PledgeAsync(
        CollaboratorId collaborator,
        ItemCode item,
        DistributionPeriod period,
        long quantity,
        string key,
        AggregatorId? via = null,
        GeoPoint? origin = null,
        CancellationToken cancellationToken = default)
    {
        if (collaborator.IsDefault)
        {
            throw new ArgumentException("The collaborator id is the default value.", nameof(collaborator));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        if (!TryValidateKey(key, out var error))
        {
            throw new ArgumentException(error, nameof(key));
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
        if (_rules.CheckPledge(item, period, now) is { } refusal)
        {
            return Task.FromResult(PledgeOutcome.RuleRefused(refusal.Name, refusal.Text));
        }

        var id = OfferId.Parse("p-" + NewGuid(now).ToString("N"));
        var offer = via is { } aggregator
            ? Offer.ViaAggregator(id, collaborator, item, quantity, period, now, aggregator)
            : Offer.Direct(id, collaborator, item, quantity, period, now, origin);
        return Store.PledgeAsync(offer, key, cancellationToken);
    }

    /// <summary>Reserves part of a need drawing on a pledge: the need's rule and the pledge's (reserved + delivered ≤ pledge) are checked in one transaction.</summary>
    /// <param name="collaborator">The collaborator; the pledge must be its own, and it must be active.</param>
    /// <param name="need">The need; its item must be the pledge's and its period must overlap the pledge's.</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The idempotency key; a repeat must name the same pledge.</param>
    /// <param name="pledge">The pledge drawn on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// As <see cref="ReserveAsync(CollaboratorId, NeedKey, long, string, CancellationToken)"/>, and also
    /// <see cref="ReserveOutcomeKind.CollaboratorNotActive"/>, <see cref="ReserveOutcomeKind.PledgeMismatch"/> or
    /// <see cref="ReserveOutcomeKind.PledgeExceeded"/> (with what remains on the pledge), naming the rule.
    /// </returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public Task<ReserveOutcome> ReserveAsync(CollaboratorId collaborator, NeedKey need, long quantity, string key, OfferId pledge, CancellationToken cancellationToken = default)
    {
        if (collaborator.IsDefault)
        {
            throw new ArgumentException("The collaborator id is the default value.", nameof(collaborator));
        }

        if (pledge.IsDefault)
        {
            throw new ArgumentException("The pledge id is the default value.", nameof(pledge));
        }

        RequireReservation(need, quantity, key);
        return ReserveCoreAsync(collaborator.Value, need, quantity, key, pledge, cancellationToken);
    }

    /// <summary>Reads a pledge with what is reserved and delivered on it now.</summary>
    /// <param name="pledge">The pledge id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The pledge's state, or <see langword="null"/> when the ledger has no such pledge.</returns>
    public Task<PledgeState?> GetPledgeAsync(OfferId pledge, CancellationToken cancellationToken = default) =>
        Store.GetPledgeAsync(pledge, _options.Clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reads every pledge with what is reserved and delivered on it now.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The pledges in the order they were made; direct ones and ones via an aggregator alike (see <see cref="Offer.Channel"/>).</returns>
    public Task<IReadOnlyList<PledgeState>> ReadPledgesAsync(CancellationToken cancellationToken = default) =>
        Store.ReadPledgesAsync(_options.Clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reads every aggregator the ledger holds, with its depot, capacity and service areas.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The aggregators in id order.</returns>
    public Task<IReadOnlyList<Aggregator>> ReadAggregatorsAsync(CancellationToken cancellationToken = default) =>
        Store.ReadAggregatorsAsync(cancellationToken);
}
