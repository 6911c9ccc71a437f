using Ksbb.Ledger;

namespace Ksbb.Portal;

/// <summary>RFC 9457 problem documents naming the failing field (<c>field</c>, and <c>errors</c> keyed by it).</summary>
internal static class Problems
{
    public static IResult Of(int status, string title, string detail, string? field = null, IDictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (field is not null)
        {
            extensions["field"] = field;
            extensions["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] };
        }

        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                extensions[key] = value;
            }
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public static IResult BadRequest(string field, string detail) => Of(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static IResult Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"ksbb-portal\"";
        return Of(StatusCodes.Status401Unauthorized, "Sign-in required", detail, "Authorization");
    }

    public static IResult Forbidden(string detail, string field, IDictionary<string, object?>? extra = null) =>
        Of(StatusCodes.Status403Forbidden, "Not allowed for this caller", detail, field, extra);

    /// <summary>
    /// Maps a ledger refusal to HTTP through <see cref="RefusalTable"/>: the rule's status, with <c>rule</c> (the rule's
    /// kebab name), <c>field</c> (the refusal's field in the request's terms) and, when the refusal has them,
    /// <c>remaining</c> and <c>limit</c>.
    /// </summary>
    public static IResult Refused(LedgerRefusal refusal, IDictionary<string, object?>? extra = null, string? field = null)
    {
        var (status, title, fallback) = RefusalTable.TryGetValue(refusal.Rule, out var row) ? row : (StatusCodes.Status409Conflict, "Refused by a rule", "$");
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["rule"] = refusal.RuleName };
        if (refusal.Remaining is { } remaining)
        {
            extensions["remaining"] = remaining;
        }

        if (refusal.Limit is { } limit)
        {
            extensions["limit"] = limit;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return Of(status, title, refusal.Message, field ?? FieldOf(refusal.Field) ?? fallback, extensions);
    }

    /// <summary>The refusal's field in the request's terms: the actor is the signed-in caller (<c>Authorization</c>), the
    /// key the <c>Idempotency-Key</c> header; other fields keep their names.</summary>
    public static string? FieldOf(string? ledgerField) => ledgerField switch
    {
        "actor" or "collaborator" => "Authorization",
        "key" => "Idempotency-Key",
        _ => ledgerField,
    };

    /// <summary>Every ledger rule's HTTP status, title and the request field named when the refusal names none (presentation
    /// only: the rules themselves are the ledger's). docs/portal.md lists the same table.</summary>
    public static readonly IReadOnlyDictionary<LedgerRule, (int Status, string Title, string Field)> RefusalTable = new Dictionary<LedgerRule, (int, string, string)>
    {
        [LedgerRule.NotEnoughRemaining] = (StatusCodes.Status409Conflict, "Refused by a rule", "quantity"),
        [LedgerRule.NeedNotFound] = (StatusCodes.Status404NotFound, "No such need", "unit"),
        [LedgerRule.KeyConflict] = (StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", "Idempotency-Key"),
        [LedgerRule.NoLongerHeld] = (StatusCodes.Status409Conflict, "Refused by a rule", "Idempotency-Key"),
        [LedgerRule.CollaboratorNotRecorded] = (StatusCodes.Status403Forbidden, "Not allowed for this caller", "Authorization"),
        [LedgerRule.CollaboratorNotActive] = (StatusCodes.Status403Forbidden, "Not allowed for this caller", "Authorization"),
        [LedgerRule.PledgeNotFound] = (StatusCodes.Status404NotFound, "No such pledge", "pledge"),
        [LedgerRule.PledgeMismatch] = (StatusCodes.Status409Conflict, "Refused by a rule", "pledge"),
        [LedgerRule.PledgeExceeded] = (StatusCodes.Status409Conflict, "Refused by a rule", "quantity"),
        [LedgerRule.AggregatorNotFound] = (StatusCodes.Status404NotFound, "No such aggregator", "via"),
        [LedgerRule.AggregatorCapacityExceeded] = (StatusCodes.Status409Conflict, "Refused by a rule", "quantity"),
        [LedgerRule.AggregatorDoesNotServeUnit] = (StatusCodes.Status409Conflict, "Refused by a rule", "pledge"),
        [LedgerRule.ReservationNotFound] = (StatusCodes.Status404NotFound, "No such reservation", "id"),
        [LedgerRule.InvalidTransition] = (StatusCodes.Status409Conflict, "Refused by a rule", "id"),
        [LedgerRule.HouseholdAlreadyServed] = (StatusCodes.Status409Conflict, "Refused by a rule", "households"),
        [LedgerRule.ActorNotPermitted] = (StatusCodes.Status403Forbidden, "Not allowed for this caller", "Authorization"),
        [LedgerRule.VerifierRoleRequired] = (StatusCodes.Status403Forbidden, "Not allowed for this caller", "Authorization"),
        [LedgerRule.OperatorRoleRequired] = (StatusCodes.Status403Forbidden, "Not allowed for this caller", "Authorization"),
        [LedgerRule.NeedPeriodOverlap] = (StatusCodes.Status409Conflict, "Refused by a rule", "period"),
        [LedgerRule.DeliverByOutOfRange] = (StatusCodes.Status400BadRequest, "Invalid request", "deliverBy"),
        [LedgerRule.ItemNotInCatalogue] = (StatusCodes.Status409Conflict, "Refused by a rule", "item"),
        [LedgerRule.ProgrammeNotOpen] = (StatusCodes.Status409Conflict, "Refused by a rule", "period"),
        [LedgerRule.ProgrammeClosed] = (StatusCodes.Status409Conflict, "Refused by a rule", "period"),
        [LedgerRule.PeriodOutsideProgramme] = (StatusCodes.Status409Conflict, "Refused by a rule", "period"),
        [LedgerRule.AreaNotEligible] = (StatusCodes.Status409Conflict, "Refused by a rule", "unit"),
        [LedgerRule.BeneficiaryNotEligible] = (StatusCodes.Status409Conflict, "Refused by a rule", "households"),
        [LedgerRule.BundleNotAvailable] = (StatusCodes.Status409Conflict, "Refused by a rule", "item"),
    };
}
