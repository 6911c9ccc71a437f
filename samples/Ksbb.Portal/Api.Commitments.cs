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
        var (reservation, problem) = await OwnReservationAsync(context, round, ledger, id);
        if (problem is not null)
        {
            return problem;
        }

        var (request, bodyProblem) = await DeliveryRequest.ReadAsync(context.Request, context.RequestAborted);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (!request!.HasProof)
        {
            return TransitionResult(await ledger.DeliverAsync(reservation!.Id, null, request.Quantity, null, context.RequestAborted), ledger, request.Quantity is null ? "id" : "quantity");
        }

        DeliveryGeotag? geotag = null;
        if (request.At is { } at)
        {
            geotag = map.Locate(at, reservation!.Need.Unit);
            if (geotag is null)
            {
                return Problems.BadRequest("at", $"The portal's boundaries hold neither {reservation.Need.Unit} nor an area containing it, so the point cannot be placed against it.");
            }
        }

        DeliveryProof proof;
        TransitionOutcome outcome;
        try
        {
            proof = DeliveryProof.Create(request.Evidence, geotag, request.Acknowledgements ?? 0);
            outcome = await ledger.DeliverAsync(reservation!.Id, proof, CollaboratorId.Parse(reservation.Collaborator), null, request.Quantity, null, context.RequestAborted);
        }
        catch (ArgumentException ex)
        {
            // The model's and the ledger's checks name their parameter: evidence (too many, repeated), the geotag
            // contradicting the claimed unit (proof), the quantity.
            var field = ex.ParamName switch { "acknowledgements" => "acknowledgements", "evidence" => "evidence", "proof" => "at", "deliveredQuantity" => "quantity", _ => "$" };
            return Problems.BadRequest(field, ex.Message.Split(" (Parameter", 2)[0]);
        }

        if (outcome.Kind is not (TransitionOutcomeKind.Applied or TransitionOutcomeKind.Unchanged))
        {
            return TransitionResult(outcome, ledger, request.Quantity is null ? "id" : "quantity");
        }

        var stored = await ledger.GetProofAsync(reservation.Id, context.RequestAborted);
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
        if (Authenticate(context, round) is not { } caller)
        {
            return Problems.Unauthorized(context, MissingTokenMessage(context));
        }

        if (caller.Officer is not { } officer)
        {
            return Problems.Forbidden($"'{caller.Id}' holds no verifier or operator role.", "Authorization");
        }

        var (scope, scopeProblem) = OfficerScope(officer, area);
        if (scopeProblem is not null)
        {
            return scopeProblem;
        }

        var now = ledger.Options.Clock.GetCurrentInstant();
        var overdue = await ledger.ReadOverdueAsync(context.RequestAborted);
        return Results.Ok(overdue.Where(o => scope.Contains(o.Reservation.Need.Unit)).Select(o => new
        {
            reservation = ReservationView.From(o.Reservation, now) with { Overdue = true },
            deliverBy = LocalDatePattern.Iso.Format(o.DeliverBy),
            daysOverdue = o.DaysOverdue,
        }).ToList());
    }
}
