using System.Data.Common;
using System.Globalization;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Offers;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Ledger;

// Pledges, aggregators and draws, written once for every store. Lock order extends the one of the transaction script:
// need rows, then reservations, then a pledge or an aggregator row, then the chain head; nothing locks a need after a
// pledge or an aggregator, so writers never deadlock.
public abstract partial class LedgerStore
{
    private const string PledgeColumns = "id, key, collaborator, item, period, quantity, aggregator, origin_lon, origin_lat, created_at";

    internal Task SetAggregatorsAsync(IReadOnlyList<Aggregator> aggregators, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregators);
        return WriteAsync(async (w, ct) =>
        {
            foreach (var a in aggregators)
            {
                var areas = string.Join(' ', a.ServiceAreas);
                var changed = await w.ExecuteAsync($"""
                    INSERT INTO {Tables}aggregators AS t (id, name, capacity, depot_lon, depot_lat, areas) VALUES (@id, @n, @c, @x, @y, @a)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, capacity = excluded.capacity, depot_lon = excluded.depot_lon,
                      depot_lat = excluded.depot_lat, areas = excluded.areas
                    WHERE t.name <> excluded.name OR t.capacity <> excluded.capacity OR t.depot_lon <> excluded.depot_lon
                      OR t.depot_lat <> excluded.depot_lat OR t.areas <> excluded.areas
                    """, c =>
                {
                    LedgerSql.Add(c, "@id", a.Id.Value);
                    LedgerSql.Add(c, "@n", a.Name);
                    LedgerSql.Add(c, "@c", a.Capacity);
                    LedgerSql.Add(c, "@x", a.Depot.Longitude);
                    LedgerSql.Add(c, "@y", a.Depot.Latitude);
                    LedgerSql.Add(c, "@a", areas);
                }, ct).ConfigureAwait(false);
                if (changed == 1)
                {
                    w.Events.Add(LedgerEvents.AggregatorSet(now, a));
                }
            }

            return (0, aggregators.Count > 0);
        }, cancellationToken);
    }

    internal Task<PledgeOutcome> PledgeAsync(Offer proposed, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        return WriteAsync(async (w, ct) =>
        {
            var stored = (await w.ListAsync($"SELECT {PledgeColumns} FROM {Tables}pledges WHERE key = @k", c => LedgerSql.Add(c, "@k", key), Pledge, ct)
                .ConfigureAwait(false)).FirstOrDefault();
            if (stored is not null)
            {
                return (SamePledge(stored, proposed)
                    ? PledgeOutcome.Replayed(stored)
                    : PledgeOutcome.Refused(PledgeOutcomeKind.KeyConflict,
                        $"the key '{key}' was already used for pledge {stored.Id} with different parameters ({stored}).", stored), false);
            }

            if (await CollaboratorStatusAsync(w, proposed.Collaborator.Value, ct).ConfigureAwait(false) is var status && status != "active")
            {
                return (PledgeOutcome.Refused(PledgeOutcomeKind.CollaboratorNotActive, NotActiveRule("pledge", proposed.Collaborator.Value, status)), false);
            }

            long remaining = 0;
            if (proposed.Aggregator is { } via)
            {
                var capacity = await w.ScalarAsync($"SELECT capacity FROM {Tables}aggregators a WHERE id = @a{LockRows("a")}", c => LedgerSql.Add(c, "@a", via.Value), ct)
                    .ConfigureAwait(false);
                if (capacity is null)
                {
                    return (PledgeOutcome.Refused(PledgeOutcomeKind.UnknownAggregator,
                        $"a pledge via an aggregator needs an aggregator the ledger knows: '{via}' is not one (add it with 'ksbb ledger aggregators')."), false);
                }

                var cap = Convert.ToInt64(capacity, CultureInfo.InvariantCulture);
                var pledged = Convert.ToInt64(await w.ScalarAsync($"SELECT COALESCE(SUM(quantity), 0) FROM {Tables}pledges WHERE aggregator = @a", c => LedgerSql.Add(c, "@a", via.Value), ct)
                    .ConfigureAwait(false), CultureInfo.InvariantCulture);
                var left = Math.Max(0, cap - pledged);
                if (proposed.Quantity > left)
                {
                    return (PledgeOutcome.Refused(PledgeOutcomeKind.AggregatorCapacityExceeded,
                        string.Create(CultureInfo.InvariantCulture, $"pledges via an aggregator count against its capacity: '{via}' can take {cap} in all, {pledged} are pledged, so {left} remain, fewer than the {proposed.Quantity} pledged."),
                        remaining: left), false);
                }

                remaining = left - proposed.Quantity;
            }

            await w.ExecuteAsync($"""
                INSERT INTO {Tables}pledges ({PledgeColumns})
                VALUES (@id, @k, @c, @i, @p, @q, @a, @x, @y, @t)
                """, c =>
            {
                LedgerSql.Add(c, "@id", proposed.Id.Value);
                LedgerSql.Add(c, "@k", key);
                LedgerSql.Add(c, "@c", proposed.Collaborator.Value);
                LedgerSql.Add(c, "@i", proposed.Item.Value);
                LedgerSql.Add(c, "@p", proposed.Period.ToString());
                LedgerSql.Add(c, "@q", proposed.Quantity);
                LedgerSql.Add(c, "@a", proposed.Aggregator?.Value);
                LedgerSql.Add(c, "@x", proposed.Origin?.Longitude);
                LedgerSql.Add(c, "@y", proposed.Origin?.Latitude);
                LedgerSql.Add(c, "@t", proposed.PledgedAt.ToUnixTimeTicks());
            }, ct).ConfigureAwait(false);
            w.Events.Add(LedgerEvents.Pledged(proposed, key));
            return (PledgeOutcome.Pledged(proposed, remaining), true);
        }, cancellationToken);
    }

    internal async Task<PledgeState?> GetPledgeAsync(OfferId id, Instant now, CancellationToken cancellationToken = default)
    {
        var pledge = await FirstAsync($"SELECT {PledgeColumns} FROM {Tables}pledges WHERE id = @id", c => LedgerSql.Add(c, "@id", id.Value), Pledge, cancellationToken)
            .ConfigureAwait(false);
        if (pledge is null)
        {
            return null;
        }

        var used = await ReadListAsync(DrawnSql, c => BindDrawn(c, id, now), r => (Reserved: r.GetInt64(0), Delivered: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        return new PledgeState(pledge, used[0].Reserved, used[0].Delivered);
    }

    // What is live on a pledge: reserved (unexpired) and delivered (delivered or verified) quantities of its draws.
    private string DrawnSql => $"SELECT {DrawnSums} FROM {DrawnFrom} WHERE d.pledge_id = @pledge";

    // The reserved and delivered sums of the draws in DrawnFrom, as of @now.
    private static string DrawnSums => $"""
        COALESCE(SUM(CASE WHEN r.status = {(int)ReservationStatus.Reserved} AND r.expires_at > @now THEN r.quantity ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN r.status IN ({(int)ReservationStatus.Delivered}, {(int)ReservationStatus.Verified}) THEN r.delivered ELSE 0 END), 0)
        """;

    private string DrawnFrom => $"{Tables}pledge_draws d JOIN {Tables}reservations r ON r.id = d.reservation_id";

    private static void BindDrawn(DbCommand c, OfferId pledge, Instant now)
    {
        LedgerSql.Add(c, "@pledge", pledge.Value);
        LedgerSql.Add(c, "@now", now.ToUnixTimeTicks());
    }

    // The rules a reservation meets besides the need's remaining quantity: an active collaborator (a collaborator without
    // a record may still reserve without a pledge, but only while the ledger records no collaborator at all), and a
    // pledge of the same collaborator, item and an overlapping period with enough remaining. The pledge row is locked, so
    // concurrent draws on it are serialised.
    private async Task<ReserveOutcome?> CheckDrawAsync(WriteScope w, ReserveRequest request, CancellationToken ct)
    {
        var status = await CollaboratorStatusAsync(w, request.Collaborator, ct).ConfigureAwait(false);
        var mustBeActive = status is not null || request.Pledge is not null
            || await w.ScalarAsync($"SELECT 1 FROM {Tables}collaborators LIMIT 1", null, ct).ConfigureAwait(false) is not null;
        if (mustBeActive && status != "active")
        {
            return ReserveOutcome.RefusedByRule(ReserveOutcomeKind.CollaboratorNotActive, NotActiveRule("reserve", request.Collaborator, status));
        }

        if (request.Pledge is not { } id)
        {
            return null;
        }

        var pledge = (await w.ListAsync($"SELECT {PledgeColumns} FROM {Tables}pledges p WHERE id = @id{LockRows("p")}", c => LedgerSql.Add(c, "@id", id.Value), Pledge, ct)
            .ConfigureAwait(false)).FirstOrDefault();
        string? mismatch = pledge is null
            ? $"a reservation draws on a pledge the ledger holds: there is no pledge '{id}'."
            : !string.Equals(pledge.Collaborator.Value, request.Collaborator, StringComparison.Ordinal)
            ? $"a collaborator draws only on its own pledges: pledge '{id}' is {pledge.Collaborator}'s, not {request.Collaborator}'s."
            : pledge.Item != request.Need.Item
            ? $"a reservation draws on a pledge of the same item: pledge '{id}' is for {pledge.Item}, the need for {request.Need.Item}."
            : !pledge.Period.Overlaps(request.Need.Period)
            ? $"a reservation draws on a pledge for an overlapping period: pledge '{id}' is for {pledge.Period}, the need for {request.Need.Period}."
            : null;
        if (mismatch is not null)
        {
            return ReserveOutcome.RefusedByRule(ReserveOutcomeKind.PledgeMismatch, mismatch);
        }

        var used = (await w.ListAsync(DrawnSql, c => BindDrawn(c, id, request.Now), r => (Reserved: r.GetInt64(0), Delivered: r.GetInt64(1)), ct).ConfigureAwait(false))[0];
        var remaining = Math.Max(0, pledge!.Quantity - used.Reserved - used.Delivered);
        return request.Quantity > remaining
            ? ReserveOutcome.RefusedByRule(
                ReserveOutcomeKind.PledgeExceeded,
                string.Create(CultureInfo.InvariantCulture, $"reserved + delivered on a pledge never exceed it: pledge '{id}' of {pledge.Quantity} has {used.Reserved} reserved and {used.Delivered} delivered, so {remaining} remain, fewer than the {request.Quantity} asked for."),
                remaining)
            : null;
    }

    private async Task<string?> CollaboratorStatusAsync(WriteScope w, string collaborator, CancellationToken ct) =>
        await w.ScalarAsync($"SELECT status FROM {Tables}collaborators WHERE id = @c", c => LedgerSql.Add(c, "@c", collaborator), ct).ConfigureAwait(false) as string;

    private static string NotActiveRule(string action, string collaborator, string? status) => status is null
        ? $"only an active collaborator may {action}: '{collaborator}' has no record in the ledger (add it with 'ksbb ledger collaborators')."
        : $"only an active collaborator may {action}: '{collaborator}' is {status}.";

    private async Task<OfferId?> PledgeOfAsync(WriteScope w, ReservationId reservation, CancellationToken ct) =>
        await w.ScalarAsync($"SELECT pledge_id FROM {Tables}pledge_draws WHERE reservation_id = @r", c => LedgerSql.Add(c, "@r", reservation.Value), ct).ConfigureAwait(false) is string id
            ? OfferId.Parse(id)
            : null;

    private async Task<string?> AggregatorOfAsync(WriteScope w, ReservationId reservation, CancellationToken ct) =>
        await w.ScalarAsync($"""
            SELECT p.aggregator FROM {Tables}pledge_draws d JOIN {Tables}pledges p ON p.id = d.pledge_id WHERE d.reservation_id = @r
            """, c => LedgerSql.Add(c, "@r", reservation.Value), ct).ConfigureAwait(false) as string;

    private static bool SamePledge(Offer a, Offer b) =>
        a.Collaborator == b.Collaborator && a.Item == b.Item && a.Period == b.Period && a.Quantity == b.Quantity
        && a.Aggregator == b.Aggregator && a.Origin == b.Origin;

    // Columns: id, key, collaborator, item, period, quantity, aggregator, origin_lon, origin_lat, created_at.
    private static Offer Pledge(DbDataReader r)
    {
        var id = OfferId.Parse(r.GetString(0));
        var collaborator = Model.Collaborators.CollaboratorId.Parse(r.GetString(2));
        var item = ItemCode.Parse(r.GetString(3));
        var period = DistributionPeriod.Parse(r.GetString(4));
        var quantity = r.GetInt64(5);
        var at = Instant.FromUnixTimeTicks(r.GetInt64(9));
        if (!r.IsDBNull(6))
        {
            return Offer.ViaAggregator(id, collaborator, item, quantity, period, at, AggregatorId.Parse(r.GetString(6)));
        }

        GeoPoint? origin = r.IsDBNull(7) ? null : GeoPoint.Create(r.GetDouble(7), r.GetDouble(8));
        return Offer.Direct(id, collaborator, item, quantity, period, at, origin);
    }
}
