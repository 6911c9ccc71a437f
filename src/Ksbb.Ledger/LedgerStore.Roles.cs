using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using NodaTime;

namespace Ksbb.Ledger;

// Actors and roles, written once for every store: who may change a reservation.
public abstract partial class LedgerStore
{
    internal Task SetRolesAsync(IReadOnlyList<RoleGrant> grants, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grants);
        return WriteAsync(async (w, ct) =>
        {
            foreach (var g in grants)
            {
                var added = await w.ExecuteAsync($"INSERT INTO {Tables}roles (actor, role, scope) VALUES (@a, @r, @s) ON CONFLICT DO NOTHING", c =>
                {
                    LedgerSql.Add(c, "@a", g.Actor);
                    LedgerSql.Add(c, "@r", RoleGrant.Name(g.Role));
                    LedgerSql.Add(c, "@s", g.Scope);
                }, ct).ConfigureAwait(false);
                if (added == 1)
                {
                    w.Events.Add(LedgerEvents.RoleGranted(now, g));
                }
            }

            return (0, grants.Count > 0);
        }, cancellationToken);
    }

    // Who sets needs: while the ledger records no roles, anyone the host lets call; once it does, an operator whose
    // region holds the need's unit.
    private async Task<NeedsOutcome?> OperatorRefusalAsync(WriteScope w, IReadOnlyList<KeyValuePair<NeedKey, long>> needs, string actor, CancellationToken ct) =>
        await OperatorRefusalAsync(w, needs.Select(n => n.Key.Unit), actor, "sets its needs", ct).ConfigureAwait(false) is { } text
            ? NeedsOutcome.RuleRefused(LedgerRules.OperatorRoleRequired, text)
            : null;

    // Whether an actor may act as an operator on these units (publish their needs, commit a pooled plan for them), read
    // in a transaction of its own: the refusal's sentence, or null.
    internal Task<string?> OperatorRefusalAsync(IReadOnlyList<RegionCode> units, string actor, string action, CancellationToken cancellationToken = default) =>
        WriteAsync<string?>(async (w, ct) => (await OperatorRefusalAsync(w, units, actor, action, ct).ConfigureAwait(false), false), cancellationToken);

    private async Task<string?> OperatorRefusalAsync(WriteScope w, IEnumerable<RegionCode> units, string actor, string action, CancellationToken ct)
    {
        if (await w.ScalarAsync($"SELECT 1 FROM {Tables}roles LIMIT 1", null, ct).ConfigureAwait(false) is null)
        {
            return null;
        }

        var regions = await w.ListAsync($"SELECT scope FROM {Tables}roles WHERE actor = @a AND role = 'operator'", c => LedgerSql.Add(c, "@a", actor), r => r.GetString(0), ct)
            .ConfigureAwait(false);
        foreach (var code in units)
        {
            var unit = code.ToString();
            if (!regions.Any(g => RegionHolds(g, unit)))
            {
                return $"{LedgerRules.OperatorRoleRequired}: once the ledger records roles, only an operator whose region holds the unit {action}: '{actor}' has {(regions.Count == 0 ? "no operator role" : "operator roles for " + string.Join(", ", regions))}, none covering {unit}.";
            }
        }

        return null;
    }

    // The one rule of who acts on a reservation. A collaborator acts on its own reservations; an aggregator's actor on
    // reservations drawing on pledges routed through that aggregator; an operator may cancel within its region; a
    // verifier verifies deliveries within its region and never its own (nor one routed through an aggregator it acts for).
    private async Task<(LedgerRole Role, string? Refusal)> AuthorizeAsync(WriteScope w, Reservation stored, TransitionRequest request, string actor, CancellationToken ct)
    {
        var grants = await w.ListAsync($"SELECT role, scope FROM {Tables}roles WHERE actor = @a", c => LedgerSql.Add(c, "@a", actor), r => (Role: r.GetString(0), Scope: r.GetString(1)), ct)
            .ConfigureAwait(false);
        var aggregator = await AggregatorOfAsync(w, stored.Id, ct).ConfigureAwait(false);
        var own = string.Equals(actor, stored.Collaborator, StringComparison.Ordinal);
        var forAggregator = aggregator is not null && grants.Contains(("aggregator", aggregator));
        var unit = stored.Need.Unit.ToString();
        bool InRegion(string role) => grants.Any(g => g.Role == role && RegionHolds(g.Scope, unit));
        var verb = request.RenewUntil is not null ? "renew" : request.Target switch
        {
            ReservationStatus.Delivered => "deliver",
            ReservationStatus.Released => "release",
            _ => "cancel",
        };

        if (request.Target == ReservationStatus.Verified && request.RenewUntil is null)
        {
            return own || forAggregator
                ? (LedgerRole.None, $"a verifier never verifies its own delivery: '{actor}' delivered reservation {stored.Id} (as {(own ? "its collaborator" : "the actor of aggregator " + aggregator)}).")
                : InRegion("verifier")
                ? (LedgerRole.Verifier, null)
                : (LedgerRole.None, $"a verifier verifies deliveries within its region: '{actor}' has no verifier role covering unit {unit}.");
        }

        if (own)
        {
            return (LedgerRole.Collaborator, null);
        }

        if (forAggregator)
        {
            return (LedgerRole.Aggregator, null);
        }

        if (request.Target == ReservationStatus.Cancelled && InRegion("operator"))
        {
            return (LedgerRole.Operator, null);
        }

        return (LedgerRole.None, $"a collaborator acts only on its own reservations and an aggregator on what is routed through it: '{actor}' may not {verb} reservation {stored.Id} of '{stored.Collaborator}'{(aggregator is null ? string.Empty : $" (routed through aggregator '{aggregator}')")}.");
    }

    // A region scope (a dotted region code) holds a unit when the unit is the region or lies inside it.
    private static bool RegionHolds(string scope, string unit) => unit == scope || unit.StartsWith(scope + ".", StringComparison.Ordinal);
}
