using System.Text;
using System.Text.Json;
using NodaTime;

namespace Ksbb.Ledger.Storage;

/// <summary>Builds the events every store appends, with one canonical JSON payload format.</summary>
/// <remarks>
/// Payloads are compact JSON with a fixed property order and no personal data: household identifiers appear only
/// as a count and, for audited overrides, the override reasons. Every store must append exactly these events, in
/// the same transaction as the change they record. Pure functions; thread-safe.
/// </remarks>
internal static class LedgerEvents
{
    /// <summary>The event for setting a need (new, raised or lowered).</summary>
    /// <param name="at">When.</param>
    /// <param name="key">The need.</param>
    /// <param name="previousNeed">The need before, or <see langword="null"/> when new.</param>
    /// <param name="need">The new need.</param>
    /// <returns>The event data (kind <c>need.set</c>).</returns>
    public static LedgerEventData NeedSet(Instant at, NeedKey key, long? previousNeed, long need) =>
        new(at, "need.set", Json(w =>
        {
            WriteNeed(w, key);
            if (previousNeed is { } p)
            {
                w.WriteNumber("previous", p);
            }
            else
            {
                w.WriteNull("previous");
            }

            w.WriteNumber("need", need);
        }));

    /// <summary>The event for adding or changing a collaborator's public record.</summary>
    /// <param name="at">When.</param>
    /// <param name="collaborator">The record.</param>
    /// <returns>The event data (kind <c>collaborator.set</c>).</returns>
    public static LedgerEventData CollaboratorSet(Instant at, Collaborator collaborator)
    {
        ArgumentNullException.ThrowIfNull(collaborator);
        return new(at, "collaborator.set", Json(w =>
        {
            w.WriteString("id", collaborator.Id.Value);
            w.WriteString("name", collaborator.Name);
            w.WriteString("category", CollaboratorTaxonomy.GetCode(collaborator.Category));
            if (collaborator.SubKind != CollaboratorSubKind.None)
            {
                w.WriteString("subKind", CollaboratorTaxonomy.GetCode(collaborator.SubKind));
            }

            w.WriteBoolean("publishName", collaborator.PublishName);
            w.WriteString("status", CollaboratorTaxonomy.GetCode(collaborator.Status));
        }));
    }

    /// <summary>The event for a new reservation.</summary>
    /// <param name="reservation">The reservation as stored.</param>
    /// <param name="pledge">The pledge the reservation draws on, or <see langword="null"/> (then the payload has no <c>pledge</c>).</param>
    /// <returns>The event data (kind <c>reservation.reserved</c>, at the reservation's creation time).</returns>
    /// <param name="by">Who reserved when it was not the collaborator (recorded as <c>actor</c> and <c>role</c>), or <see langword="null"/>.</param>
    /// <remarks>When someone other than the collaborator reserved (an operator's pooled round, an aggregator's actor), <paramref name="by"/> records who.</remarks>
    public static LedgerEventData Reserved(Reservation reservation, Ksbb.Model.Pledges.PledgeId? pledge = null, (string Actor, string Role)? by = null)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(reservation.CreatedAt, "reservation.reserved", Json(w =>
        {
            w.WriteString("id", reservation.Id.Value);
            w.WriteString("key", reservation.Key.Value);
            w.WriteString("collaborator", reservation.Collaborator.Value);
            WriteNeed(w, reservation.Need);
            w.WriteNumber("quantity", reservation.Quantity);
            w.WriteNumber("expiresAt", reservation.ExpiresAt.ToUnixTimeTicks());
            if (pledge is { } p)
            {
                w.WriteString("pledge", p.Value);
            }

            if (reservation.DeliverBy is { } planned)
            {
                w.WriteString("deliverBy", NodaTime.Text.LocalDatePattern.Iso.Format(planned));
            }

            WriteActor(w, by);
        }));
    }

    /// <summary>The event for a reservation that a store found expired and recorded so.</summary>
    /// <param name="expired">The reservation with status expired.</param>
    /// <returns>The event data (kind <c>reservation.expired</c>, at the reservation's <see cref="Reservation.UpdatedAt"/>).</returns>
    public static LedgerEventData Expired(Reservation expired)
    {
        ArgumentNullException.ThrowIfNull(expired);
        return new(expired.UpdatedAt, "reservation.expired", Json(w =>
        {
            w.WriteString("id", expired.Id.Value);
            w.WriteNumber("quantity", expired.Quantity);
        }));
    }

    /// <summary>The event for an applied transition (delivered, verified, released, cancelled).</summary>
    /// <param name="after">The reservation after the transition.</param>
    /// <param name="households">The household claims recorded with a delivery (possibly empty).</param>
    /// <param name="aggregator">For a delivery of a pledge made via an aggregator, that aggregator (recorded as <c>aggregator</c>); otherwise <see langword="null"/>.</param>
    /// <returns>The event data (kind <c>reservation.</c> + the new status, at <see cref="Reservation.UpdatedAt"/>).</returns>
    /// <param name="by">The actor and the role it acted in (recorded as <c>actor</c> and <c>role</c>), or <see langword="null"/>.</param>
    /// <param name="proof">For a delivery, the proof recorded with it (as <c>proof</c>), or <see langword="null"/>.</param>
    public static LedgerEventData Transitioned(Reservation after, IReadOnlyList<HouseholdClaim> households, string? aggregator = null, (string Actor, string Role)? by = null, DeliveryProof? proof = null)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(households);
        return new(after.UpdatedAt, "reservation." + ReservationLifecycle.Name(after.Status), Json(w =>
        {
            w.WriteString("id", after.Id.Value);
            w.WriteString("status", ReservationLifecycle.Name(after.Status));
            w.WriteNumber("quantity", after.Quantity);
            w.WriteNumber("delivered", after.DeliveredQuantity);
            if (aggregator is not null)
            {
                w.WriteString("aggregator", aggregator);
            }

            WriteActor(w, by);

            if (after.Reason is not null && after.Status == ReservationStatus.Cancelled)
            {
                w.WriteString("reason", after.Reason);
            }

            if (households.Count > 0)
            {
                w.WriteNumber("households", households.Count);
                w.WriteString("claims", ClaimsDigest(households.Select(h => (h.Hash, h.BenefitClass, h.Period.ToString(), h.OverrideReason))));
                w.WriteStartArray("overrides");
                for (var i = 0; i < households.Count; i++)
                {
                    if (households[i].OverrideReason is { } reason)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("household", i + 1);
                        w.WriteString("benefitClass", households[i].BenefitClass);
                        w.WriteString("reason", reason);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
            }

            if (proof is not null)
            {
                w.WriteStartObject("proof");
                w.WriteString("evidence", string.Join(' ', proof.Evidence));
                if (proof.Geotag is { } g)
                {
                    w.WriteNumber("lon", g.Point.Longitude);
                    w.WriteNumber("lat", g.Point.Latitude);
                    if (g.LocatedUnit is { } unit)
                    {
                        w.WriteString("locatedUnit", unit.ToString());
                    }

                    w.WriteNumber("distanceMetres", g.DistanceMetres);
                }

                w.WriteNumber("acknowledgements", proof.Acknowledgements);
                w.WriteEndObject();
            }
        }));
    }

    /// <summary>The digest of a reservation's household claims, as the chain records it and the audit recomputes it from the table.</summary>
    /// <param name="claims">The claims: keyed hash, benefit class, period and override reason.</param>
    /// <returns>SHA-256 of the claims' sorted lines, 64 lowercase hex digits.</returns>
    internal static string ClaimsDigest(IEnumerable<(string Hash, string BenefitClass, string Period, string? OverrideReason)> claims)
    {
        var lines = claims.Select(c => $"{c.Hash}|{c.BenefitClass}|{c.Period}|{c.OverrideReason}").Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>The event for a renewed reservation: its new expiry.</summary>
    /// <param name="renewed">The reservation after renewal.</param>
    /// <returns>The event data (kind <c>reservation.renewed</c>, at <see cref="Reservation.UpdatedAt"/>).</returns>
    /// <param name="by">The actor and role name, or <see langword="null"/>.</param>
    public static LedgerEventData Renewed(Reservation renewed, (string Actor, string Role)? by = null)
    {
        ArgumentNullException.ThrowIfNull(renewed);
        return new(renewed.UpdatedAt, "reservation.renewed", Json(w =>
        {
            w.WriteString("id", renewed.Id.Value);
            w.WriteNumber("expiresAt", renewed.ExpiresAt.ToUnixTimeTicks());
            WriteActor(w, by);
        }));
    }

    /// <summary>The event for adding or changing an aggregator's record.</summary>
    /// <param name="at">When.</param>
    /// <param name="aggregator">The record.</param>
    /// <returns>The event data (kind <c>aggregator.set</c>).</returns>
    public static LedgerEventData AggregatorSet(Instant at, Ksbb.Model.Pledges.Aggregator aggregator)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        return new(at, "aggregator.set", Json(w =>
        {
            w.WriteString("id", aggregator.Id.Value);
            w.WriteString("name", aggregator.Name);
            w.WriteNumber("capacity", aggregator.Capacity);
            w.WriteNumber("depotLon", aggregator.Depot.Longitude);
            w.WriteNumber("depotLat", aggregator.Depot.Latitude);
            w.WriteString("areas", string.Join(' ', aggregator.ServiceAreas));
        }));
    }

    /// <summary>The event for a new pledge.</summary>
    /// <param name="pledge">The pledge as stored.</param>
    /// <param name="key">The idempotency key.</param>
    /// <returns>The event data (kind <c>pledge.made</c>, at the pledge time).</returns>
    public static LedgerEventData Pledged(Ksbb.Model.Pledges.Pledge pledge, string key)
    {
        ArgumentNullException.ThrowIfNull(pledge);
        return new(pledge.PledgedAt, "pledge.made", Json(w =>
        {
            w.WriteString("id", pledge.Id.Value);
            w.WriteString("key", key);
            w.WriteString("collaborator", pledge.Collaborator.Value);
            w.WriteString("item", pledge.Item.Value);
            w.WriteString("period", pledge.Period.ToString());
            w.WriteNumber("quantity", pledge.Quantity);
            if (pledge.Aggregator is { } via)
            {
                w.WriteString("via", via.Value);
            }
            else if (pledge.Origin is { } origin)
            {
                w.WriteNumber("originLon", origin.Longitude);
                w.WriteNumber("originLat", origin.Latitude);
            }
        }));
    }

    /// <summary>The event for a new role grant.</summary>
    /// <param name="at">When.</param>
    /// <param name="grant">The grant.</param>
    /// <returns>The event data (kind <c>role.granted</c>).</returns>
    public static LedgerEventData RoleGranted(Instant at, RoleGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new(at, "role.granted", Json(w =>
        {
            w.WriteString("actor", grant.Actor.Value);
            w.WriteString("role", RoleGrant.Name(grant.Role));
            w.WriteString("scope", grant.Scope);
        }));
    }

    private static void WriteActor(Utf8JsonWriter w, (string Actor, string Role)? by)
    {
        if (by is { } b)
        {
            w.WriteString("actor", b.Actor);
            w.WriteString("role", b.Role);
        }
    }

    private static void WriteNeed(Utf8JsonWriter w, NeedKey key)
    {
        w.WriteString("unit", key.Unit.ToString());
        w.WriteString("item", key.Item.Value);
        w.WriteString("period", key.Period.ToString());
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
