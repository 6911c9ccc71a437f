using System.Text.Json;
using Ksbb.Ledger;
using Ksbb.Model.Distribution;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Model.Collaborators;
using NodaTime;
using NodaTime.Text;

namespace Ksbb.Portal;

/// <summary>The body of <c>POST /api/reservations</c>: <c>{"unit","item","period","quantity"}</c> and an optional <c>"pledge"</c>.</summary>
/// <param name="Unit">The unit (an RT code such as <c>31.71.01.1001.001.001</c>).</param>
/// <param name="Item">The item code.</param>
/// <param name="Period">The period (<c>2020-11</c>).</param>
/// <param name="Quantity">The quantity, 1 or more.</param>
/// <param name="Pledge">The pledge the reservation draws on, where the round uses pledges (optional): the reservation then counts against it, and more than remains on it is refused (409).</param>
/// <param name="DeliverBy">The planned delivery date (<c>"deliverBy": "YYYY-MM-DD"</c>, optional; the ledger's default is the period's last day).</param>
internal sealed record ReservationRequest(string Unit, string Item, string Period, long Quantity, string? Pledge, LocalDate? DeliverBy = null)
{
    private const int MaxBodyBytes = 16 * 1024;

    public NeedKey Need { get; private init; }

    /// <summary>Reads and checks the body, naming the failing field (a JSON path) in the problem.</summary>
    public static async Task<(ReservationRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var (root, problem) = await ReadObjectAsync(http, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        using var document = root!;
        var body = document.RootElement;
        if (Text(body, "unit", out var unitText) is { } p1)
        {
            return (null, p1);
        }

        if (!RegionCode.TryParse(unitText, out var unit, out var error))
        {
            return (null, Problems.BadRequest("unit", error));
        }

        if (Text(body, "item", out var itemText) is { } p2)
        {
            return (null, p2);
        }

        if (!ItemCode.TryParse(itemText, out var item, out error))
        {
            return (null, Problems.BadRequest("item", error));
        }

        if (Text(body, "period", out var periodText) is { } p3)
        {
            return (null, p3);
        }

        if (!DistributionPeriod.TryParse(periodText, out var period, out error))
        {
            return (null, Problems.BadRequest("period", error));
        }

        if (ReadQuantity(body, required: true, out var quantity) is { } p4)
        {
            return (null, p4);
        }

        string? pledge = null;
        if (body.TryGetProperty("pledge", out var pledgeElement) && pledgeElement.ValueKind != JsonValueKind.Null)
        {
            if (pledgeElement.ValueKind != JsonValueKind.String || pledgeElement.GetString() is not { Length: > 0 and <= 64 } p)
            {
                return (null, Problems.BadRequest("pledge", "'pledge' must be a pledge identifier (a string of 1 to 64 characters) or absent."));
            }

            pledge = p;
        }

        LocalDate? deliverBy = null;
        if (body.TryGetProperty("deliverBy", out var dateElement) && dateElement.ValueKind != JsonValueKind.Null)
        {
            if (dateElement.ValueKind != JsonValueKind.String || LocalDatePattern.Iso.Parse(dateElement.GetString()!) is not { Success: true } parsedDate)
            {
                return (null, Problems.BadRequest("deliverBy", "'deliverBy' must be a date YYYY-MM-DD (the planned delivery day, Asia/Jakarta) or absent."));
            }

            deliverBy = parsedDate.Value;
        }

        return (new ReservationRequest(unitText, itemText, periodText, quantity!.Value, pledge, deliverBy) { Need = new NeedKey(unit, item, period) }, null);
    }

    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType())
        {
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Invalid request", "The body must be JSON (Content-Type: application/json).", "$"));
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.BadRequest("$", $"The body is larger than {MaxBodyBytes} bytes."));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("$", $"The body is not valid JSON: {ex.Message}"));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, Problems.BadRequest("$", "The body must be a JSON object."));
        }

        return (document, null);
    }

    private static IResult? Text(JsonElement body, string name, out string value)
    {
        value = string.Empty;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Problems.BadRequest(name, $"'{name}' is required.");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Problems.BadRequest(name, $"'{name}' must be a string.");
        }

        value = element.GetString()!;
        return null;
    }

    private static IResult? ReadQuantity(JsonElement body, bool required, out long? quantity)
    {
        quantity = null;
        if (!body.TryGetProperty("quantity", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? Problems.BadRequest("quantity", "'quantity' is required.") : null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            return Problems.BadRequest("quantity", "'quantity' must be a whole number.");
        }

        if (value < 1)
        {
            return Problems.BadRequest("quantity", $"'quantity' must be 1 or more; got {value}.");
        }

        quantity = value;
        return null;
    }
}

/// <summary>A reservation as the API returns it.</summary>
/// <param name="Id">The reservation id.</param>
/// <param name="Collaborator">The collaborator id.</param>
/// <param name="Unit">The unit code.</param>
/// <param name="Item">The item code.</param>
/// <param name="Period">The period.</param>
/// <param name="Quantity">The quantity reserved.</param>
/// <param name="Delivered">The quantity delivered.</param>
/// <param name="Status">reserved, delivered, verified, released, expired or cancelled.</param>
/// <param name="CreatedAt">When it was made (ISO 8601, UTC).</param>
/// <param name="ExpiresAt">When it lapses unless delivered.</param>
/// <param name="DeliverBy">The planned delivery date (YYYY-MM-DD), or <see langword="null"/> when none was stored.</param>
/// <param name="Overdue">Whether the ledger lists it as an overdue commitment (still held after its planned day), where known.</param>
/// <param name="Standing">The public standing of its delivery (for example <c>delivered-with-evidence</c>), where known.</param>
internal sealed record ReservationView(string Id, string Collaborator, string Unit, string Item, string Period, long Quantity, long Delivered, string Status, string CreatedAt, string ExpiresAt,
    string? DeliverBy = null, bool? Overdue = null, string? Standing = null)
{
    public static ReservationView From(Reservation r, Instant now) => new(
        r.Id.Value,
        r.Collaborator.Value,
        r.Need.Unit.ToString(),
        r.Need.Item.ToString(),
        r.Need.Period.ToString(),
        r.Quantity,
        r.DeliveredQuantity,
        ReservationLifecycle.Name(r.StatusAt(now)),
        r.CreatedAt.ToString(),
        r.ExpiresAt.ToString(),
        r.DeliverBy is { } d ? LocalDatePattern.Iso.Format(d) : null);
}

/// <summary>Who a development bearer token signs in, as the ledger records it: a collaborator (donor) and/or an officer (its role grants).</summary>
/// <param name="Id">The actor id the ledger records.</param>
/// <param name="Name">The display name.</param>
/// <param name="Collaborator">The ledger's collaborator record, or <see langword="null"/> when it records none (an officer).</param>
/// <param name="Roles">The ledger's role grants for the caller.</param>
internal sealed record Caller(CollaboratorId Id, string Name, Collaborator? Collaborator, IReadOnlyList<RoleGrant> Roles)
{
    /// <summary>Gets the actor the caller's commands carry.</summary>
    public LedgerActor Actor => LedgerActor.Of(Id);

    /// <summary>Gets the regions of the caller's verifier and operator grants (what its officer lists cover).</summary>
    public IReadOnlyList<RegionCode> OfficerRegions =>
        [.. Roles.Where(g => g.Role is LedgerRole.Verifier or LedgerRole.Operator && g.Region is not null).Select(g => g.Region!.Value)];

    /// <summary>Gets a value indicating whether the ledger records an operator grant for the caller (any region).</summary>
    public bool IsOperator => Roles.Any(g => g.Role == LedgerRole.Operator);
}

/// <summary>A pledge as <c>GET /api/me</c> returns it: what was pledged, what is drawn on it and what remains.</summary>
/// <param name="Id">The pledge id (send it as <c>"pledge"</c> when reserving).</param>
/// <param name="Item">The item code.</param>
/// <param name="Period">The period.</param>
/// <param name="Quantity">The quantity pledged.</param>
/// <param name="Drawn">Reserved plus delivered on it.</param>
/// <param name="Reserved">The quantity of live reservations drawing on it.</param>
/// <param name="Delivered">The quantity delivered from it.</param>
/// <param name="Remaining">What is left to draw.</param>
/// <param name="Channel"><c>direct</c> or <c>aggregator</c>.</param>
/// <param name="Aggregator">The aggregator it goes through, or <see langword="null"/>.</param>
internal sealed record PledgeView(string Id, string Item, string Period, long Quantity, long Drawn, long Reserved, long Delivered, long Remaining, string Channel, string? Aggregator)
{
    public static PledgeView From(PledgeState s) => new(
        s.Pledge.Id.Value,
        s.Pledge.Item.ToString(),
        s.Pledge.Period.ToString(),
        s.Pledge.Quantity,
        s.Reserved + s.Delivered,
        s.Reserved,
        s.Delivered,
        s.Remaining,
        s.Pledge.Channel == Ksbb.Model.Pledges.PledgeChannel.Direct ? "direct" : "aggregator",
        s.Pledge.Aggregator?.Value);
}

/// <summary>The optional body of <c>POST /api/allocation/run</c>: <c>{"commit": true|false}</c>.</summary>
internal static class AllocationRunBody
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>Reads the commit flag, naming the failing field in the problem.</summary>
    public static async Task<(bool? Commit, IResult? Problem)> ReadCommitAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType())
        {
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Invalid request", "The body, if any, must be JSON (Content-Type: application/json).", "Content-Type"));
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.BadRequest("$", $"The body is larger than {MaxBodyBytes} bytes."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(http.Body, default, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest("$", "The body must be a JSON object."));
            }

            if (!document.RootElement.TryGetProperty("commit", out var commit) || commit.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            return commit.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? (commit.GetBoolean(), null)
                : (null, Problems.BadRequest("commit", "'commit' must be true or false."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("$", $"The body is not valid JSON: {ex.Message}"));
        }
    }
}
