using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>Small random allocation problems from a seed, degenerate cases included (no pledges, no need, zero capacity, ties...).</summary>
internal static class RandomInstances
{
    private static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");

    public static AllocationProblem Create(int seed)
    {
        var random = new Random(seed);
        var shape = random.Next(10); // 0: no pledges, 1: no need, 2: zero capacity, 3: ties (one location), 4: one huge pledge
        var codes = AllCodes();
        var units = new List<SolverUnit>();
        var unitCount = random.Next(0, 28);
        var chosen = codes.Where(c => c.Level >= RegionLevel.Rw).OrderBy(_ => random.Next()).Take(unitCount).ToList();
        // Avoid an RW unit and its own RTs together half of the time; keep both otherwise (the contract allows it).
        foreach (var code in chosen)
        {
            var need = shape == 1 ? 0 : random.Next(4) == 0 ? 0 : random.Next(1, random.Next(2) == 0 ? 6 : 40);
            units.Add(new SolverUnit(code, need, shape == 3 ? GeoPoint.Create(106.8, -6.2) : Position(random)));
        }

        var areas = codes.Where(c => c.Level <= RegionLevel.Rw).ToList();
        areas.Add(RegionCode.Parse("31.75")); // an area with no units at all
        var aggregators = new List<SolverAggregator>();
        for (var a = random.Next(0, 4); a > 0; a--)
        {
            var capacity = shape == 2 ? 0 : random.Next(0, 80);
            aggregators.Add(new SolverAggregator($"agg-{a}", shape == 3 ? GeoPoint.Create(106.8, -6.2) : Position(random), capacity, PickAreas(random, areas)));
        }

        var pledges = new List<SolverPledge>();
        var pledgeCount = shape == 0 ? 0 : random.Next(0, 14);
        for (var o = 0; o < pledgeCount; o++)
        {
            var quantity = shape == 4 && o == 0 ? 100_000 : random.Next(1, 50);
            if (aggregators.Count > 0 && random.Next(3) == 0)
            {
                pledges.Add(SolverPledge.Via($"o-{o}", $"c-{random.Next(5)}", quantity, aggregators[random.Next(aggregators.Count)].Id));
            }
            else
            {
                GeoPoint? origin = random.Next(5) == 0 ? null : shape == 3 ? GeoPoint.Create(106.8, -6.2) : Position(random);
                pledges.Add(SolverPledge.Direct($"o-{o}", $"c-{random.Next(5)}", quantity, origin, PickAreas(random, areas)));
            }
        }

        long[] weights = [0, 1, 7, 1000, 1000];
        int[] tiers = [1, 2, 3, 10, 100, 100];
        var policy = new AllocationPolicy(weights[random.Next(weights.Length)], tiers[random.Next(tiers.Length)]);
        return AllocationProblem.Create(Item, policy, units, aggregators, pledges);
    }

    private static GeoPoint Position(Random random) =>
        GeoPoint.Create(106.70 + (random.Next(0, 2500) / 10_000.0), -6.35 + (random.Next(0, 2500) / 10_000.0));

    private static RegionCode[] PickAreas(Random random, List<RegionCode> areas)
    {
        var count = random.Next(4) == 0 ? 0 : random.Next(1, 3);
        return [.. Enumerable.Range(0, count).Select(_ => areas[random.Next(areas.Count)])];
    }

    /// <summary>Codes of a small synthetic city: the kota, two kelurahan per kecamatan, <paramref name="perLevel"/> RWs per kelurahan and RTs per RW.</summary>
    internal static List<RegionCode> AllCodes(string[]? kotas = null, string[]? kecamatans = null, int perLevel = 3)
    {
        var list = new List<RegionCode>();
        foreach (var kota in kotas ?? ["31.71", "31.72"])
        {
            list.Add(RegionCode.Parse(kota));
            foreach (var kecamatan in kecamatans ?? ["01", "02"])
            {
                var kec = RegionCode.Parse($"{kota}.{kecamatan}");
                list.Add(kec);
                foreach (var kelurahan in new[] { "1001", "1002" })
                {
                    var kel = RegionCode.Parse($"{kec}.{kelurahan}");
                    list.Add(kel);
                    for (var rw = 1; rw <= perLevel; rw++)
                    {
                        var rwCode = RegionCode.ForRw(kel, rw);
                        list.Add(rwCode);
                        for (var rt = 1; rt <= perLevel; rt++)
                        {
                            list.Add(RegionCode.ForRt(rwCode, rt));
                        }
                    }
                }
            }
        }

        return list;
    }
}
