using Ksbb.Ledger.Storage;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;

namespace Ksbb.Ledger;

// Reading every pledge (with what is drawn on it) and every aggregator: the inputs of a pooled allocation round.
public abstract partial class LedgerStore
{
    internal async Task<IReadOnlyList<PledgeState>> ReadPledgesAsync(Instant now, CancellationToken cancellationToken = default)
    {
        var pledges = await ReadListAsync($"SELECT {PledgeColumns} FROM {Tables}pledges ORDER BY seq", null, PledgeFrom, cancellationToken).ConfigureAwait(false);
        var drawn = (await ReadListAsync($"""
            SELECT d.pledge_id, {DrawnSums}
            FROM {DrawnFrom}
            GROUP BY d.pledge_id
            """, c => LedgerSql.Add(c, "@now", now.ToUnixTimeTicks()), r => (Id: r.GetString(0), Reserved: r.GetInt64(1), Delivered: r.GetInt64(2)), cancellationToken)
            .ConfigureAwait(false)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        return pledges
            .Select(p => drawn.TryGetValue(p.Id.Value, out var d) ? new PledgeState(p, d.Reserved, d.Delivered) : new PledgeState(p, 0, 0))
            .ToList();
    }

    internal async Task<IReadOnlyList<Aggregator>> ReadAggregatorsAsync(CancellationToken cancellationToken = default) =>
        await ReadListAsync(
            $"SELECT id, name, capacity, depot_lon, depot_lat, areas FROM {Tables}aggregators ORDER BY id{Ordinal}",
            null,
            r => Aggregator.Create(
                AggregatorId.Parse(r.GetString(0)),
                r.GetString(1),
                GeoPoint.Create(r.GetDouble(3), r.GetDouble(4)),
                r.GetInt64(2),
                r.GetString(5).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(RegionCode.Parse)),
            cancellationToken).ConfigureAwait(false);
}
