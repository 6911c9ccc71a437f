using Ksbb.Allocation;

namespace Ksbb.Benchmarks;

/// <summary>
/// Seeded mixed changes for an allocation problem, shaped like a day on the platform: pledges arrive (copies of existing
/// pledges' areas and origins) and are withdrawn, quantities and needs are corrected (to and from zero), aggregators
/// report new capacity.
/// </summary>
internal static class OnlineEvents
{
    public static List<AllocationChange> Create(AllocationProblem problem, int seed, int count)
    {
        var random = new Random(seed);
        var pledges = problem.Pledges.ToList();
        var units = problem.Units;
        var changes = new List<AllocationChange>(count);
        for (var next = 0; changes.Count < count;)
        {
            var roll = random.Next(100);
            if (roll < 25)
            {
                var template = pledges[random.Next(pledges.Count)];
                var id = $"pledge-{next++}";
                var quantity = Math.Max(1, template.Quantity / 2 + random.Next((int)Math.Min(template.Quantity + 1, int.MaxValue)));
                var pledge = template.ViaAggregator is { } via
                    ? SolverPledge.Via(id, "c-online", quantity, via)
                    : SolverPledge.Direct(id, "c-online", quantity, template.Origin, template.Areas);
                changes.Add(AllocationChange.AddPledge(pledge));
                pledges.Add(pledge);
            }
            else if (roll < 45)
            {
                var pledge = pledges[random.Next(pledges.Count)];
                pledges.Remove(pledge);
                changes.Add(AllocationChange.RemovePledge(pledge.Id));
            }
            else if (roll < 60)
            {
                var pledge = pledges[random.Next(pledges.Count)];
                var quantity = Math.Max(1, pledge.Quantity + random.Next(-(int)Math.Min(pledge.Quantity, 1000), 1000));
                changes.Add(AllocationChange.SetQuantity(pledge.Id, quantity));
                pledges[pledges.IndexOf(pledge)] = pledge.IsVia
                    ? SolverPledge.Via(pledge.Id, pledge.Collaborator, quantity, pledge.ViaAggregator!)
                    : SolverPledge.Direct(pledge.Id, pledge.Collaborator, quantity, pledge.Origin, pledge.Areas);
            }
            else if (roll < 92)
            {
                var unit = units[random.Next(units.Count)];
                var need = random.Next(5) == 0 ? 0 : random.Next(1, (int)Math.Max(2, Math.Min(unit.Need * 2, 400)));
                changes.Add(AllocationChange.SetNeed(unit.Code, need));
            }
            else if (problem.Aggregators.Count > 0)
            {
                var aggregator = problem.Aggregators[random.Next(problem.Aggregators.Count)];
                // A new report: within a quarter of the first capacity, now and then closed (0).
                var capacity = random.Next(10) == 0 ? 0 : (long)(aggregator.Capacity * (0.75 + (random.NextDouble() * 0.5)));
                changes.Add(AllocationChange.SetCapacity(aggregator.Id, capacity));
            }
        }

        return changes;
    }
}
