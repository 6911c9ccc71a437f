using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// Allocation problems as plain, shrinkable structure (not an opaque seed): up to hundreds of units, aggregators and
/// pledges drawn by FsCheck, and shrunk on failure by dropping units, pledges or aggregators and halving quantities, so a
/// counterexample comes out small.
/// </summary>
internal static class StructuredInstances
{
    private static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");

    /// <summary>RW and RT codes of five kota (600 units to choose from).</summary>
    private static readonly RegionCode[] UnitCodes = [.. Codes().Where(c => c.Level >= RegionLevel.Rw)];

    private static readonly RegionCode[] Areas = [.. Codes().Where(c => c.Level <= RegionLevel.Rw), RegionCode.Parse("31.01")];

    private static readonly long[] Weights = [0, 1, 7, 1000];
    private static readonly int[] Tiers = [1, 2, 3, 10, 100];

    /// <summary>One unit: an index into the unit codes, its need and a position on a 250 × 250 grid of 0.001°.</summary>
    public sealed record UnitSpec(int Code, int Need, int X, int Y);

    /// <summary>One aggregator: depot, capacity and service areas (indexes into the areas).</summary>
    public sealed record AggregatorSpec(int X, int Y, int Capacity, int[] Areas);

    /// <summary>One pledge: via aggregator <see cref="Via"/> (an index) or direct from an origin (or none) to areas.</summary>
    public sealed record PledgeSpec(int Quantity, int Collaborator, int? Via, (int X, int Y)? Origin, int[] Areas);

    /// <summary>A whole problem.</summary>
    public sealed record ProblemSpec(UnitSpec[] Units, AggregatorSpec[] Aggregators, PledgeSpec[] Pledges, int Weight, int Tiers)
    {
        public AllocationProblem ToProblem()
        {
            var units = Units.DistinctBy(u => u.Code).Select(u => new SolverUnit(UnitCodes[u.Code], u.Need, At(u.X, u.Y))).ToList();
            var aggregators = Aggregators.Select((a, i) => new SolverAggregator($"agg-{i}", At(a.X, a.Y), a.Capacity, [.. a.Areas.Select(x => StructuredInstances.Areas[x])])).ToList();
            var pledges = Pledges.Select((o, i) => o.Via is { } via && via < aggregators.Count
                ? SolverPledge.Via($"o-{i}", $"c-{o.Collaborator}", o.Quantity, aggregators[via].Id)
                : SolverPledge.Direct($"o-{i}", $"c-{o.Collaborator}", o.Quantity, o.Origin is { } p ? At(p.X, p.Y) : null, [.. o.Areas.Select(x => StructuredInstances.Areas[x])])).ToList();
            return AllocationProblem.Create(Item, new AllocationPolicy(StructuredInstances.Weights[Weight], StructuredInstances.Tiers[Tiers]), units, aggregators, pledges);
        }

        public override string ToString() =>
            $"{Units.Length} units, {Aggregators.Length} aggregators, {Pledges.Length} offers (quantities {string.Join(",", Pledges.Select(o => o.Quantity))}), weight {StructuredInstances.Weights[Weight]}, tiers {StructuredInstances.Tiers[Tiers]}";
    }

    /// <summary>Problems of 0 to <paramref name="maxUnits"/> units, with their shrinker.</summary>
    public static Arbitrary<ProblemSpec> Problems(int maxUnits)
    {
        var point = Gen.Choose(0, 249).Two();
        var areas = Gen.Choose(0, Areas.Length - 1).ArrayOf().Select(a => a.Take(3).ToArray());
        var unit = from code in Gen.Choose(0, UnitCodes.Length - 1)
                   from need in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 40)))
                   from p in point
                   select new UnitSpec(code, need, p.Item1, p.Item2);
        var aggregator = from p in point
                         from capacity in Gen.Choose(0, 400)
                         from a in areas
                         select new AggregatorSpec(p.Item1, p.Item2, capacity, a);
        var pledge = from quantity in Gen.Frequency((8, Gen.Choose(1, 60)), (1, Gen.Choose(1, 5000)))
                    from collaborator in Gen.Choose(0, 9)
                    from via in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 5).Select(v => (int?)v)))
                    from origin in Gen.Frequency((1, Gen.Constant<(int, int)?>(null)), (4, point.Select(p => ((int, int)?)(p.Item1, p.Item2))))
                    from a in areas
                    select new PledgeSpec(quantity, collaborator, via, origin, a);
        var problem = from unitCount in Gen.Choose(0, maxUnits)
                      from units in unit.ArrayOf(unitCount)
                      from aggregators in aggregator.ArrayOf(Math.Min(6, unitCount / 20))
                      from pledgeCount in Gen.Choose(0, Math.Max(4, unitCount / 4))
                      from pledges in pledge.ArrayOf(pledgeCount)
                      from weight in Gen.Choose(0, Weights.Length - 1)
                      from tiers in Gen.Choose(0, Tiers.Length - 1)
                      select new ProblemSpec(units, aggregators, pledges, weight, tiers);
        return Arb.From(problem, Shrink);
    }

    /// <summary>Smaller problems: halves of the units or pledges, one unit, pledge or aggregator fewer, or halved quantities.</summary>
    private static IEnumerable<ProblemSpec> Shrink(ProblemSpec s)
    {
        if (s.Units.Length > 1)
        {
            yield return s with { Units = s.Units[..(s.Units.Length / 2)] };
        }

        if (s.Pledges.Length > 1)
        {
            yield return s with { Pledges = s.Pledges[..(s.Pledges.Length / 2)] };
        }

        for (var i = 0; i < s.Aggregators.Length; i++)
        {
            yield return s with { Aggregators = [.. s.Aggregators.Where((_, j) => j != i)] };
        }

        for (var i = 0; i < s.Pledges.Length; i++)
        {
            yield return s with { Pledges = [.. s.Pledges.Where((_, j) => j != i)] };
        }

        for (var i = 0; i < s.Units.Length && i < 50; i++)
        {
            yield return s with { Units = [.. s.Units.Where((_, j) => j != i)] };
        }

        if (s.Pledges.Any(o => o.Quantity > 1))
        {
            yield return s with { Pledges = [.. s.Pledges.Select(o => o with { Quantity = Math.Max(1, o.Quantity / 2) })] };
        }

        if (s.Units.Any(u => u.Need > 1))
        {
            yield return s with { Units = [.. s.Units.Select(u => u with { Need = u.Need / 2 })] };
        }
    }

    private static GeoPoint At(int x, int y) => GeoPoint.Create(106.70 + (x / 1000.0), -6.35 + (y / 1000.0));

    private static List<RegionCode> Codes() =>
        RandomInstances.AllCodes(["31.71", "31.72", "31.73", "31.74", "31.75"], ["01", "02", "03"], perLevel: 4);
}
