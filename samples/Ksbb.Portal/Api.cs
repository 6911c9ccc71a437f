using Ksbb.Model.Offers;
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

namespace Ksbb.Portal;

/// <summary>The portal's HTTP API (see docs/portal.md).</summary>
internal static partial class Api
{
    private const string GeoJson = "application/geo+json";
    private const int MaxIdempotencyKeyLength = 100;

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
        FeaturesAsync(context, startup, ledger, item, period, area, WriteNeedsAsync);

    private static Task<IResult> RwSummaryAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string? item, string? period, string? area) =>
        FeaturesAsync(context, startup, ledger, item, period, area, WriteRwSummaryAsync);

    /// <summary>Answers a map query: checks the selection, then writes a FeatureCollection.</summary>
    private static async Task<IResult> FeaturesAsync(
        HttpContext context,
        PortalStartup startup,
        ReservationLedger ledger,
        string? item,
        string? period,
        string? area,
        Func<MapQuery, Task> write)
    {
        var selection = ParseSelection(item, period, area);
        if (selection.Problem is { } problem)
        {
            return problem;
        }

        var (map, round) = await startup.Ready;
        var facts = await PublicFactsAsync(ledger, selection, context.RequestAborted);
        var writer = new FeatureWriter(new StringBuilder());
        await write(new MapQuery(selection, map, round, facts, ledger, writer, context.RequestAborted));
        return Results.Text(writer.Close(), GeoJson, Encoding.UTF8);
    }

    private static async Task WriteNeedsAsync(MapQuery q)
    {
        var (selection, map, round, facts, ledger, writer, cancellationToken) = q;
        await foreach (var need in ledger.ReadNeedsAsync(cancellationToken))
        {
            if (need.Key.Item != selection.Item || need.Key.Period != selection.Period || (selection.Area is { } a && !a.Contains(need.Key.Unit))
                || !map.TryGet(need.Key.Unit, out var unit))
            {
                continue;
            }

            writer.Feature(unit, round.Households.TryGetValue(need.Key.Unit, out var h) ? h : null, need.Need, need.Reserved, need.Delivered, facts.GetValueOrDefault(need.Key.Unit) ?? PublicFacts.None);
        }
    }

    private static async Task WriteRwSummaryAsync(MapQuery q)
    {
        var (selection, map, round, facts, ledger, writer, cancellationToken) = q;
        var totals = new Dictionary<RegionCode, (int? Households, long Need, long Reserved, long Delivered, List<PublicFacts> Facts)>();
        await foreach (var need in ledger.ReadNeedsAsync(cancellationToken))
        {
            if (need.Key.Item != selection.Item || need.Key.Period != selection.Period || need.Key.Unit.Level < RegionLevel.Rw)
            {
                continue;
            }

            var rw = need.Key.Unit.AncestorAt(RegionLevel.Rw);
            var (households, total, reserved, delivered, list) = totals.GetValueOrDefault(rw, (0, 0, 0, 0, []));
            if (facts.TryGetValue(need.Key.Unit, out var f))
            {
                list.Add(f);
            }

            totals[rw] = ((households ?? 0) + (round.Households.TryGetValue(need.Key.Unit, out var h) ? h : 0), total + need.Need, reserved + need.Reserved, delivered + need.Delivered, list);
        }

        foreach (var rwUnit in map.RwLayer.Units)
        {
            if ((selection.Area is { } a && !a.Contains(rwUnit.Code)) || !map.TryGet(rwUnit.Code, out var unit))
            {
                continue;
            }

            var (households, need, reserved, delivered, list) = totals.GetValueOrDefault(rwUnit.Code, (0, 0, 0, 0, []));
            writer.Feature(unit, households, need, reserved, delivered, PublicFacts.Merge(list));
        }
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
        if (Authenticate(context, round) is not { } caller)
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
        foreach (var id in round.PledgesOf(caller.Id))
        {
            if (await ledger.GetPledgeAsync(id, context.RequestAborted) is { } state)
            {
                pledges.Add(PledgeView.From(state));
            }
        }

        var roles = caller.Officer is { } o ? new[] { new { role = o.Role, scope = o.Scope } } : [];
        return Results.Ok(new
        {
            id = caller.Id,
            name = caller.Name,
            category = caller.Collaborator?.Category,
            status = caller.Collaborator?.Status,
            roles,
            pledges,
            reservations = mine,
        });
    }

    private static async Task<IResult> ReserveAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger)
    {
        var (_, round) = await startup.Ready;
        if (Authenticate(context, round) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKey(context, out var key) is { } keyProblem)
        {
            return keyProblem;
        }

        var (request, bodyProblem) = await ReservationRequest.ReadAsync(context.Request, context.RequestAborted);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (caller.Collaborator is not { } actor)
        {
            return Problems.Forbidden($"'{caller.Id}' is an officer, not a collaborator: officers do not reserve.", "Authorization");
        }

        if (!actor.IsActive)
        {
            return Problems.Forbidden($"Collaborator '{actor.Id}' is {actor.Status}; only active collaborators may reserve.", "Authorization");
        }

        OfferId? pledge = null;
        if (request!.Pledge is { } pledgeText)
        {
            if (!OfferId.TryParse(pledgeText, out var parsedPledge, out var pledgeError))
            {
                return Problems.BadRequest("pledge", pledgeError);
            }

            pledge = parsedPledge;
        }

        ReserveOutcome outcome;
        if (request.DeliverBy is { } deliverBy)
        {
            try
            {
                // The ledger decides whether the date is acceptable (today or later, Asia/Jakarta).
                outcome = await ledger.ReserveAsync(CollaboratorId.Parse(actor.Id), request.Need, request.Quantity, $"{actor.Id}:{key}", deliverBy, pledge, context.RequestAborted);
            }
            catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "deliverBy")
            {
                return Problems.BadRequest("deliverBy", ex.Message.Split(" (Parameter", 2)[0]);
            }
        }
        else if (pledge is { } p)
        {
            outcome = await ledger.ReserveAsync(CollaboratorId.Parse(actor.Id), request.Need, request.Quantity, $"{actor.Id}:{key}", p, context.RequestAborted);
        }
        else
        {
            outcome = await ledger.ReserveAsync(actor.Id, request.Need, request.Quantity, $"{actor.Id}:{key}", context.RequestAborted);
        }

        var now = ledger.Options.Clock.GetCurrentInstant();
        switch (outcome.Kind)
        {
            case ReserveOutcomeKind.Reserved:
            case ReserveOutcomeKind.Replayed:
                if (outcome.Kind == ReserveOutcomeKind.Replayed)
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                }

                var view = ReservationView.From(outcome.Reservation!, now);
                return Results.Created($"/api/reservations/{view.Id}", view);
            case ReserveOutcomeKind.Refused:
                return Problems.Conflict(
                    $"Only {outcome.Remaining} of the need of {request.Need.Unit} remains unreserved; {request.Quantity} asked. Aid must never overlap.",
                    "quantity",
                    new Dictionary<string, object?> { ["remaining"] = outcome.Remaining });
            case ReserveOutcomeKind.RuleRefused:
                return Problems.RuleRefused(outcome.RuleName, outcome.Rule ?? outcome.Kind.ToString());
            case ReserveOutcomeKind.PledgeExceeded or ReserveOutcomeKind.PledgeMismatch or ReserveOutcomeKind.CollaboratorNotActive or ReserveOutcomeKind.NoLongerHeld:
                return Problems.Conflict(outcome.Rule ?? outcome.Kind.ToString(), outcome.Kind == ReserveOutcomeKind.NoLongerHeld ? "Idempotency-Key" : "pledge");
            case ReserveOutcomeKind.UnknownNeed:
                return Problems.Of(StatusCodes.Status404NotFound, "No such need", $"No need is published for {request.Need.Unit}, {request.Need.Item}, {request.Need.Period}.", "unit");
            default:
                return Problems.Of(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", $"Idempotency-Key '{key}' was used for a different request.", "Idempotency-Key");
        }
    }

    private static Task<IResult> ReleaseAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string id) =>
        TransitionAsync(context, startup, ledger, id, (r, rid) => r.ReleaseAsync(rid, context.RequestAborted));

    private static Task<IResult> RenewAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string id) =>
        TransitionAsync(context, startup, ledger, id, (r, rid) => r.RenewAsync(rid, context.RequestAborted));

    private static async Task<IResult> TransitionAsync(
        HttpContext context,
        PortalStartup startup,
        ReservationLedger ledger,
        string id,
        Func<ReservationLedger, ReservationId, Task<TransitionOutcome>> apply)
    {
        var (_, round) = await startup.Ready;
        var (reservation, problem) = await OwnReservationAsync(context, round, ledger, id);
        if (problem is not null)
        {
            return problem;
        }

        return TransitionResult(await apply(ledger, reservation!.Id), ledger, "id");
    }

    /// <summary>Signs the caller in, checks the Idempotency-Key and finds the caller's own reservation <paramref name="id"/>.</summary>
    private static async Task<(Reservation? Reservation, IResult? Problem)> OwnReservationAsync(HttpContext context, DemoRound round, ReservationLedger ledger, string id)
    {
        if (Authenticate(context, round) is not { } actor)
        {
            return (null, Problems.Unauthorized(context, MissingTokenMessage(context)));
        }

        if (IdempotencyKey(context, out _) is { } keyProblem)
        {
            return (null, keyProblem);
        }

        if (!ReservationId.TryParse(id, out var reservationId, out var error))
        {
            return (null, Problems.BadRequest("id", error));
        }

        var existing = await ledger.FindAsync(reservationId, context.RequestAborted);
        if (existing is null)
        {
            return (null, Problems.Of(StatusCodes.Status404NotFound, "No such reservation", $"No reservation '{id}'.", "id"));
        }

        return existing.Collaborator != actor.Id
            ? (null, Problems.Forbidden($"Reservation '{id}' belongs to another collaborator.", "id"))
            : (existing, null);
    }

    /// <summary>Maps a ledger transition's outcome to HTTP: a rule's refusal is a 409 naming the rule.</summary>
    private static IResult TransitionResult(TransitionOutcome outcome, ReservationLedger ledger, string conflictField) => outcome.Kind switch
    {
        TransitionOutcomeKind.Applied or TransitionOutcomeKind.Unchanged => Results.Ok(ReservationView.From(outcome.Reservation!, ledger.Options.Clock.GetCurrentInstant())),
        TransitionOutcomeKind.NotFound => Problems.Of(StatusCodes.Status404NotFound, "No such reservation", outcome.Message, "id"),
        TransitionOutcomeKind.NotPermitted => Problems.Forbidden(outcome.Message, "id"),
        TransitionOutcomeKind.RuleRefused => Problems.RuleRefused(outcome.RuleName, outcome.Message),
        _ => Problems.Conflict(outcome.Message, conflictField),
    };

    /// <summary>The caller of a development bearer token: a collaborator or an officer.</summary>
    private static Caller? Authenticate(HttpContext context, DemoRound round)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header["Bearer ".Length..].Trim();
        return round.FindByToken(token) is { } c ? new Caller(c.Id, c.Name, c, null)
            : round.FindOfficerByToken(token) is { } o ? new Caller(o.Id, o.Name, null, o)
            : null;
    }

    private static string MissingTokenMessage(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0
            ? "Send 'Authorization: Bearer <token>' (development sign-in: a token from dev-tokens.json)."
            : "The bearer token is not a registered collaborator's or officer's.";

    private static IResult? IdempotencyKey(HttpContext context, out string key)
    {
        key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0)
        {
            return Problems.BadRequest("Idempotency-Key", "The Idempotency-Key header is required on every state-changing request.");
        }

        if (key.Length > MaxIdempotencyKeyLength || !key.All(c => c is > ' ' and < (char)127))
        {
            return Problems.BadRequest("Idempotency-Key", $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters without spaces.");
        }

        return null;
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

    // The public export's facts per unit for the selected item and period: who helps, the need in households (the
    // catalogue's per-household rule) and deliveries by standing — no personal data, small counts suppressed.
    private static async Task<Dictionary<RegionCode, PublicFacts>> PublicFactsAsync(ReservationLedger ledger, Selection selection, CancellationToken cancellationToken)
    {
        var export = await PublicExport.CreateAsync(ledger, PublicExportOptions.Default with { Period = selection.Period, Catalog = ledger.Options.Catalog }, cancellationToken);
        return export.Needs.Where(n => n.Item == selection.Item).GroupBy(n => n.Unit).ToDictionary(
            g => g.Key,
            g => new PublicFacts(
                g.SelectMany(n => n.Helpers).ToList(),
                g.Max(n => n.HouseholdsInNeed),
                g.SelectMany(n => n.Deliveries ?? []).GroupBy(d => d.Standing, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Sum(x => x.Count), StringComparer.Ordinal)));
    }

    /// <summary>What the public export says of a unit: helpers, the need in households, and deliveries by standing.</summary>
    private sealed record PublicFacts(IReadOnlyList<PublicHelper> Helpers, long? HouseholdsInNeed, IReadOnlyDictionary<string, int> Deliveries)
    {
        public static readonly PublicFacts None = new([], null, new Dictionary<string, int>());

        public static PublicFacts Merge(IEnumerable<PublicFacts> facts)
        {
            var list = facts.ToList();
            return new PublicFacts(
                list.SelectMany(f => f.Helpers).GroupBy(x => (x.Name, x.Category)).Select(g => new PublicHelper(g.Key.Name, g.Key.Category, g.Sum(x => x.Reserved), g.Sum(x => x.Delivered))).ToList(),
                list.Any(f => f.HouseholdsInNeed is not null) ? list.Sum(f => f.HouseholdsInNeed ?? 0) : null,
                list.SelectMany(f => f.Deliveries).GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => x.Value), StringComparer.Ordinal));
        }
    }

    private sealed record MapQuery(Selection Selection, MapData Map, DemoRound Round, Dictionary<RegionCode, PublicFacts> Facts, ReservationLedger Ledger, FeatureWriter Writer, CancellationToken CancellationToken);

    private readonly record struct Selection(ItemCode Item, DistributionPeriod Period, RegionCode? Area, IResult? Problem);

    /// <summary>Writes a GeoJSON FeatureCollection with prepared geometries.</summary>
    private sealed class FeatureWriter
    {
        private readonly StringBuilder _json;
        private bool _first = true;

        public FeatureWriter(StringBuilder json)
        {
            _json = json;
            _json.Append("{\"type\":\"FeatureCollection\",\"features\":[");
        }

        public void Feature(UnitInfo unit, int? households, long need, long reserved, long delivered, PublicFacts facts)
        {
            _json.Append(_first ? "" : ",");
            _first = false;
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = unit.Code.ToString(),
                ["name"] = unit.Name,
                ["kecamatan"] = unit.Kecamatan,
                ["kelurahan"] = unit.Kelurahan,
                ["level"] = unit.Code.Level == RegionLevel.Rt ? "rt" : "rw",
                ["households"] = households,
                ["need"] = need,
                ["reserved"] = reserved,
                ["delivered"] = delivered,
                ["remaining"] = Math.Max(0, need - reserved - delivered),
                ["householdsInNeed"] = facts.HouseholdsInNeed,
                ["deliveries"] = facts.Deliveries,
                ["helpers"] = facts.Helpers.Select(h => new Dictionary<string, object?> { ["name"] = h.Name, ["category"] = h.Category, ["reserved"] = h.Reserved, ["delivered"] = h.Delivered }).ToList(),
            };
            _json.Append("{\"type\":\"Feature\",\"id\":").Append(JsonSerializer.Serialize(unit.Code.ToString()))
                .Append(",\"geometry\":").Append(unit.GeometryJson)
                .Append(",\"properties\":").Append(JsonSerializer.Serialize(properties)).Append('}');
        }

        public string Close() => _json.Append("]}").ToString();
    }
}
