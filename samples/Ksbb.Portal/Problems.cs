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

    public static IResult Conflict(string detail, string field, IDictionary<string, object?>? extra = null) =>
        Of(StatusCodes.Status409Conflict, "Refused by a rule", detail, field, extra);

    /// <summary>A refusal by one of the ledger's named rules (<c>RuleRefused</c>): 409 with <c>rule</c> (the rule's
    /// name) and <c>field</c> (the part of the request the rule concerns).</summary>
    public static IResult RuleRefused(string? ruleName, string detail) =>
        Conflict(detail, FieldOf(ruleName), new Dictionary<string, object?> { ["rule"] = ruleName });

    /// <summary>The request field a ledger rule concerns (presentation only: the rules themselves are the ledger's).</summary>
    public static string FieldOf(string? ruleName) => ruleName switch
    {
        LedgerRules.ItemNotInCatalogue or LedgerRules.BundleNotAvailable => "item",
        LedgerRules.ProgrammeNotOpen or LedgerRules.ProgrammeClosed or LedgerRules.PeriodOutsideProgramme => "period",
        LedgerRules.AreaNotEligible or LedgerRules.OperatorRoleRequired => "unit",
        LedgerRules.BeneficiaryNotEligible => "households",
        _ => "id",
    };
}
