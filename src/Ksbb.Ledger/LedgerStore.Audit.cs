using System.Globalization;
using System.Text.Json;
using Ksbb.Ledger.Storage;

namespace Ksbb.Ledger;

// Tamper evidence beyond the chain: the state tables are recomputed from the events and compared row by row, and the
// chain head stored apart from the events must be the last event (deleting the newest events is then detected).
public abstract partial class LedgerStore
{
    internal async Task<ChainVerification> AuditAsync(string? expectedHead, CancellationToken cancellationToken)
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in ReadEventsAsync(0, cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
        }

        var chain = LedgerEventChain.Verify(events);
        if (!chain.IsIntact)
        {
            return chain;
        }

        var count = chain.VerifiedCount;
        var head = await ReadListAsync($"SELECT seq, hash FROM {Tables}chain_head", null, r => (Seq: r.GetInt64(0), Hash: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var last = events.Count == 0 ? (Seq: 0L, Hash: LedgerEventChain.GenesisHash) : (Seq: events[^1].Sequence, Hash: events[^1].Hash);
        if (head.Count != 1 || head[0].Seq != last.Seq || !string.Equals(head[0].Hash, last.Hash, StringComparison.Ordinal))
        {
            var stored = head.Count == 1 ? $"event {head[0].Seq} ({head[0].Hash})" : $"{head.Count} rows";

            // The key is the first event position where the head and the events disagree: the first deleted event when
            // the head names a later one, the first event past a head moved back, or the head's own event when altered.
            var position = head.Count != 1 ? last.Seq : head[0].Seq == last.Seq ? last.Seq : Math.Min(head[0].Seq, last.Seq) + 1;
            return ChainVerification.Tampered(count, "chain_head", position.ToString(CultureInfo.InvariantCulture),
                $"the stored chain head names {stored} but the events end at event {last.Seq}: the newest events were deleted, or the head was altered");
        }

        if (expectedHead is not null && !events.Any(e => string.Equals(e.Hash, expectedHead, StringComparison.OrdinalIgnoreCase))
            && !(events.Count == 0 && string.Equals(expectedHead, LedgerEventChain.GenesisHash, StringComparison.Ordinal)))
        {
            return ChainVerification.Tampered(count, "events", expectedHead,
                $"the published head {expectedHead} is not in the chain (head now {chain.HeadHash}): events were deleted or the chain was rewritten");
        }

        var expected = Replay(events);
        var claims = await ReadListAsync(
            $"SELECT reservation_id, hash, benefit_class, period, override_reason, period_start, period_end FROM {Tables}household_claims", null,
            r => (Reservation: r.GetString(0), Hash: r.GetString(1), BenefitClass: r.GetString(2), Period: r.GetString(3), Override: r.IsDBNull(4) ? null : r.GetString(4),
                Start: r.IsDBNull(5) ? (long?)null : r.GetInt64(5), End: r.IsDBNull(6) ? (long?)null : r.GetInt64(6)), cancellationToken).ConfigureAwait(false);
        var finding = Compare("needs", expected.Needs, await ReadRowsAsync(
                $"SELECT unit, item, period, need, reserved, delivered FROM {Tables}needs", r => ($"{r.GetString(0)} {r.GetString(1)} {r.GetString(2)}", $"need {r.GetInt64(3)}, reserved {r.GetInt64(4)}, delivered {r.GetInt64(5)}"), cancellationToken).ConfigureAwait(false))
            ?? Compare("reservations", expected.Reservations, await ReadRowsAsync($"""
                SELECT r.id, r.key, r.collaborator, n.unit, n.item, n.period, r.quantity, r.delivered, r.status, r.created_at, r.expires_at, r.updated_at, r.reason, r.seq, r.deliver_by
                FROM {Tables}reservations r LEFT JOIN {Tables}needs n ON n.id = r.need_id ORDER BY r.seq
                """, r => (r.GetString(0), ReservationRow(r.GetString(1), r.GetString(2), $"{(r.IsDBNull(3) ? "?" : r.GetString(3))} {(r.IsDBNull(4) ? "?" : r.GetString(4))} {(r.IsDBNull(5) ? "?" : r.GetString(5))}",
                    r.GetInt64(6), r.GetInt64(7), Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.IsDBNull(12) ? null : r.GetString(12),
                    r.IsDBNull(14) ? null : r.GetString(14))), cancellationToken).ConfigureAwait(false))
            ?? Compare("collaborators", expected.Collaborators, await ReadRowsAsync(
                $"SELECT id, name, category, sub_kind, publish_name, status FROM {Tables}collaborators",
                r => (r.GetString(0), CollaboratorRow(r.GetString(1), r.GetString(2), r.GetString(3), Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture) != 0, r.GetString(5))), cancellationToken).ConfigureAwait(false))
            ?? Compare("household_claims", expected.Claims, ClaimRows(claims, expected.LegacyClaims))
            ?? ClaimDates(claims)
            ?? Compare("aggregators", expected.Aggregators, await ReadRowsAsync(
                $"SELECT id, name, capacity, depot_lon, depot_lat, areas FROM {Tables}aggregators",
                r => (r.GetString(0), AggregatorRow(r.GetString(1), r.GetInt64(2), r.GetDouble(3), r.GetDouble(4), r.GetString(5))), cancellationToken).ConfigureAwait(false))
            ?? Compare("pledges", expected.Pledges, await ReadRowsAsync($"""
                SELECT id, key, collaborator, item, period, quantity, aggregator, origin_lon, origin_lat, created_at FROM {Tables}pledges ORDER BY seq
                """, r => (r.GetString(0), PledgeRow(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6),
                    r.IsDBNull(7) ? null : r.GetDouble(7), r.IsDBNull(8) ? null : r.GetDouble(8), r.GetInt64(9))), cancellationToken).ConfigureAwait(false))
            ?? Compare("pledge_draws", expected.Draws, await ReadRowsAsync(
                $"SELECT reservation_id, pledge_id FROM {Tables}pledge_draws", r => (r.GetString(0), "pledge " + r.GetString(1)), cancellationToken).ConfigureAwait(false))
            ?? Compare("roles", expected.Roles, await ReadRowsAsync(
                $"SELECT actor, role, scope FROM {Tables}roles", r => (RoleKey(r.GetString(0), r.GetString(1), r.GetString(2)), "granted"), cancellationToken).ConfigureAwait(false))
            ?? Compare("delivery_proofs", expected.Proofs, await ReadRowsAsync(
                $"SELECT reservation_id, evidence, lon, lat, located_unit, distance_m, acknowledgements FROM {Tables}delivery_proofs",
                r => (r.GetString(0), ProofRow(r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetDouble(5), Convert.ToInt64(r.GetValue(6), CultureInfo.InvariantCulture))), cancellationToken).ConfigureAwait(false));
        return finding is { } f ? ChainVerification.Tampered(count, f.Table, f.Key, f.Message) : chain;
    }

    private static string ReservationRow(string key, string collaborator, string need, long quantity, long delivered, int status, long created, long expires, long updated, string? reason, string? deliverBy) =>
        string.Create(CultureInfo.InvariantCulture, $"key {key}, collaborator {collaborator}, need {need}, quantity {quantity}, delivered {delivered}, status {status}, created {created}, expires {expires}, updated {updated}, reason {reason ?? "-"}, deliver by {deliverBy ?? "-"}");

    private static string ProofRow(string evidence, double? lon, double? lat, string? locatedUnit, double? distance, long acknowledgements) =>
        string.Create(CultureInfo.InvariantCulture,
            $"evidence [{evidence}], at {(lon is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "-")} {(lat is { } y ? y.ToString("R", CultureInfo.InvariantCulture) : "-")}, located {locatedUnit ?? "-"}, distance {(distance is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "-")}, acknowledgements {acknowledgements}");

    private static string CollaboratorRow(string name, string category, string subKind, bool publish, string status) =>
        $"name {name}, category {category}, sub-kind {subKind}, named {(publish ? "yes" : "no")}, status {status}";

    private static string AggregatorRow(string name, long capacity, double depotLon, double depotLat, string areas) =>
        string.Create(CultureInfo.InvariantCulture, $"name {name}, capacity {capacity}, depot {depotLon:R} {depotLat:R}, areas {areas}");

    private static string PledgeRow(string key, string collaborator, string item, string period, long quantity, string? via, double? originLon, double? originLat, long created) =>
        string.Create(CultureInfo.InvariantCulture,
            $"key {key}, collaborator {collaborator}, item {item}, period {period}, quantity {quantity}, via {via ?? "-"}, origin {(originLon is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "-")} {(originLat is { } y ? y.ToString("R", CultureInfo.InvariantCulture) : "-")}, created {created}");

    private static string RoleKey(string actor, string role, string scope) => $"{actor} {role} {scope}";

    // A claim's first and last day (days since 1970-01-01, found again by the overlap check) must be its period's; claims
    // stored before schema version 7 have none (NULL), and are then found by period text only.
    private static (string Table, string Key, string Message)? ClaimDates(List<(string Reservation, string Hash, string BenefitClass, string Period, string? Override, long? Start, long? End)> rows)
    {
        var epoch = new NodaTime.LocalDate(1970, 1, 1);
        foreach (var c in rows)
        {
            if (c.Start is null && c.End is null)
            {
                continue;
            }

            var period = Ksbb.Model.Time.DistributionPeriod.TryParse(c.Period, out var p) ? p : default;
            long? start = period.IsDefault ? null : NodaTime.Period.DaysBetween(epoch, period.Start);
            long? end = period.IsDefault ? null : NodaTime.Period.DaysBetween(epoch, period.End);
            if (c.Start != start || c.End != end)
            {
                return ("household_claims", c.Reservation, string.Create(CultureInfo.InvariantCulture,
                    $"a claim's dates were changed: stored days {c.Start?.ToString(CultureInfo.InvariantCulture) ?? "-"}..{c.End?.ToString(CultureInfo.InvariantCulture) ?? "-"}; its period {c.Period} gives {start}..{end}"));
            }
        }

        return null;
    }

    private static List<(string Key, string Row)> ClaimRows(List<(string Reservation, string Hash, string BenefitClass, string Period, string? Override, long? Start, long? End)> rows, HashSet<string> legacy) =>
        [.. rows.GroupBy(c => c.Reservation, StringComparer.Ordinal).Select(g => (g.Key, legacy.Contains(g.Key)
            ? $"{g.Count()} claims"
            : $"{g.Count()} claims, digest {LedgerEvents.ClaimsDigest(g.Select(c => (c.Hash, c.BenefitClass, c.Period, c.Override)))}"))];

    private async Task<List<(string Key, string Row)>> ReadRowsAsync(string sql, Func<System.Data.Common.DbDataReader, (string, string)> map, CancellationToken ct) =>
        await ReadListAsync(sql, null, map, ct).ConfigureAwait(false);

    // The first difference between the rows the events give and the stored rows (in the events' order), or null.
    private static (string Table, string Key, string Message)? Compare(string table, List<(string Key, string Row)> expected, List<(string Key, string Row)> stored)
    {
        var storedByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, row) in stored)
        {
            if (!storedByKey.TryAdd(key, row))
            {
                return (table, key, "the row appears twice");
            }
        }

        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, row) in expected)
        {
            expectedKeys.Add(key);
            if (!storedByKey.TryGetValue(key, out var actual))
            {
                return (table, key, $"the row is missing (the events give {row})");
            }

            if (!string.Equals(actual, row, StringComparison.Ordinal))
            {
                return (table, key, $"the row was changed: stored {actual}; the events give {row}");
            }
        }

        foreach (var (key, row) in stored)
        {
            if (!expectedKeys.Contains(key))
            {
                return (table, key, $"the row ({row}) was added outside the ledger: no event records it");
            }
        }

        // Rows with an order of their own (reservations by creation) must keep the events' order.
        if (table is "reservations" or "pledges")
        {
            for (var i = 0; i < expected.Count; i++)
            {
                if (!string.Equals(expected[i].Key, stored[i].Key, StringComparison.Ordinal))
                {
                    // Name the row that moved: the stored row when it was moved ahead of the events' row (which then
                    // follows it), otherwise the events' row, which was moved later (or swapped with its neighbour).
                    var movedAhead = i + 1 < stored.Count && string.Equals(stored[i + 1].Key, expected[i].Key, StringComparison.Ordinal)
                        && !(i + 1 < expected.Count && string.Equals(stored[i].Key, expected[i + 1].Key, StringComparison.Ordinal));
                    return (table, movedAhead ? stored[i].Key : expected[i].Key,
                        $"the rows were reordered: position {i + 1} holds {stored[i].Key}, the events give {expected[i].Key}");
                }
            }
        }

        return null;
    }

    private static ReplayedState Replay(List<LedgerEvent> events)
    {
        var needs = new Dictionary<string, long>(StringComparer.Ordinal);
        var needOrder = new List<string>();
        var reservations = new Dictionary<string, ReplayedReservation>(StringComparer.Ordinal);
        var reservationOrder = new List<string>();
        var collaborators = new Dictionary<string, string>(StringComparer.Ordinal);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        var legacyClaims = new HashSet<string>(StringComparer.Ordinal);
        var aggregators = new Dictionary<string, string>(StringComparer.Ordinal);
        var pledges = new List<(string Key, string Row)>();
        var draws = new List<(string Key, string Row)>();
        var roles = new List<(string Key, string Row)>();
        var proofs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            using var json = JsonDocument.Parse(e.Payload);
            var p = json.RootElement;
            string S(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
            long L(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
            double? D(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            var at = e.At.ToUnixTimeTicks();
            switch (e.Kind)
            {
                case "need.set":
                    var key = $"{S("unit")} {S("item")} {S("period")}";
                    if (!needs.ContainsKey(key))
                    {
                        needOrder.Add(key);
                    }

                    needs[key] = L("need");
                    break;
                case "collaborator.set":
                    var category = S("category");
                    var named = p.TryGetProperty("publishName", out var pub) ? pub.GetBoolean() : category != "perorangan";
                    collaborators[S("id")] = CollaboratorRow(S("name"), category, S("subKind"), named, p.TryGetProperty("status", out _) ? S("status") : "active");
                    break;
                case "aggregator.set":
                    aggregators[S("id")] = AggregatorRow(S("name"), L("capacity"), D("depotLon") ?? double.NaN, D("depotLat") ?? double.NaN, S("areas"));
                    break;
                case "pledge.made":
                    pledges.Add((S("id"), PledgeRow(S("key"), S("collaborator"), S("item"), S("period"), L("quantity"), p.TryGetProperty("via", out _) ? S("via") : null,
                        D("originLon"), D("originLat"), at)));
                    break;
                case "role.granted":
                    roles.Add((RoleKey(S("actor"), S("role"), S("scope")), "granted"));
                    break;
                case "reservation.reserved":
                    if (p.TryGetProperty("pledge", out _))
                    {
                        draws.Add((S("id"), "pledge " + S("pledge")));
                    }

                    reservationOrder.Add(S("id"));
                    reservations[S("id")] = new ReplayedReservation(S("key"), S("collaborator"), $"{S("unit")} {S("item")} {S("period")}", L("quantity"), 0,
                        (int)ReservationStatus.Reserved, at, L("expiresAt"), at, null, p.TryGetProperty("deliverBy", out _) ? S("deliverBy") : null);
                    break;
                case "reservation.renewed" when reservations.TryGetValue(S("id"), out var renewed):
                    reservations[S("id")] = renewed with { Expires = L("expiresAt"), Updated = at };
                    break;
                case "reservation.expired" when reservations.TryGetValue(S("id"), out var r):
                    reservations[S("id")] = r with { Status = (int)ReservationStatus.Expired, Updated = at };
                    break;
                default:
                    if (e.Kind.StartsWith("reservation.", StringComparison.Ordinal) && reservations.TryGetValue(S("id"), out var t))
                    {
                        var status = Enum.GetValues<ReservationStatus>().FirstOrDefault(s => ReservationLifecycle.Name(s) == S("status"));
                        reservations[S("id")] = t with
                        {
                            Status = (int)status,
                            Delivered = L("delivered"),
                            Updated = at,
                            Reason = status == ReservationStatus.Cancelled ? (p.TryGetProperty("reason", out _) ? S("reason") : t.Reason) : t.Reason,
                        };
                        if (status == ReservationStatus.Delivered && p.TryGetProperty("proof", out var proof) && proof.ValueKind == JsonValueKind.Object)
                        {
                            string? PS(string name) => proof.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                            double? PD(string name) => proof.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
                            proofs[S("id")] = ProofRow(PS("evidence") ?? string.Empty, PD("lon"), PD("lat"), PS("locatedUnit"), PD("distanceMetres"),
                                proof.TryGetProperty("acknowledgements", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt64() : 0);
                        }

                        if (status == ReservationStatus.Delivered && L("households") > 0)
                        {
                            claims[S("id")] = p.TryGetProperty("claims", out _) ? $"{L("households")} claims, digest {S("claims")}" : $"{L("households")} claims";
                            if (!p.TryGetProperty("claims", out _))
                            {
                                legacyClaims.Add(S("id"));
                            }
                        }
                        else if (status == ReservationStatus.Cancelled && t.Status == (int)ReservationStatus.Delivered)
                        {
                            claims.Remove(S("id"));
                        }
                    }

                    break;
            }
        }

        var reserved = new Dictionary<string, long>(StringComparer.Ordinal);
        var delivered = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in reservations.Values)
        {
            if (r.Status == (int)ReservationStatus.Reserved)
            {
                reserved[r.Need] = reserved.GetValueOrDefault(r.Need) + r.Quantity;
            }
            else if (r.Status is (int)ReservationStatus.Delivered or (int)ReservationStatus.Verified)
            {
                delivered[r.Need] = delivered.GetValueOrDefault(r.Need) + r.Delivered;
            }
        }

        return new ReplayedState(
            [.. needOrder.Select(k => (k, string.Create(CultureInfo.InvariantCulture, $"need {needs[k]}, reserved {reserved.GetValueOrDefault(k)}, delivered {delivered.GetValueOrDefault(k)}")))],
            [.. reservationOrder.Select(id => (id, reservations[id].ToRow()))],
            [.. collaborators.Select(c => (c.Key, c.Value))],
            [.. claims.Select(c => (c.Key, c.Value))],
            legacyClaims,
            [.. aggregators.Select(a => (a.Key, a.Value))],
            pledges,
            draws,
            roles,
            [.. proofs.Select(p => (p.Key, p.Value))]);
    }

    private sealed record ReplayedState(
        List<(string Key, string Row)> Needs,
        List<(string Key, string Row)> Reservations,
        List<(string Key, string Row)> Collaborators,
        List<(string Key, string Row)> Claims,
        HashSet<string> LegacyClaims,
        List<(string Key, string Row)> Aggregators,
        List<(string Key, string Row)> Pledges,
        List<(string Key, string Row)> Draws,
        List<(string Key, string Row)> Roles,
        List<(string Key, string Row)> Proofs);

    private sealed record ReplayedReservation(string Key, string Collaborator, string Need, long Quantity, long Delivered, int Status, long Created, long Expires, long Updated, string? Reason, string? DeliverBy)
    {
        public string ToRow() => ReservationRow(Key, Collaborator, Need, Quantity, Delivered, Status, Created, Expires, Updated, Reason, DeliverBy);
    }
}
