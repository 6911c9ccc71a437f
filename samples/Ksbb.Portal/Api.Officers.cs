using Ksbb.Round;
using Ksbb.Extensions.Hosting;
using Ksbb.Ledger;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Formats;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
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
            .WithSummary("Dry run of the pooled round (operators): the plan placing what remains on the pooled pledges (via aggregators) on the open needs; nothing is reserved.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/allocation/run", AllocationRunAsync).WithName("RunAllocation")
            .WithSummary("Runs the pooled round (operators; Idempotency-Key required): plans, and with ?commit=true or {\"commit\": true} reserves the plan's lines on the pooled pledges; returns totals, the line count and the refused lines.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> DeliveriesAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string? status, string? area)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
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

        var (scope, scopeProblem) = OfficerScope(caller, area);
        if (scopeProblem is not null)
        {
            return scopeProblem;
        }

        var now = ledger.Options.Clock.GetCurrentInstant();
        var list = new List<ReservationView>();
        await foreach (var r in ledger.ReadReservationsAsync(context.RequestAborted))
        {
            if (scope.Any(s => s.Contains(r.Need.Unit)) && r.StatusAt(now) == wanted)
            {
                list.Add(ReservationView.From(r, now));
            }
        }

        return Results.Ok(list);
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string id)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKeyOf(context, caller) is null)
        {
            return KeyProblem(context, caller);
        }

        if (!ReservationId.TryParse(id, out var reservationId, out var error))
        {
            return Problems.BadRequest("id", error);
        }

        // The ledger decides: a verifier whose region holds the unit, never the collaborator who delivered.
        return TransitionResult(await ledger.VerifyAsync(caller.Actor, reservationId, context.RequestAborted), ledger);
    }

    private static async Task<IResult> ImportNeedsAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKeyOf(context, caller) is null)
        {
            return KeyProblem(context, caller);
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

        // Who may set which needs is the ledger's rule (operator-role-required): the portal only places its refusal.
        var outcome = await ledger.SetNeedsAsync(caller.Actor, needs.Select(n => KeyValuePair.Create(n.Key, n.Quantity)), context.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            return NeedsRefused(refusal, caller, needs, text);
        }

        var changes = outcome.Changes;
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
                refused = c.Refusal?.RuleName,
                overlaps = c.OverlapsPeriod?.ToString(),
            }),
        });
    }

    /// <summary>
    /// Maps the ledger's refusal of a needs file through the one table, placing it: <c>Authorization</c> when the ledger
    /// records no operator grant for the caller at all, else the line of the unit the refusal names (its
    /// <see cref="LedgerRefusal.Unit"/>: <c>unit</c>, with <c>line</c>).
    /// </summary>
    private static IResult NeedsRefused(LedgerRefusal refusal, Caller caller, IReadOnlyList<Need> needs, string text)
    {
        var index = refusal.Unit is { } unit ? needs.ToList().FindIndex(n => n.Unit == unit) : -1;
        if (!caller.IsOperator || index < 0)
        {
            return Problems.Refused(refusal);
        }

        // Every record of a needs file read without error is one non-blank physical line (no cell may span lines).
        var lines = text.Split('\n').Select((l, i) => (Text: l, Number: i + 1)).Where(l => l.Text.Trim().Length > 0).Select(l => l.Number).Skip(1).ToList();
        var line = index < lines.Count ? lines[index] : index + 2;
        return Problems.Refused(refusal, new Dictionary<string, object?> { ["line"] = line }, field: "unit");
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

    private static Task<IResult> AllocationPreviewAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, PooledRound pooled, string? item, string? period) =>
        AllocationAsync(context, startup, ledger, pooled, item, period, commit: false);

    private static async Task<IResult> AllocationRunAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, PooledRound pooled, string? item, string? period, string? commit)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (IdempotencyKeyOf(context, caller) is null)
        {
            return KeyProblem(context, caller);
        }

        bool? doCommit = null;
        if (!string.IsNullOrEmpty(commit))
        {
            if (!bool.TryParse(commit, out var c))
            {
                return Problems.BadRequest("commit", $"'commit' must be true or false; got '{commit}'.");
            }

            doCommit = c;
        }

        if (context.Request.ContentLength is not (0 or null) || context.Request.HasJsonContentType())
        {
            var (flag, problem) = await AllocationRunBody.ReadCommitAsync(context.Request, context.RequestAborted);
            if (problem is not null)
            {
                return problem;
            }

            doCommit ??= flag;
        }

        return await AllocationAsync(context, startup, ledger, pooled, item, period, doCommit ?? false);
    }

    // The pooled round plans from the ledger's state (open needs, pooled pledges via aggregators) and, on commit,
    // reserves the plan's lines under keys derived from the plan (a repeated run replays them).
    private static async Task<IResult> AllocationAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, PooledRound pooled, string? item, string? period, bool commit)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        // Only those the ledger records as operators plan (a plan may be empty, so the ledger is not always asked); whether
        // the operator's region holds the plan's units is the ledger's decision on commit.
        if (!caller.IsOperator)
        {
            return Problems.Forbidden($"Only an operator runs the pooled allocation; the ledger records no operator role for '{caller.Id}'.", "Authorization",
                new Dictionary<string, object?> { ["rule"] = LedgerRules.Name(LedgerRule.OperatorRoleRequired) });
        }

        var selection = ParseSelection(item ?? round.Document.Item, period ?? round.Document.Period, null);
        if (selection.Problem is { } problem)
        {
            return problem;
        }

        var plan = await pooled.PlanAsync(selection.Item, selection.Period, context.RequestAborted);
        // The ledger decides whether this operator's region holds every unit of the plan (operator-role-required).
        var committed = commit ? await pooled.CommitAsync(plan, caller.Actor, context.RequestAborted) : null;
        if (committed?.Lines.FirstOrDefault(l => l.Outcome.Rule == LedgerRule.OperatorRoleRequired) is { Outcome.Refusal: { } outside })
        {
            return Problems.Refused(outside);
        }

        var names = new Dictionary<CollaboratorId, string>();
        await foreach (var c in ledger.ReadCollaboratorsAsync(context.RequestAborted))
        {
            names[c.Id] = c.Name;
        }

        string NameOf(CollaboratorId collaborator) => names.GetValueOrDefault(collaborator) ?? collaborator.Value;
        return Results.Ok(new
        {
            preview = !commit,
            committed = commit,
            item = selection.Item.ToString(),
            period = selection.Period.ToString(),
            fingerprint = plan.Fingerprint,
            need = plan.Need,
            supply = plan.Supply,
            allocated = plan.Allocated,
            minimumFillRate = plan.Result?.Summary.MinimumFillRate ?? 0.0,
            lineCount = plan.Lines.Count,
            reserved = committed?.Reserved,
            replayed = committed?.Replayed,
            reservedQuantity = committed?.Quantity,
            refused = committed?.Refused,
            refusedLines = committed?.Lines.Where(l => !l.Succeeded).Select(l => new
            {
                pledge = l.Line.Pledge.Value,
                unit = l.Line.Need.Unit.ToString(),
                quantity = l.Line.Quantity,
                rule = l.Outcome.Refusal?.RuleName,
                reason = l.Reason,
            }).ToList(),
            lines = plan.Lines.Select(l => new
            {
                pledge = l.Pledge.Value,
                collaborator = l.Collaborator.Value,
                name = NameOf(l.Collaborator),
                aggregator = l.Aggregator.Value,
                unit = l.Need.Unit.ToString(),
                quantity = l.Quantity,
                distanceHectometres = l.Distance,
            }),
        });
    }

    // The regions an officer's list covers: its grants' regions as the ledger records them, or an area inside one
    // (?area=); no verifier or operator grant is a 403 naming Authorization, a bad area a 400 and one outside the
    // officer's regions a 403, each naming "area".
    private static (IReadOnlyList<RegionCode> Scope, IResult? Problem) OfficerScope(Caller caller, string? area)
    {
        var regions = caller.OfficerRegions;
        if (regions.Count == 0)
        {
            return (regions, Problems.Forbidden($"The ledger records no verifier or operator role for '{caller.Id}'.", "Authorization"));
        }

        if (string.IsNullOrEmpty(area))
        {
            return (regions, null);
        }

        if (!RegionCode.TryParse(area, out var areaCode, out var error))
        {
            return (regions, Problems.BadRequest("area", error));
        }

        return regions.Any(r => r.Contains(areaCode))
            ? ([areaCode], null)
            : (regions, Problems.Forbidden($"Area {areaCode} is outside the region of '{caller.Id}' ({string.Join(", ", regions)}).", "area"));
    }
}
