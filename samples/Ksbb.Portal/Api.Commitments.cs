using Ksbb.Extensions.Hosting;
using Ksbb.Ledger;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Regions;
using NodaTime.Text;

namespace Ksbb.Portal;

// Delivery with proof and overdue commitments. The host hashes evidence and locates the point with Ksbb.Geo; the
// ledger stores the proof and applies its rules; the portal maps the outcomes to HTTP.
internal static partial class Api
{
    private static void MapCommitments(RouteGroupBuilder api)
    {
        api.MapGet("/overdue", OverdueAsync).WithName("GetOverdue")
            .WithSummary("Officers: the reservations in their region still held after their planned delivery date, most overdue first.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> DeliverAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string id)
    {
        var (map, round) = await startup.Ready;
        var (caller, reservationId, problem) = await TransitionRequestAsync(context, round, ledger, id);
        if (problem is not null)
        {
            return problem;
        }

        var (request, bodyProblem) = await DeliveryRequest.ReadAsync(context.Request, context.RequestAborted);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var invalidField = request!.Quantity is null ? null : "quantity";
        DeliveryProof? proof = null;
        if (request.HasProof)
        {
            DeliveryGeotag? geotag = null;
            if (request.At is { } at)
            {
                // The point is placed against the reservation's unit (reading it is not a decision: the ledger checks the actor).
                if (await ledger.FindAsync(reservationId, context.RequestAborted) is not { } reservation)
                {
                    return Problems.Of(StatusCodes.Status404NotFound, "No such reservation", $"No reservation '{id}'.", "id", new Dictionary<string, object?> { ["rule"] = LedgerRules.Name(LedgerRule.ReservationNotFound) });
                }

                geotag = map.Locate(at, reservation.Need.Unit);
                if (geotag is null)
                {
                    return Problems.BadRequest("at", $"The portal's boundaries hold neither {reservation.Need.Unit} nor an area containing it, so the point cannot be placed against it.");
                }
            }

            if (!DeliveryProof.TryCreate(request.Evidence, geotag, request.Acknowledgements ?? 0, out proof, out var field, out var error))
            {
                // The model names the argument at fault: evidence (too many, repeated) or acknowledgements.
                return Problems.BadRequest(field, error);
            }
        }

        var outcome = await ledger.DeliverAsync(caller!.Actor, reservationId, proof, deliveredQuantity: request.Quantity, cancellationToken: context.RequestAborted);
        if (!outcome.Succeeded || proof is null)
        {
            return TransitionResult(outcome, ledger, invalidField);
        }

        var stored = await ledger.GetProofAsync(reservationId, context.RequestAborted);
        var now = ledger.Options.Clock.GetCurrentInstant();
        var view = ReservationView.From(outcome.Reservation!, now) with { Standing = DeliveryProof.Code(DeliveryProof.StandingOf(outcome.Reservation!.StatusAt(now), stored)) };
        return Results.Ok(new
        {
            reservation = view,
            proof = stored is null ? null : new
            {
                evidence = stored.Evidence.Select(e => e.ToString()),
                located = stored.Geotag?.LocatedUnit?.ToString(),
                distanceMetres = stored.Geotag?.DistanceMetres,
                acknowledgements = stored.Acknowledgements,
            },
        });
    }

    private static async Task<IResult> OverdueAsync(HttpContext context, PortalStartup startup, ReservationLedger ledger, string? area)
    {
        var (_, round) = await startup.Ready;
        if (await AuthenticateAsync(context, round, ledger) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        var (scope, scopeProblem) = OfficerScope(caller, area);
        if (scopeProblem is not null)
        {
            return scopeProblem;
        }

        var now = ledger.Options.Clock.GetCurrentInstant();
        var overdue = await ledger.ReadOverdueAsync(context.RequestAborted);
        return Results.Ok(overdue.Where(o => scope.Any(r => r.Contains(o.Reservation.Need.Unit))).Select(o => new
        {
            reservation = ReservationView.From(o.Reservation, now) with { Overdue = true },
            deliverBy = LocalDatePattern.Iso.Format(o.DeliverBy),
            daysOverdue = o.DaysOverdue,
        }).ToList());
    }
}
