using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>Random sequences of online changes for a problem from a seed: pledges added (direct or via) and removed, quantities, needs (to and from 0) and capacities set.</summary>
internal static class RandomChanges
{
    public static List<AllocationChange> Create(AllocationProblem problem, int seed, int count)
    {
        var random = new Random(seed);
        var pledges = problem.Pledges.Select(o => o.Id).ToList();
        var units = problem.Units.Select(u => u.Code).ToList();
        var aggregators = problem.Aggregators.Select(a => a.Id).ToList();
        var areas = problem.Units.Select(u => u.Code.Parent ?? u.Code).Distinct().ToList();
        var changes = new List<AllocationChange>();
        var next = 0;
        while (changes.Count < count)
        {
            switch (random.Next(6))
            {
                case 0:
                    var id = $"new-{next++}";
                    var quantity = random.Next(1, 60);
                    if (aggregators.Count > 0 && random.Next(3) == 0)
                    {
                        changes.Add(AllocationChange.AddPledge(SolverPledge.Via(id, "c-new", quantity, aggregators[random.Next(aggregators.Count)])));
                    }
                    else
                    {
                        RegionCode[] picked = areas.Count == 0 || random.Next(4) == 0 ? [] : [areas[random.Next(areas.Count)]];
                        GeoPoint? origin = random.Next(5) == 0 ? null : GeoPoint.Create(106.70 + (random.Next(0, 2500) / 10_000.0), -6.35 + (random.Next(0, 2500) / 10_000.0));
                        changes.Add(AllocationChange.AddPledge(SolverPledge.Direct(id, "c-new", quantity, origin, picked)));
                    }

                    pledges.Add(id);
                    break;
                case 1 when pledges.Count > 0:
                    var removed = pledges[random.Next(pledges.Count)];
                    pledges.Remove(removed);
                    changes.Add(AllocationChange.RemovePledge(removed));
                    break;
                case 2 when pledges.Count > 0:
                    changes.Add(AllocationChange.SetQuantity(pledges[random.Next(pledges.Count)], random.Next(1, 80)));
                    break;
                case 3 or 4 when units.Count > 0:
                    var need = random.Next(3) == 0 ? 0 : random.Next(1, random.Next(2) == 0 ? 8 : 150);
                    changes.Add(AllocationChange.SetNeed(units[random.Next(units.Count)], need));
                    break;
                case 5 when aggregators.Count > 0:
                    changes.Add(AllocationChange.SetCapacity(aggregators[random.Next(aggregators.Count)], random.Next(3) == 0 ? 0 : random.Next(1, 120)));
                    break;
            }
        }

        return changes;
    }
}
