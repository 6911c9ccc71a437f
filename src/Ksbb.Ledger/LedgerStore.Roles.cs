using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using NodaTime;

namespace Ksbb.Ledger;

// Actors and roles, written once for every store: who may change what. Every check runs in the transaction of the
// change it guards.
//
// A ledger that records no roles is in its set-up mode, run by its host: needs and records may be set by any actor the
// host lets call, and the host's system actor holds the operator's and the verifier's authority (it cancels, verifies
// and places pledges in a pooled round); persons act only on their own. Recording the first role ends the set-up mode:
// from then on only role grants give that authority, and the system actor has none.
public abstract partial class LedgerStore
{
    internal Task<LedgerOutcome> SetRolesAsync(IReadOnlyList<RoleGrant> grants, Instant now, LedgerActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grants);
        return WriteAsync(async (w, ct) =>
        {
            if (await GrantRefusalAsync(w, grants, actor, ct).ConfigureAwait(false) is { } refusal)
            {
                return (LedgerOutcome.Refused(refusal), false);
            }

            foreach (var g in grants)
            {
                var added = await w.ExecuteAsync($"INSERT INTO {Tables}roles (actor, role, scope) VALUES (@a, @r, @s) ON CONFLICT DO NOTHING", c =>
                {
                    LedgerSql.Add(c, "@a", g.Actor.Value);
                    LedgerSql.Add(c, "@r", RoleGrant.Name(g.Role));
                    LedgerSql.Add(c, "@s", g.Scope);
                }, ct).ConfigureAwait(false);
                if (added == 1)
                {
                    w.Events.Add(LedgerEvents.RoleGranted(now, g));
                }
            }

            return (LedgerOutcome.Done(), grants.Count > 0);
        }, cancellationToken);
    }

    // Who grants roles: in set-up mode any actor; then an operator whose region holds every granted region (a verifier's
    // or operator's scope) and every service area of a granted aggregator (one serving everywhere: an operator of a
    // provinsi), so no operator widens its own or anyone's authority beyond its region.
    private async Task<LedgerRefusal?> GrantRefusalAsync(WriteScope w, IReadOnlyList<RoleGrant> grants, LedgerActor actor, CancellationToken ct)
    {
        if (await OperatorRegionsUnlessSetUpAsync(w, actor, ct).ConfigureAwait(false) is not { } regions)
        {
            return null;
        }

        foreach (var g in grants)
        {
            List<string> needed;
            if (g.Region is { } region)
            {
                needed = [region.ToString()];
            }
            else
            {
                if (await AggregatorAreasAsync(w, g.Scope, ct).ConfigureAwait(false) is not { } areas)
                {
                    return LedgerRefusal.Create(LedgerRule.AggregatorNotFound, $"a role for an aggregator names an aggregator the ledger records: '{g.Scope}' is not one.", field: "scope");
                }

                needed = [.. areas];
            }

            var uncovered = needed.Count == 0
                ? (regions.Any(r => !r.Contains('.', StringComparison.Ordinal)) ? null : "every area (the aggregator serves everywhere)")
                : needed.FirstOrDefault(n => !regions.Any(r => RegionHolds(r, n)));
            if (uncovered is not null)
            {
                return LedgerRefusal.Create(
                    LedgerRule.OperatorRoleRequired,
                    $"once the ledger records roles, only an operator whose region holds what a grant covers grants it: '{actor}' has {(regions.Count == 0 ? "no operator role" : "operator roles for " + string.Join(", ", regions))}, none covering {uncovered} ({RoleGrant.Name(g.Role)} grant to '{g.Actor}').",
                    field: "actor");
            }
        }

        return null;
    }

    private async Task<bool> RolesRecordedAsync(WriteScope w, CancellationToken ct) =>
        await w.ScalarAsync($"SELECT 1 FROM {Tables}roles LIMIT 1", null, ct).ConfigureAwait(false) is not null;

    // The actor's operator regions, or null while the ledger records no roles (set-up mode, where the operator's rules
    // are open); the system actor has none once roles are recorded.
    private async Task<List<string>?> OperatorRegionsUnlessSetUpAsync(WriteScope w, LedgerActor actor, CancellationToken ct) =>
        !await RolesRecordedAsync(w, ct).ConfigureAwait(false) ? null
        : actor.IsSystem ? []
        : await OperatorRegionsAsync(w, actor, ct).ConfigureAwait(false);

    // Who records collaborators, aggregators and roles: in set-up mode any actor; then an operator (of any region).
    private async Task<LedgerRefusal?> RegistryRefusalAsync(WriteScope w, LedgerActor actor, string action, CancellationToken ct)
    {
        if (await OperatorRegionsUnlessSetUpAsync(w, actor, ct).ConfigureAwait(false) is not { } regions)
        {
            return null;
        }

        return regions.Count > 0
            ? null
            : LedgerRefusal.Create(LedgerRule.OperatorRoleRequired, $"once the ledger records roles, only an operator {action}: '{actor}' has no operator role.", field: "actor");
    }

    // Who acts as an operator on units (publishes their needs, commits a pooled plan's reservations for them): in set-up
    // mode any actor; then an operator whose region holds every unit.
    private async Task<LedgerRefusal?> OperatorRefusalAsync(WriteScope w, IEnumerable<RegionCode> units, LedgerActor actor, string action, CancellationToken ct)
    {
        if (await OperatorRegionsUnlessSetUpAsync(w, actor, ct).ConfigureAwait(false) is not { } regions)
        {
            return null;
        }

        foreach (var unit in units)
        {
            if (!regions.Any(g => RegionHolds(g, unit.ToString())))
            {
                return LedgerRefusal.Create(
                    LedgerRule.OperatorRoleRequired,
                    $"once the ledger records roles, only an operator whose region holds the unit {action}: '{actor}' has {(regions.Count == 0 ? "no operator role" : "operator roles for " + string.Join(", ", regions))}, none covering {unit}.",
                    unit,
                    "actor");
            }
        }

        return null;
    }

    private Task<List<string>> OperatorRegionsAsync(WriteScope w, LedgerActor actor, CancellationToken ct) =>
        w.ListAsync($"SELECT scope FROM {Tables}roles WHERE actor = @a AND role = 'operator'", c => LedgerSql.Add(c, "@a", actor.Recorded), r => r.GetString(0), ct);

    private Task<List<(string Role, string Scope)>> GrantsAsync(WriteScope w, LedgerActor actor, CancellationToken ct) =>
        w.ListAsync($"SELECT role, scope FROM {Tables}roles WHERE actor = @a", c => LedgerSql.Add(c, "@a", actor.Recorded), r => (Role: r.GetString(0), Scope: r.GetString(1)), ct);

    // The one rule of who acts on a reservation. A collaborator acts on its own reservations; an aggregator's actor on
    // reservations drawing on pledges routed through that aggregator; an operator may cancel within its region; a
    // verifier verifies deliveries within its region and never its own (nor one routed through an aggregator it acts for).
    // The system actor changes no reservation, and an actor the ledger does not record (no collaborator record, no
    // role) changes none either.
    private async Task<(LedgerRole Role, LedgerRefusal? Refusal)> AuthorizeAsync(WriteScope w, Reservation stored, TransitionRequest request, LedgerActor actor, CancellationToken ct)
    {
        var unitCode = stored.Need.Unit;
        var verb = request.RenewUntil is not null ? "renew" : request.Target switch
        {
            ReservationStatus.Delivered => "deliver",
            ReservationStatus.Released => "release",
            ReservationStatus.Verified => "verify",
            _ => "cancel",
        };
        var setUp = !await RolesRecordedAsync(w, ct).ConfigureAwait(false);
        var officerWork = request.RenewUntil is null && request.Target is ReservationStatus.Verified or ReservationStatus.Cancelled;
        if (actor.IsSystem)
        {
            return setUp && officerWork
                ? (request.Target == ReservationStatus.Verified ? LedgerRole.Verifier : LedgerRole.Operator, null)
                : (LedgerRole.None, LedgerRefusal.Create(LedgerRule.ActorNotPermitted, $"the host's system actor '{actor.SystemName}' may not {verb} reservation {stored.Id}: it {(setUp ? "verifies and cancels only, while the ledger records no roles" : "has no authority once the ledger records roles")}.", unitCode, "actor"));
        }

        var grants = await GrantsAsync(w, actor, ct).ConfigureAwait(false);
        if (grants.Count == 0 && await CollaboratorStatusAsync(w, actor.Recorded, ct).ConfigureAwait(false) is null)
        {
            return (LedgerRole.None, LedgerRefusal.Create(LedgerRule.CollaboratorNotRecorded, $"only a collaborator or officer the ledger records acts on a reservation: '{actor}' has no record and no role.", unitCode, "actor"));
        }

        var aggregator = await AggregatorOfAsync(w, stored.Id, ct).ConfigureAwait(false);
        var own = stored.Collaborator == actor.Id;
        var forAggregator = aggregator is not null && grants.Contains(("aggregator", aggregator));
        var unit = unitCode.ToString();
        bool InRegion(string role) => grants.Any(g => g.Role == role && RegionHolds(g.Scope, unit));

        if (request.Target == ReservationStatus.Verified && request.RenewUntil is null)
        {
            return own || forAggregator
                ? (LedgerRole.None, LedgerRefusal.Create(LedgerRule.VerifierRoleRequired, $"a verifier never verifies its own delivery: '{actor}' delivered reservation {stored.Id} (as {(own ? "its collaborator" : "the actor of aggregator " + aggregator)}).", unitCode, "actor"))
                : InRegion("verifier")
                ? (LedgerRole.Verifier, null)
                : (LedgerRole.None, LedgerRefusal.Create(LedgerRule.VerifierRoleRequired, $"a verifier verifies deliveries within its region: '{actor}' has no verifier role covering unit {unit}.", unitCode, "actor"));
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

        return (LedgerRole.None, LedgerRefusal.Create(
            LedgerRule.ActorNotPermitted,
            $"a collaborator acts only on its own reservations and an aggregator on what is routed through it: '{actor}' may not {verb} reservation {stored.Id}{(aggregator is null ? string.Empty : $" (routed through aggregator '{aggregator}')")}.",
            unitCode,
            "actor"));
    }

    // A region scope (a dotted region code) holds a unit when the unit is the region or lies inside it.
    private static bool RegionHolds(string scope, string unit) => unit == scope || unit.StartsWith(scope + ".", StringComparison.Ordinal);
}
