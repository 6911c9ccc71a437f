using System.Data.Common;
using System.Globalization;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Pledges;
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

    internal Task<LedgerOutcome> SetAggregatorsAsync(IReadOnlyList<Aggregator> aggregators, Instant now, LedgerActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregators);
        return WriteAsync(async (w, ct) =>
        {
            if (await RegistryRefusalAsync(w, actor, "records aggregators", ct).ConfigureAwait(false) is { } refusal)
            {
                return (LedgerOutcome.Refused(refusal), false);
            }

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

            return (LedgerOutcome.Done(), aggregators.Count > 0);
        }, cancellationToken);
    }

    internal Task<LedgerOutcome> PledgeAsync(Pledge proposed, IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        return WriteAsync(async (w, ct) =>
        {
            var stored = (await w.ListAsync($"SELECT {PledgeColumns} FROM {Tables}pledges WHERE key = @k", c => LedgerSql.Add(c, "@k", key.Value), PledgeFrom, ct)
                .ConfigureAwait(false)).FirstOrDefault();
            if (stored is not null)
            {
                return (SamePledge(stored, proposed)
                    ? LedgerOutcome.PledgeReplayed(stored)
                    : LedgerOutcome.Refused(LedgerRule.KeyConflict, $"a key names one pledge: '{key}' was already used for pledge {stored.Id} with different parameters ({stored}).", pledge: stored, field: "key"), false);
            }

            if (await CollaboratorRefusalAsync(w, proposed.Collaborator, "pledge", ct).ConfigureAwait(false) is { } notActive)
            {
                return (LedgerOutcome.Refused(notActive), false);
            }

            long? remaining = null;
            if (proposed.Aggregator is { } via)
            {
                var capacity = await w.ScalarAsync($"SELECT capacity FROM {Tables}aggregators a WHERE id = @a{LockRows("a")}", c => LedgerSql.Add(c, "@a", via.Value), ct)
                    .ConfigureAwait(false);
                if (capacity is null)
                {
                    return (LedgerOutcome.Refused(LedgerRule.AggregatorNotFound,
                        $"a pledge via an aggregator needs an aggregator the ledger knows: '{via}' is not one (add it with 'ksbb ledger aggregators').", field: "via"), false);
                }

                // The capacity is per item and period: the pledges via the aggregator of the same item whose periods share
                // a day with this one count against it.
                var cap = Convert.ToInt64(capacity, CultureInfo.InvariantCulture);
                var same = await w.ListAsync($"SELECT period, quantity FROM {Tables}pledges WHERE aggregator = @a AND item = @i", c =>
                {
                    LedgerSql.Add(c, "@a", via.Value);
                    LedgerSql.Add(c, "@i", proposed.Item.Value);
                }, r => (Period: r.GetString(0), Quantity: r.GetInt64(1)), ct).ConfigureAwait(false);
                var pledged = same.Where(p => DistributionPeriod.Parse(p.Period).Overlaps(proposed.Period)).Sum(p => p.Quantity);
                var left = Math.Max(0, cap - pledged);
                if (proposed.Quantity > left)
                {
                    return (LedgerOutcome.Refused(LedgerRule.AggregatorCapacityExceeded,
                        string.Create(CultureInfo.InvariantCulture, $"pledges via an aggregator count against its capacity per item and period: '{via}' can take {cap} of {proposed.Item} in {proposed.Period}, {pledged} are pledged, so {left} remain, fewer than the {proposed.Quantity} pledged."),
                        field: "quantity", remaining: left, limit: cap), false);
                }

                remaining = left - proposed.Quantity;
            }

            await w.ExecuteAsync($"""
                INSERT INTO {Tables}pledges ({PledgeColumns})
                VALUES (@id, @k, @c, @i, @p, @q, @a, @x, @y, @t)
                """, c =>
            {
                LedgerSql.Add(c, "@id", proposed.Id.Value);
                LedgerSql.Add(c, "@k", key.Value);
                LedgerSql.Add(c, "@c", proposed.Collaborator.Value);
                LedgerSql.Add(c, "@i", proposed.Item.Value);
                LedgerSql.Add(c, "@p", proposed.Period.ToString());
                LedgerSql.Add(c, "@q", proposed.Quantity);
                LedgerSql.Add(c, "@a", proposed.Aggregator?.Value);
                LedgerSql.Add(c, "@x", proposed.Origin?.Longitude);
                LedgerSql.Add(c, "@y", proposed.Origin?.Latitude);
                LedgerSql.Add(c, "@t", proposed.PledgedAt.ToUnixTimeTicks());
            }, ct).ConfigureAwait(false);
            w.Events.Add(LedgerEvents.Pledged(proposed, key.Value));
            return (LedgerOutcome.Pledged(proposed, remaining), true);
        }, cancellationToken);
    }

    internal async Task<PledgeState?> GetPledgeAsync(PledgeId id, Instant now, CancellationToken cancellationToken = default)
    {
        var pledge = await FirstAsync($"SELECT {PledgeColumns} FROM {Tables}pledges WHERE id = @id", c => LedgerSql.Add(c, "@id", id.Value), PledgeFrom, cancellationToken)
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

    private static void BindDrawn(DbCommand c, PledgeId pledge, Instant now)
    {
        LedgerSql.Add(c, "@pledge", pledge.Value);
        LedgerSql.Add(c, "@now", now.ToUnixTimeTicks());
    }

    // The rules a reservation meets besides the need's remaining quantity: an active collaborator (a collaborator without
    // a record may still reserve without a pledge, but only while the ledger records no collaborator at all), and a
    // pledge of the same collaborator, item and an overlapping period with enough remaining. The pledge row is locked, so
    // concurrent draws on it are serialised.
    // Whose reservation it is and whether the actor may make it (read in the reservation's transaction, before the need's
    // figures are touched): without a pledge the actor's own, the actor a recorded active collaborator; drawing on a
    // pledge the pledge's collaborator's (recorded and active), the pledge of the need's item and an overlapping period,
    // the actor the pledge's collaborator, the actor of the aggregator it is given via, or an operator whose region holds
    // the unit; a pledge via an aggregator is drawn only inside the aggregator's service areas.
    private async Task<(CollaboratorId Collaborator, LedgerOutcome? Refusal)> ResolveDrawAsync(WriteScope w, ReserveRequest request, CancellationToken ct)
    {
        var unit = request.Need.Unit;
        var actor = request.Actor;
        if (request.Pledge is not { } id)
        {
            if (actor.IsSystem)
            {
                return (default, LedgerOutcome.Refused(LedgerRule.ActorNotPermitted, $"a reservation is a collaborator's own: the host's system actor '{actor.SystemName}' reserves nothing on its own account.", unit: unit, field: "actor"));
            }

            return await CollaboratorRefusalAsync(w, actor.Id, "reserve", ct).ConfigureAwait(false) is { } own
                ? (default, LedgerOutcome.Refused(own))
                : (actor.Id, null);
        }

        var pledge = (await w.ListAsync($"SELECT {PledgeColumns} FROM {Tables}pledges WHERE id = @id", c => LedgerSql.Add(c, "@id", id.Value), PledgeFrom, ct)
            .ConfigureAwait(false)).FirstOrDefault();
        if (pledge is null)
        {
            return (default, LedgerOutcome.Refused(LedgerRule.PledgeNotFound, $"a reservation draws on a pledge the ledger holds: there is no pledge '{id}'.", unit: unit, field: "pledge"));
        }

        string? mismatch = pledge.Item != request.Need.Item
            ? $"a reservation draws on a pledge of the same item: pledge '{id}' is for {pledge.Item}, the need for {request.Need.Item}."
            : !pledge.Period.Overlaps(request.Need.Period)
            ? $"a reservation draws on a pledge for an overlapping period: pledge '{id}' is for {pledge.Period}, the need for {request.Need.Period}."
            : null;
        if (mismatch is not null)
        {
            return (default, LedgerOutcome.Refused(LedgerRule.PledgeMismatch, mismatch, pledge: pledge, unit: unit, field: "pledge"));
        }

        if (await CollaboratorRefusalAsync(w, pledge.Collaborator, "reserve", ct).ConfigureAwait(false) is { } inactive)
        {
            return (default, LedgerOutcome.Refused(inactive));
        }

        var permitted = !actor.IsSystem && actor.Id == pledge.Collaborator;
        if (!permitted && !actor.IsSystem && pledge.Aggregator is { } carrier)
        {
            permitted = (await GrantsAsync(w, actor, ct).ConfigureAwait(false)).Contains(("aggregator", carrier.Value));
        }

        // Anyone else draws on the pledge only as an operator whose region holds the unit (the pooled round); while the
        // ledger records no roles, only the host's system actor does.
        if (!permitted)
        {
            var setUp = !await RolesRecordedAsync(w, ct).ConfigureAwait(false);
            if (setUp && !actor.IsSystem)
            {
                return (default, LedgerOutcome.Refused(LedgerRule.ActorNotPermitted, $"a collaborator draws only on its own pledges: pledge '{id}' is {pledge.Collaborator}'s, not {actor}'s (while the ledger records no roles, only the host's system actor places others' pledges).", pledge: pledge, unit: unit, field: "pledge"));
            }

            if (!setUp && await OperatorRefusalAsync(w, [unit], actor, $"draws on another collaborator's pledge ('{id}' is {pledge.Collaborator}'s) there", ct).ConfigureAwait(false) is { } notOperator)
            {
                return (default, LedgerOutcome.Refused(notOperator));
            }
        }

        if (pledge.Aggregator is { } via)
        {
            var served = await AggregatorAreasAsync(w, via.Value, ct).ConfigureAwait(false) ?? [];
            if (served.Length > 0 && !served.Any(a => RegionHolds(a, unit.ToString())))
            {
                return (default, LedgerOutcome.Refused(
                    LedgerRule.AggregatorDoesNotServeUnit,
                    $"a pledge via an aggregator is drawn only inside the aggregator's service areas: pledge '{id}' is given via '{via}', which serves {string.Join(", ", served)}, not {unit}.",
                    pledge: pledge,
                    unit: unit,
                    field: "pledge"));
            }
        }

        return (pledge.Collaborator, null);
    }

    // What remains on the pledge (its row locked, so two reservations cannot both draw its last units).
    private async Task<LedgerOutcome?> CheckDrawAsync(WriteScope w, ReserveRequest request, CancellationToken ct)
    {
        if (request.Pledge is not { } id)
        {
            return null;
        }

        var pledge = (await w.ListAsync($"SELECT {PledgeColumns} FROM {Tables}pledges p WHERE id = @id{LockRows("p")}", c => LedgerSql.Add(c, "@id", id.Value), PledgeFrom, ct)
            .ConfigureAwait(false))[0];
        var used = (await w.ListAsync(DrawnSql, c => BindDrawn(c, id, request.Now), r => (Reserved: r.GetInt64(0), Delivered: r.GetInt64(1)), ct).ConfigureAwait(false))[0];
        var remaining = Math.Max(0, pledge.Quantity - used.Reserved - used.Delivered);
        return request.Quantity > remaining
            ? LedgerOutcome.Refused(
                LedgerRule.PledgeExceeded,
                string.Create(CultureInfo.InvariantCulture, $"reserved + delivered on a pledge never exceed it: pledge '{id}' of {pledge.Quantity} has {used.Reserved} reserved and {used.Delivered} delivered, so {remaining} remain, fewer than the {request.Quantity} asked for."),
                pledge: pledge,
                unit: request.Need.Unit,
                field: "quantity",
                remaining: remaining,
                limit: pledge.Quantity)
            : null;
    }

    // An aggregator's service areas (region codes; empty: it serves everywhere), or null when the ledger has no such aggregator.
    private async Task<string[]?> AggregatorAreasAsync(WriteScope w, string aggregator, CancellationToken ct) =>
        await w.ScalarAsync($"SELECT areas FROM {Tables}aggregators WHERE id = @a", c => LedgerSql.Add(c, "@a", aggregator), ct).ConfigureAwait(false) is string areas
            ? areas.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : null;

    private async Task<string?> CollaboratorStatusAsync(WriteScope w, string collaborator, CancellationToken ct) =>
        await w.ScalarAsync($"SELECT status FROM {Tables}collaborators WHERE id = @c", c => LedgerSql.Add(c, "@c", collaborator), ct).ConfigureAwait(false) as string;

    // Only a recorded, active collaborator pledges and reserves, whether or not the ledger records others.
    private async Task<LedgerRefusal?> CollaboratorRefusalAsync(WriteScope w, CollaboratorId collaborator, string action, CancellationToken ct)
    {
        var status = await CollaboratorStatusAsync(w, collaborator.Value, ct).ConfigureAwait(false);
        if (status is null)
        {
            return LedgerRefusal.Create(LedgerRule.CollaboratorNotRecorded, $"only a collaborator the ledger records may {action}: '{collaborator}' has no record in the ledger (add it with 'ksbb ledger collaborators').", field: "collaborator");
        }

        return status == CollaboratorTaxonomy.GetCode(CollaboratorStatus.Active)
            ? null
            : LedgerRefusal.Create(LedgerRule.CollaboratorNotActive, $"only an active collaborator may {action}: '{collaborator}' is {status}.", field: "collaborator");
    }

    private async Task<PledgeId?> PledgeOfAsync(WriteScope w, ReservationId reservation, CancellationToken ct) =>
        await w.ScalarAsync($"SELECT pledge_id FROM {Tables}pledge_draws WHERE reservation_id = @r", c => LedgerSql.Add(c, "@r", reservation.Value), ct).ConfigureAwait(false) is string id
            ? PledgeId.Parse(id)
            : null;

    private async Task<string?> AggregatorOfAsync(WriteScope w, ReservationId reservation, CancellationToken ct) =>
        await w.ScalarAsync($"""
            SELECT p.aggregator FROM {Tables}pledge_draws d JOIN {Tables}pledges p ON p.id = d.pledge_id WHERE d.reservation_id = @r
            """, c => LedgerSql.Add(c, "@r", reservation.Value), ct).ConfigureAwait(false) as string;

    private static bool SamePledge(Pledge a, Pledge b) =>
        a.Collaborator == b.Collaborator && a.Item == b.Item && a.Period == b.Period && a.Quantity == b.Quantity
        && a.Aggregator == b.Aggregator && a.Origin == b.Origin;

    // Columns: id, key, collaborator, item, period, quantity, aggregator, origin_lon, origin_lat, created_at.
    private static Pledge PledgeFrom(DbDataReader r)
    {
        var id = PledgeId.Parse(r.GetString(0));
        var collaborator = Model.Collaborators.CollaboratorId.Parse(r.GetString(2));
        var item = ItemCode.Parse(r.GetString(3));
        var period = DistributionPeriod.Parse(r.GetString(4));
        var quantity = r.GetInt64(5);
        var at = Instant.FromUnixTimeTicks(r.GetInt64(9));
        if (!r.IsDBNull(6))
        {
            return Pledge.ViaAggregator(id, collaborator, item, quantity, period, at, AggregatorId.Parse(r.GetString(6)));
        }

        GeoPoint? origin = r.IsDBNull(7) ? null : GeoPoint.Create(r.GetDouble(7), r.GetDouble(8));
        return Pledge.Direct(id, collaborator, item, quantity, period, at, origin);
    }
}
