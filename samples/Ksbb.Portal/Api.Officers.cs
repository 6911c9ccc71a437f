using Ksbb.Allocation;
using Ksbb.Extensions.Hosting;
using Ksbb.Ledger;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Formats;
using Ksbb.Model.Needs;
using Ksbb.Model.Offers;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Microsoft.OpenApi;

namespace Ksbb.Portal;

// The officers' part of the API: a verifier lists and verifies deliveries in its region; an operator publishes needs
// from CSV and previews an allocation. Who may verify is the ledger's rule; the portal only maps its outcome to HTTP.
internal static partial class Api
{
    private const string Csv = "text/csv";
    private const int MaxCsvBytes = 4 * 1024 * 1024;

    private static void MapOfficers(RouteGroupBuilder api)
    {
        api.MapGet("/deliveries", DeliveriesAsync).WithName("GetDeliveries")
            .WithSummary("Reservations in the officer's region by status (default delivered): what a verifier has to verify.")
            .Produces<IReadOnlyList<ReservationView>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/reservations/{id}/verify", VerifyAsync).WithName("Verify")
            .WithSummary("Verifies a delivery as the signed-in verifier (Idempotency-Key required): within its region, never its own delivery (403); only a delivered reservation (409).")
            .Produces<ReservationView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/needs", ImportNeedsAsync).WithName("PutNeeds")
            .WithSummary("Publishes or updates needs from a CSV body (text/csv, header unit,item,period,need); operators only, units within their region (Idempotency-Key required).")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The body is described here rather than with Accepts, which would answer other media types with a bare 415.
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { [Csv] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/allocation/preview", AllocationPreviewAsync).WithName("GetAllocationPreview")
            .WithSummary("Read-only preview: the allocation engine over the remaining needs in the operator's region and what remains on the open pledges; nothing is reserved.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> DeliveriesAsync(HttpContext context, PortalStartup startup, LedgerRecorder recorder, string? status, string? area)
    {
        var (_, round) = await startup.Ready;
        if (Authenticate(context, round) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (caller.Officer is not { } officer)
        {
            return Problems.Forbidden($"'{caller.Id}' holds no verifier or operator role.", "Authorization");
        }

        var wanted = ReservationStatus.Delivered;
        if (!string.IsNullOrEmpty(status))
        {
            var match = Enum.GetValues<ReservationStatus>().Where(s => ReservationLifecycle.Name(s) == status).ToList();
            if (match.Count != 1)
            {
                return Problems.BadRequest("status", $"Unknown status '{status}'; use reserved, delivered, verified, released, expired or cancelled.");
            }

            wanted = match[0];
        }

        var scope = officer.Region;
        if (!string.IsNullOrEmpty(area))
        {
            if (!RegionCode.TryParse(area, out var areaCode, out var error))
            {
                return Problems.BadRequest("area", error);
            }

            if (!scope.Contains(areaCode))
            {
                return Problems.Forbidden($"Area {areaCode} is outside the region of '{officer.Id}' ({scope}).", "area");
            }

            scope = areaCode;
        }

        var now = recorder.Ledger.Options.Clock.GetCurrentInstant();
        var list = new List<ReservationView>();
        await foreach (var r in recorder.Ledger.ReadReservationsAsync(context.RequestAborted))
        {
            if (scope.Contains(r.Need.Unit) && r.StatusAt(now) == wanted)
            {
                list.Add(ReservationView.From(r, now));
            }
        }

        return Results.Ok(list);
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, PortalStartup startup, LedgerRecorder recorder, string id)
    {
        var (_, round) = await startup.Ready;
        if (Authenticate(context, round) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKey(context, out _) is { } keyProblem)
        {
            return keyProblem;
        }

        if (!ReservationId.TryParse(id, out var reservationId, out var error))
        {
            return Problems.BadRequest("id", error);
        }

        // The ledger decides: a verifier whose region holds the unit, never the collaborator who delivered.
        var outcome = await recorder.Ledger.VerifyAsync(reservationId, CollaboratorId.Parse(caller.Id), context.RequestAborted);
        var now = recorder.Ledger.Options.Clock.GetCurrentInstant();
        return outcome.Kind switch
        {
            TransitionOutcomeKind.Applied or TransitionOutcomeKind.Unchanged => Results.Ok(ReservationView.From(outcome.Reservation!, now)),
            TransitionOutcomeKind.NotFound => Problems.Of(StatusCodes.Status404NotFound, "No such reservation", outcome.Message, "id"),
            TransitionOutcomeKind.NotPermitted => Problems.Forbidden(outcome.Message, "id"),
            _ => Problems.Conflict(outcome.Message, "id"),
        };
    }

    private static async Task<IResult> ImportNeedsAsync(HttpContext context, PortalStartup startup, LedgerRecorder recorder)
    {
        var (_, round) = await startup.Ready;
        if (Authenticate(context, round) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKey(context, out _) is { } keyProblem)
        {
            return keyProblem;
        }

        if (caller.Officer is not { LedgerRole: LedgerRole.Operator } officer)
        {
            return Problems.Forbidden($"Only an operator publishes needs; '{caller.Id}' is not one.", "Authorization");
        }

        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), Csv, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Invalid request", "The body must be CSV (Content-Type: text/csv) with the header unit,item,period,need.", "Content-Type");
        }

        var text = await ReadBoundedAsync(context.Request, MaxCsvBytes, context.RequestAborted);
        if (text is null)
        {
            return Problems.BadRequest("$", $"The body is larger than {MaxCsvBytes} characters.");
        }

        IReadOnlyList<Need> needs;
        try
        {
            needs = KsbbCsv.ReadNeeds(new StringReader(text), "needs.csv");
        }
        catch (CsvFormatException ex)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid request", ex.Message, ex.ColumnName ?? "$",
                new Dictionary<string, object?> { ["line"] = ex.Line, ["column"] = ex.Column });
        }

        if (needs.Count == 0)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid request", "needs.csv holds no needs after its header.", "$", new Dictionary<string, object?> { ["line"] = 2 });
        }

        // Every record of a needs file read without error is one non-blank physical line (no cell may span lines).
        var lines = text.Split('\n').Select((l, i) => (Text: l, Number: i + 1)).Where(l => l.Text.Trim().Length > 0).Select(l => l.Number).Skip(1).ToList();
        for (var i = 0; i < needs.Count; i++)
        {
            if (!officer.Region.Contains(needs[i].Unit))
            {
                var line = i < lines.Count ? lines[i] : i + 2;
                return Problems.Forbidden(
                    $"needs.csv, line {line} (unit): {needs[i].Unit} is outside the region of operator '{officer.Id}' ({officer.Scope}).", "unit",
                    new Dictionary<string, object?> { ["line"] = line });
            }
        }

        var changes = await recorder.Ledger.SetNeedsAsync(needs.Select(n => KeyValuePair.Create(n.Key, n.Quantity)), context.RequestAborted);
        return Results.Ok(new
        {
            published = changes.Count(c => c.PreviousNeed is null && !c.IsRefused),
            updated = changes.Count(c => c.PreviousNeed is not null),
            refused = changes.Count(c => c.IsRefused),
            needs = changes.Select(c => new
            {
                unit = c.After.Key.Unit.ToString(),
                item = c.After.Key.Item.ToString(),
                period = c.After.Key.Period.ToString(),
                previous = c.PreviousNeed,
                need = c.After.Need,
                reserved = c.After.Reserved,
                delivered = c.After.Delivered,
                overcommitted = c.After.Overcommitted,
                refused = c.IsRefused ? "need-period-overlap" : null,
                overlaps = c.OverlapsPeriod?.ToString(),
            }),
        });
    }

    /// <summary>Reads a text body of at most <paramref name="limit"/> characters, or <see langword="null"/> when it is longer.</summary>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var text = new System.Text.StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (text.Length + read > limit)
            {
                return null;
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    private static async Task<IResult> AllocationPreviewAsync(HttpContext context, PortalStartup startup, LedgerRecorder recorder, AllocationRunner runner, string? item, string? period)
    {
        var (map, round) = await startup.Ready;
        if (Authenticate(context, round) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (caller.Officer is not { LedgerRole: LedgerRole.Operator } officer)
        {
            return Problems.Forbidden($"Only an operator previews an allocation; '{caller.Id}' is not one.", "Authorization");
        }

        var selection = ParseSelection(item ?? round.Document.Item, period ?? round.Document.Period, null);
        if (selection.Problem is { } problem)
        {
            return problem;
        }

        // The open needs in the operator's region that the map can place, with what is left to cover.
        var needs = new List<Need>();
        await foreach (var n in recorder.Ledger.ReadNeedsAsync(context.RequestAborted))
        {
            if (n.Key.Item == selection.Item && n.Key.Period == selection.Period && n.Remaining > 0 && officer.Region.Contains(n.Key.Unit) && map.TryGet(n.Key.Unit, out _))
            {
                needs.Add(Need.Create(n.Key.Unit, n.Key.Item, n.Key.Period, n.Remaining));
            }
        }

        // What remains on the round's open direct pledges of that item and period.
        var offers = new List<Offer>();
        foreach (var id in round.AllPledges)
        {
            if (await recorder.Ledger.GetPledgeAsync(id, context.RequestAborted) is { Remaining: > 0 } s
                && s.Pledge.Channel == OfferChannel.Direct && s.Pledge.Item == selection.Item && s.Pledge.Period == selection.Period)
            {
                var p = s.Pledge;
                offers.Add(Offer.Direct(p.Id, p.Collaborator, p.Item, s.Remaining, p.Period, p.PledgedAt, p.Origin, p.Areas));
            }
        }

        var note = "Preview only: nothing is reserved. The ledger's pooled allocation is not part of this host yet.";
        if (needs.Count == 0 || offers.Count == 0)
        {
            return Results.Ok(new { preview = true, note, item = selection.Item.ToString(), period = selection.Period.ToString(), units = needs.Count, offers = offers.Count, need = needs.Sum(n => n.Quantity), supply = offers.Sum(o => o.Quantity), allocated = 0L, minimumFillRate = 0.0, lines = Array.Empty<object>() });
        }

        var problemToSolve = AllocationProblem.From(needs, unit => map.TryGet(unit, out var info) ? info.Centre : throw new InvalidOperationException($"Unit {unit} has no place on the map."), offers, []);
        var result = runner.Allocate(problemToSolve, null, context.RequestAborted);
        var names = round.Collaborators;
        var donors = offers.ToDictionary(o => o.Id.Value, o => o.Collaborator.Value, StringComparer.Ordinal);
        return Results.Ok(new
        {
            preview = true,
            note,
            item = selection.Item.ToString(),
            period = selection.Period.ToString(),
            units = needs.Count,
            offers = offers.Count,
            need = result.Summary.Need,
            supply = result.Summary.Supply,
            allocated = result.Summary.Allocated,
            minimumFillRate = result.Summary.MinimumFillRate,
            lines = result.Allocations.Select(l =>
            {
                var collaborator = donors[l.Offer];
                return new { pledge = l.Offer, collaborator, name = names.TryGetValue(collaborator, out var c) ? c.Name : collaborator, unit = l.Unit.ToString(), quantity = l.Quantity, distanceHectometres = l.Distance };
            }),
        });
    }
}
