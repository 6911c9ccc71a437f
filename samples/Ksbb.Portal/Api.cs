using Ksbb.Model.Pledges;
using Ksbb.Model.Collaborators;
using System.Text;
using System.Text.Json;
using Ksbb.Extensions.Hosting;
using Ksbb.Ledger;
using Ksbb.Ledger.Export;
using Ksbb.Model.Catalog;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Ledger.Households;

namespace Ksbb.Portal;

/// <summary>The portal's HTTP API (see docs/portal.md).</summary>
internal static partial class Api
{
    private const string GeoJson = "application/geo+json";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/round", RoundAsync).WithName("GetRound").WithSummary("The demo round: item, period, area, attribution and totals by kind of recipient.");
        api.MapGet("/needs", NeedsAsync).WithName("GetNeeds").WithSummary("GeoJSON FeatureCollection: one feature per unit with a need for the item and period.")
            .Produces(StatusCodes.Status200OK, contentType: GeoJson).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/summary/rw", RwSummaryAsync).WithName("GetRwSummary").WithSummary("GeoJSON FeatureCollection: the public summary per RW (real boundaries) for the item and period.")
            .Produces(StatusCodes.Status200OK, contentType: GeoJson).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/institutions", InstitutionsAsync).WithName("GetInstitutions").WithSummary("GeoJSON FeatureCollection of institutions (points).")
            .Produces(StatusCodes.Status200OK, contentType: GeoJson);
        api.MapGet("/aggregators", AggregatorsAsync).WithName("GetAggregators").WithSummary("GeoJSON FeatureCollection of the aggregators (warehouses pooling pledges) at their depots, with what the pooled pledges through them hold and what remains.")
            .Produces(StatusCodes.Status200OK, contentType: GeoJson);
        api.MapGet("/me", MeAsync).WithName("GetMe").WithSummary("The signed-in collaborator or officer: roles, own pledges (quantity, drawn, remaining, channel) and reservations.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/reservations", ReserveAsync).WithName("Reserve").WithSummary("Reserves part of a unit's need (Idempotency-Key required).")
            .Accepts<ReservationRequest>("application/json")
            .Produces<ReservationView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/reservations/{id}/release", ReleaseAsync).WithName("Release").WithSummary("Releases the caller's own reservation (Idempotency-Key required).")
            .Produces<ReservationView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/reservations/{id}/deliver", DeliverAsync).WithName("Deliver")
            .WithSummary("Records delivery of the caller's own reservation with optional proof: multipart/form-data 'evidence' files (hashed as streamed, never stored), 'at' (LON,LAT), 'acknowledgements', 'quantity'; or JSON {quantity, evidence: [\"sha256:HEX:SIZE\"], at: {lon, lat}, acknowledgements} (Idempotency-Key required).")
            .Produces<ReservationView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/reservations/{id}/renew", RenewAsync).WithName("Renew").WithSummary("Extends the caller's own held reservation before it expires (Idempotency-Key required); refused after expiry (409).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        MapOfficers(api);
        MapCommitments(api);
    }

    private static async Task<IResult> RoundAsync(PortalStartup startup)
    {
        var (map, round) = await startup.Ready;
        return Results.Ok(new
        {
            note = round.Document.Note,
            item = round.Document.Item,
            period = round.Document.Period,
            area = round.Document.Area,
            attribution = Ksbb.Data.Jakarta.JakartaData.Attribution,
            rtBoundariesSynthetic = map.RtLayer.IsSynthetic,
            totals = new
            {
                households = round.Households.Values.Sum(),
                householdUnits = round.Households.Count,
                institutions = round.Document.Institutions.Count,
                institutionResidents = round.Document.Institutions.Sum(i => i.Residents),
            },
            signIn = "Development sign-in: send 'Authorization: Bearer <token>' with a token from dev-tokens.json in the data directory.",
        });
    }

    private static Task<IResult> NeedsAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string? item, string? period, string? area) =>
        FeaturesAsync(context, startup, ledger, item, period, area, PublicMap.WriteNeeds);

    private static Task<IResult> RwSummaryAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string? item, string? period, string? area) =>
        FeaturesAsync(context, startup, ledger, item, period, area, PublicMap.WriteRwSummary);

    /// <summary>Answers a map query: checks the selection, builds the ledger's public export for the period (small counts
    /// suppressed) and writes its figures as a FeatureCollection.</summary>
    private static async Task<IResult> FeaturesAsync(
        HttpContext context,
        PortalStartup startup,
        ReservationLedger ledger,
        string? item,
        string? period,
        string? area,
        Func<PublicMap.Query, string> write)
    {
        var selection = ParseSelection(item, period, area);
        if (selection.Problem is { } problem)
        {
            return problem;
        }

        var (map, round) = await startup.Ready;
        var export = await PublicMap.ExportAsync(ledger, selection.Period, context.RequestAborted);
        return Results.Text(write(new PublicMap.Query(selection.Item, selection.Area, map, round, export)), GeoJson, Encoding.UTF8);
    }

    private static async Task<IResult> InstitutionsAsync(PortalStartup startup)
    {
        var (_, round) = await startup.Ready;
        var features = round.Document.Institutions.Select(i => new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { Math.Round(i.Longitude, 6), Math.Round(i.Latitude, 6) } },
            properties = new { id = i.Id, name = i.Name, kind = i.Kind, rw = i.Rw, residents = i.Residents, generated = true },
        });
        return Results.Json(new { type = "FeatureCollection", features }, contentType: GeoJson);
    }

    private static async Task<IResult> AggregatorsAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger)
    {
        await startup.Ready;
        var pledges = await ledger.ReadPledgesAsync(context.RequestAborted);
        var features = (await ledger.ReadAggregatorsAsync(context.RequestAborted)).Select(a =>
        {
            var through = pledges.Where(p => p.Pledge.Aggregator == a.Id).ToList();
            return new
            {
                type = "Feature",
                geometry = new { type = "Point", coordinates = new[] { Math.Round(a.Depot.Longitude, 6), Math.Round(a.Depot.Latitude, 6) } },
                properties = new { id = a.Id.Value, name = a.Name, capacity = a.Capacity, pledged = through.Sum(p => p.Pledge.Quantity), remaining = through.Sum(p => p.Remaining) },
            };
        });
        return Results.Json(new { type = "FeatureCollection", features }, contentType: GeoJson);
    }

    private static async Task<IResult> MeAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        var mine = new List<ReservationView>();
        var now = ledger.Options.Clock.GetCurrentInstant();
        var overdue = (await ledger.ReadOverdueAsync(context.RequestAborted)).Select(o => o.Reservation.Id).ToHashSet();
        await foreach (var r in ledger.ReadReservationsAsync(context.RequestAborted))
        {
            if (r.Collaborator == caller.Id)
            {
                var status = r.StatusAt(now);
                var proof = status is ReservationStatus.Delivered or ReservationStatus.Verified ? await ledger.GetProofAsync(r.Id, context.RequestAborted) : null;
                var standing = DeliveryProof.StandingOf(status, proof);
                mine.Add(ReservationView.From(r, now) with { Overdue = overdue.Contains(r.Id), Standing = standing == DeliveryStanding.None ? null : DeliveryProof.Code(standing) });
            }
        }

        var pledges = new List<PledgeView>();
        foreach (var id in round.PledgesOf(caller.Id.Value))
        {
            if (await ledger.GetPledgeAsync(id, context.RequestAborted) is { } state)
            {
                pledges.Add(PledgeView.From(state));
            }
        }

        var roles = caller.Roles.Select(g => new { role = RoleGrant.Name(g.Role), scope = g.Region?.ToString() ?? g.Aggregator?.Value }).ToList();
        return Results.Ok(new
        {
            id = caller.Id.Value,
            name = caller.Name,
            category = caller.Collaborator is { } c ? CollaboratorTaxonomy.GetCode(c.Category) : null,
            status = caller.Collaborator is { } s ? CollaboratorTaxonomy.GetCode(s.Status) : null,
            roles,
            pledges,
            reservations = mine,
        });
    }

    private static async Task<IResult> ReserveAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKeyOf(context, caller) is not { } key)
        {
            return KeyProblem(context, caller);
        }

        var (request, bodyProblem) = await ReservationRequest.ReadAsync(context.Request, context.RequestAborted);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        PledgeId? pledge = null;
        if (request!.Pledge is { } pledgeText)
        {
            if (!PledgeId.TryParse(pledgeText, out var parsedPledge, out var pledgeError))
            {
                return Problems.BadRequest("pledge", pledgeError);
            }

            pledge = parsedPledge;
        }

        // One command: the ledger decides who may reserve (a recorded, active collaborator; another's pledge only as
        // its aggregator's actor or an operator), what remains, and whether the planned date is acceptable.
        var outcome = await ledger.ReserveAsync(caller.Actor, request.Need, request.Quantity, key, pledge, request.DeliverBy, context.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Refused(refusal);
        }

        if (outcome.Kind == LedgerOutcomeKind.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        var view = ReservationView.From(outcome.Reservation!, ledger.Options.Clock.GetCurrentInstant());
        return Results.Created($"/api/reservations/{view.Id}", view);
    }

    private static Task<IResult> ReleaseAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string id) =>
        TransitionAsync(context, startup, ledger, id, (actor, rid) => ledger.ReleaseAsync(actor, rid, context.RequestAborted));

    private static Task<IResult> RenewAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string id) =>
        TransitionAsync(context, startup, ledger, id, (actor, rid) => ledger.RenewAsync(actor, rid, context.RequestAborted));

    // Parses and sends the one command; whose reservation it is (its collaborator's, or the actor of the aggregator
    // carrying its pledge) is the ledger's rule.
    private static async Task<IResult> TransitionAsync(
        HttpContext context,
        PortalStartup startup,
        ReservationLedger ledger,
        string id,
        Func<LedgerActor, ReservationId, Task<LedgerOutcome>> apply)
    {
        var (_, round) = await startup.Ready;
        var (caller, reservationId, problem) = await TransitionRequestAsync(context, round, ledger, id);
        return problem ?? TransitionResult(await apply(caller!.Actor, reservationId), ledger);
    }

    /// <summary>Signs the caller in, checks the Idempotency-Key and parses the reservation id of a transition.</summary>
    private static async Task<(Caller? Caller, ReservationId Id, IResult? Problem)> TransitionRequestAsync(HttpContext context, DemoRound round, ReservationLedger ledger, string id)
    {
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return (null, default, Problems.Unauthorized(context, MissingTokenMessage(context)));
        }

        if (IdempotencyKeyOf(context, caller) is null)
        {
            return (null, default, KeyProblem(context, caller));
        }

        return ReservationId.TryParse(id, out var reservationId, out var error)
            ? (caller, reservationId, null)
            : (null, default, Problems.BadRequest("id", error));
    }

    /// <summary>Maps a ledger transition's outcome to HTTP: the reservation as it is now, or the refusal through the one table.</summary>
    private static IResult TransitionResult(LedgerOutcome outcome, ReservationLedger ledger, string? field = null) => outcome.Refusal is { } refusal
        ? Problems.Refused(refusal, field: refusal.Rule == LedgerRule.InvalidTransition ? field : null)
        : Results.Ok(ReservationView.From(outcome.Reservation!, ledger.Options.Clock.GetCurrentInstant()));

    /// <summary>The caller of a development bearer token, as the ledger records it: its collaborator record and its role grants.</summary>
    private static async Task<Caller?> AuthenticateAsync(HttpContext context, DemoRound round, ReservationLedger ledger)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || round.FindByToken(header["Bearer ".Length..].Trim()) is not { } id)
        {
            return null;
        }

        Collaborator? collaborator = null;
        await foreach (var c in ledger.ReadCollaboratorsAsync(context.RequestAborted))
        {
            if (c.Id == id)
            {
                collaborator = c;
                break;
            }
        }

        var roles = new List<RoleGrant>();
        await foreach (var g in ledger.ReadRolesAsync(context.RequestAborted))
        {
            if (g.Actor == id)
            {
                roles.Add(g);
            }
        }

        return new Caller(id, collaborator?.Name ?? round.OfficerName(id) ?? id.Value, collaborator, roles);
    }

    private static string MissingTokenMessage(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0
            ? "Send 'Authorization: Bearer <token>' (development sign-in: a token from dev-tokens.json)."
            : "The bearer token is not a registered collaborator's or officer's.";

    /// <summary>The ledger key of a state-changing request: the caller's id and its Idempotency-Key header, by the one key
    /// rule (<see cref="IdempotencyKey.TryParse"/>); <see langword="null"/> when the header is missing or breaks the rule.</summary>
    private static IdempotencyKey? IdempotencyKeyOf(HttpContext context, Caller caller)
    {
        var header = context.Request.Headers["Idempotency-Key"].ToString();
        return header.Length > 0 && Ksbb.Model.Distribution.IdempotencyKey.TryParse($"{caller.Id}:{header}", out var key, out _) ? key : null;
    }

    private static IResult KeyProblem(HttpContext context, Caller caller)
    {
        var header = context.Request.Headers["Idempotency-Key"].ToString();
        if (header.Length == 0)
        {
            return Problems.BadRequest("Idempotency-Key", "The Idempotency-Key header is required on every state-changing request.");
        }

        var error = Ksbb.Model.Distribution.IdempotencyKey.TryParse($"{caller.Id}:{header}", out _, out var e) ? "" : e;
        return Problems.BadRequest("Idempotency-Key", $"Idempotency-Key (kept as '<caller>:<key>'): {error}");
    }

    private static Selection ParseSelection(string? item, string? period, string? area)
    {
        if (string.IsNullOrEmpty(item))
        {
            return new(default, default, null, Problems.BadRequest("item", "The query parameter 'item' is required, for example pangan.paket-sembako."));
        }

        if (!ItemCode.TryParse(item, out var itemCode, out var error))
        {
            return new(default, default, null, Problems.BadRequest("item", error));
        }

        if (string.IsNullOrEmpty(period))
        {
            return new(default, default, null, Problems.BadRequest("period", "The query parameter 'period' is required, for example 2020-11."));
        }

        if (!DistributionPeriod.TryParse(period, out var periodValue, out error))
        {
            return new(default, default, null, Problems.BadRequest("period", error));
        }

        RegionCode? areaCode = null;
        if (!string.IsNullOrEmpty(area))
        {
            if (!RegionCode.TryParse(area, out var parsed, out error))
            {
                return new(default, default, null, Problems.BadRequest("area", error));
            }

            areaCode = parsed;
        }

        return new(itemCode, periodValue, areaCode, null);
    }

    private readonly record struct Selection(ItemCode Item, DistributionPeriod Period, RegionCode? Area, IResult? Problem);
}
