using System.Globalization;
using System.Text.Json;
using Ksbb.Model.Distribution;
using Ksbb.Model.Regions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Ksbb.Portal;

/// <summary>
/// The body of <c>POST /api/reservations/{id}/deliver</c>: optionally the quantity delivered and the proof — evidence
/// files (multipart/form-data parts named <c>evidence</c>, hashed as they stream in and never stored) or precomputed
/// <c>"sha256:&lt;64 hex&gt;:&lt;size&gt;"</c> strings (JSON), a point <c>at</c> where the delivery happened, and the
/// recipients' <c>acknowledgements</c>. Parsing only: the ledger keeps the proof and its rules.
/// </summary>
/// <param name="Quantity">The quantity delivered, or <see langword="null"/> for all.</param>
/// <param name="Evidence">The evidence hashes, in the order given.</param>
/// <param name="At">Where the delivery happened, or <see langword="null"/>.</param>
/// <param name="Acknowledgements">The recipients' acknowledgements, or <see langword="null"/>.</param>
internal sealed record DeliveryRequest(long? Quantity, IReadOnlyList<DeliveryEvidence> Evidence, GeoPoint? At, int? Acknowledgements)
{
    private const int MaxJsonBytes = 64 * 1024;
    private const int MaxFieldChars = 200;

    /// <summary>No body: deliver everything, without proof.</summary>
    public static readonly DeliveryRequest Empty = new(null, [], null, null);

    /// <summary>Whether any proof was given (evidence, a point or acknowledgements).</summary>
    public bool HasProof => Evidence.Count > 0 || At is not null || Acknowledgements is not null;

    /// <summary>Reads an empty, JSON or multipart body, naming the failing field in the problem.</summary>
    public static async Task<(DeliveryRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentLength is 0 || (http.ContentLength is null && string.IsNullOrEmpty(http.ContentType)))
        {
            return (Empty, null);
        }

        if (http.HasJsonContentType())
        {
            return await ReadJsonAsync(http, cancellationToken);
        }

        if (MediaTypeHeaderValue.TryParse(http.ContentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(http, media, cancellationToken);
        }

        return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Invalid request",
            "The body must be empty, JSON (application/json) or multipart/form-data with 'evidence' files.", "Content-Type"));
    }

    private static async Task<(DeliveryRequest?, IResult?)> ReadJsonAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentLength > MaxJsonBytes)
        {
            return (null, Problems.BadRequest("$", $"The body is larger than {MaxJsonBytes} bytes."));
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

        using (document)
        {
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest("$", "The body must be a JSON object."));
            }

            long? quantity = null;
            if (Present(body, "quantity", out var q))
            {
                if (q.ValueKind != JsonValueKind.Number || !q.TryGetInt64(out var value) || value < 1)
                {
                    return (null, Problems.BadRequest("quantity", "'quantity' must be a whole number, 1 or more."));
                }

                quantity = value;
            }

            var evidence = new List<DeliveryEvidence>();
            if (Present(body, "evidence", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    return (null, Problems.BadRequest("evidence", "'evidence' must be an array of \"sha256:<64 hex digits>:<size in bytes>\" strings."));
                }

                var i = 0;
                foreach (var e in list.EnumerateArray())
                {
                    var field = $"evidence[{i++}]";
                    if (e.ValueKind != JsonValueKind.String || ParseEvidence(e.GetString()!, field) is not { } parsed)
                    {
                        return (null, Problems.BadRequest(field, $"'{field}' must be \"sha256:<64 hex digits>:<size in bytes>\"."));
                    }

                    if (parsed.Problem is not null)
                    {
                        return (null, parsed.Problem);
                    }

                    evidence.Add(parsed.Evidence!);
                }
            }

            GeoPoint? at = null;
            if (Present(body, "at", out var point))
            {
                if (point.ValueKind != JsonValueKind.Object || !Coordinate(point, "lon", out var lon) || !Coordinate(point, "lat", out var lat))
                {
                    return (null, Problems.BadRequest("at", "'at' must be {\"lon\": <number>, \"lat\": <number>}."));
                }

                if (!GeoPoint.TryCreate(lon, lat, out var located))
                {
                    return (null, BadPoint(lon, lat));
                }

                at = located;
            }

            int? acknowledgements = null;
            if (Present(body, "acknowledgements", out var ack))
            {
                if (ack.ValueKind != JsonValueKind.Number || !ack.TryGetInt32(out var count) || count < 0)
                {
                    return (null, Problems.BadRequest("acknowledgements", "'acknowledgements' must be a whole number, 0 or more."));
                }

                acknowledgements = count;
            }

            return (new DeliveryRequest(quantity, evidence, at, acknowledgements), null);
        }
    }

    // Streams each part: files named 'evidence' are hashed as they arrive (never buffered to disk or kept); the other
    // parts are short text fields.
    private static async Task<(DeliveryRequest?, IResult?)> ReadMultipartAsync(HttpRequest http, MediaTypeHeaderValue media, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, Problems.BadRequest("Content-Type", "multipart/form-data needs a boundary."));
        }

        var reader = new MultipartReader(boundary, http.Body);
        var evidence = new List<DeliveryEvidence>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { Length: > 0 } rawName)
                {
                    return (null, Problems.BadRequest("$", "Every part needs a Content-Disposition with a name."));
                }

                var name = HeaderUtilities.RemoveQuotes(rawName).Value!;
                if (name == "evidence")
                {
                    if (evidence.Count == DeliveryProof.MaxEvidence)
                    {
                        return (null, Problems.BadRequest($"evidence[{evidence.Count}]", $"At most {DeliveryProof.MaxEvidence} evidence files."));
                    }

                    evidence.Add(await DeliveryEvidence.ComputeAsync(section.Body, cancellationToken));
                    continue;
                }

                if (name is not ("quantity" or "at" or "acknowledgements"))
                {
                    return (null, Problems.BadRequest(name, $"Unknown part '{name}'; use evidence (files), quantity, at (LON,LAT) and acknowledgements."));
                }

                using var text = new StreamReader(section.Body);
                var buffer = new char[MaxFieldChars + 1];
                var read = await text.ReadBlockAsync(buffer, cancellationToken);
                if (read > MaxFieldChars)
                {
                    return (null, Problems.BadRequest(name, $"'{name}' is longer than {MaxFieldChars} characters."));
                }

                fields[name] = new string(buffer, 0, read).Trim();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return (null, Problems.BadRequest("$", $"The multipart body cannot be read: {ex.Message}"));
        }

        long? quantity = null;
        if (fields.TryGetValue("quantity", out var qText))
        {
            if (!long.TryParse(qText, NumberStyles.None, CultureInfo.InvariantCulture, out var q) || q < 1)
            {
                return (null, Problems.BadRequest("quantity", $"'quantity' must be a whole number, 1 or more; got '{qText}'."));
            }

            quantity = q;
        }

        GeoPoint? at = null;
        if (fields.TryGetValue("at", out var atText))
        {
            var parts = atText.Split(',');
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
            {
                return (null, Problems.BadRequest("at", $"'at' must be LON,LAT in decimal degrees; got '{atText}'."));
            }

            if (!GeoPoint.TryCreate(lon, lat, out var located))
            {
                return (null, BadPoint(lon, lat));
            }

            at = located;
        }

        int? acknowledgements = null;
        if (fields.TryGetValue("acknowledgements", out var aText))
        {
            if (!int.TryParse(aText, NumberStyles.None, CultureInfo.InvariantCulture, out var a))
            {
                return (null, Problems.BadRequest("acknowledgements", $"'acknowledgements' must be a whole number, 0 or more; got '{aText}'."));
            }

            acknowledgements = a;
        }

        return (new DeliveryRequest(quantity, evidence, at, acknowledgements), null);
    }

    private static bool Present(JsonElement body, string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static bool Coordinate(JsonElement point, string name, out double value)
    {
        value = 0;
        return point.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out value);
    }

    private static IResult BadPoint(double lon, double lat) =>
        Problems.BadRequest("at", $"'at' must be a longitude from -180 to 180 and a latitude from -90 to 90; got {lon.ToString(CultureInfo.InvariantCulture)},{lat.ToString(CultureInfo.InvariantCulture)}.");

    // "sha256:<hex>:<size>"; the model checks the digest and the size.
    private static (DeliveryEvidence? Evidence, IResult? Problem)? ParseEvidence(string text, string field)
    {
        var parts = text.Split(':');
        if (parts.Length != 3 || parts[0] != "sha256" || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        try
        {
            return (DeliveryEvidence.Create(parts[1], size), null);
        }
        catch (ArgumentException ex)
        {
            return (null, Problems.BadRequest(field, $"'{field}': {ex.Message}"));
        }
    }
}
