using Ksbb.Model.Regions;
using System.Globalization;
using System.Text;

namespace Ksbb.Allocation.Solver;

/// <summary>Post-hoc explanation of one line against the optimum (see <see cref="AllocationResult.Explain"/>).</summary>
internal static class Explainer
{
    public static AllocationExplanation Explain(ProblemIndex index, long[] received, AllocationResult.Line line)
    {
        var problem = index.Problem;
        var pledge = problem.Pledges[line.Pledge];
        var unit = problem.Units[line.Unit];
        var policy = problem.Policy;
        GeoPoint? from;
        IReadOnlyList<Model.Regions.RegionCode> areas;
        if (pledge.ViaAggregator is { } via)
        {
            var aggregator = problem.Aggregators[problem.IndexOfAggregator(via)];
            from = aggregator.Depot;
            areas = aggregator.ServiceAreas;
        }
        else
        {
            from = pledge.Origin;
            areas = pledge.Areas;
        }

        var x = received[line.Unit];
        // Removing one item of this line from the unit saves its marginal fairness cost and the distance.
        var saving = line.Distance + (policy.FairnessWeight * policy.TierOf(x, unit.Need));

        AlternativeUnit? nearer = null, emptier = null;
        var afterRate = (double)x / unit.Need;
        foreach (var (start, end) in index.Ranges(areas))
        {
            for (var p = start; p < end; p++)
            {
                var u = index.Order[p];
                if (u == line.Unit)
                {
                    continue;
                }

                var other = problem.Units[u];
                if (other.Need == 0)
                {
                    continue;
                }

                var d = from is { } g ? Geodesy.Hectometres(g, other.Location) : 0;
                var full = received[u] >= other.Need;
                var delta = full ? 0 : d + (policy.FairnessWeight * policy.TierOf(received[u] + 1, other.Need)) - saving;
                var candidate = new AlternativeUnit(other.Code, d, received[u], other.Need, full, delta);
                if (d < line.Distance && (nearer is null || d < nearer.Distance))
                {
                    nearer = candidate;
                }

                if (candidate.FillRate < afterRate && (emptier is null || candidate.FillRate < emptier.FillRate || (candidate.FillRate == emptier.FillRate && d < emptier.Distance)))
                {
                    emptier = candidate;
                }
            }
        }

        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"Offer {pledge.Id} sends {line.Quantity} to {unit.Code} at {line.Distance / 10.0:0.0} km");
        if (pledge.ViaAggregator is not null)
        {
            text.Append(c, $" via {pledge.ViaAggregator}");
        }

        text.Append(c, $"; the unit's fill rate goes from {(double)(x - line.Quantity) / unit.Need:P1} to {afterRate:P1} of its need {unit.Need}.");
        if (nearer is null)
        {
            text.Append(" No eligible unit with need is nearer.");
        }
        else
        {
            text.Append(c, $" The nearer unit {nearer.Unit} ({nearer.Distance / 10.0:0.0} km) ");
            text.Append(nearer.IsFull
                ? "already receives its full need."
                : string.Create(c, $"is filled to {nearer.FillRate:P1}: one more item there would raise the cost by {nearer.CostDelta} (its fill-rate tier outweighs the shorter trip)."));
        }

        if (emptier is null)
        {
            text.Append(" No eligible unit ends emptier.");
        }
        else
        {
            text.Append(c, $" The emptier unit {emptier.Unit} ({emptier.FillRate:P1}) ");
            text.Append(emptier.IsFull
                ? "is full."
                : string.Create(c, $"is {emptier.Distance / 10.0:0.0} km away: one item there would raise the cost by {emptier.CostDelta} (the longer trip outweighs the fairer spread, or the objective is tied)."));
        }

        return new AllocationExplanation
        {
            Pledge = pledge.PledgeId,
            Via = pledge.ViaAggregator,
            Unit = unit.Code,
            Quantity = line.Quantity,
            Distance = line.Distance,
            Need = unit.Need,
            Received = x,
            FillRateBefore = (double)(x - line.Quantity) / unit.Need,
            FillRateAfter = afterRate,
            Nearer = nearer,
            Emptier = emptier,
            Text = text.ToString(),
        };
    }
}
