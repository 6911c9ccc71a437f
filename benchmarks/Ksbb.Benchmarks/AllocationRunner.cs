using System.Diagnostics;
using Ksbb.Allocation;
using Ksbb.Allocation.Oracle;
using Ksbb.SampleData;

namespace Ksbb.Benchmarks;

/// <summary>
/// One measured run outside BenchmarkDotNet, for wall time and peak memory of one solver in a fresh process:
/// <c>dotnet run -c Release --project benchmarks/Ksbb.Benchmarks -- allocation-run engine|ortools full-city|national|FILE.json</c>.
/// </summary>
internal static class AllocationRunner
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || args[1] is not ("engine" or "ortools"))
        {
            Console.Error.WriteLine("usage: allocation-run engine|ortools full-city|national|city:RTS:OFFERS|FILE.json");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var problem = Load(args[2]);
        var loaded = clock.Elapsed;
        Console.WriteLine($"loaded {problem.Units.Count:N0} units, {problem.Pledges.Count:N0} offers, need {problem.TotalNeed:N0}, supply {problem.TotalSupply:N0} in {loaded.TotalSeconds:F2} s; eligible offer-unit pairs {EligiblePairs(problem):N0}");
        GC.Collect();
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        clock.Restart();
        if (args[1] == "engine")
        {
            var result = AllocationEngine.Default.Allocate(problem, CancellationToken.None);
            Console.WriteLine($"engine: {clock.Elapsed.TotalSeconds:F2} s (build + solve), allocated {result.Summary.Allocated:N0}, cost {result.Summary.Cost:N0}, nodes {result.NetworkNodes:N0}, arcs {result.NetworkArcs:N0}, pivots {result.Pivots:N0}, min fill {result.Summary.MinimumFillRate:F3}, gini {result.Summary.Gini:F4}");
        }
        else
        {
            var solution = OrToolsOracle.Solve(problem);
            Console.WriteLine($"or-tools: {clock.Elapsed.TotalSeconds:F2} s (build + solve), max flow {solution.MaximumFlow:N0}, cost {solution.OptimalCost:N0}, arcs {solution.Arcs:N0}");
        }


        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB (after loading: {before / 1048576.0:F0} MB)");
        return 0;
    }

    public static AllocationProblem Load(string name)
    {
        if (name == "full-city")
        {
            return AllocationProblem.Parse(AllocationInstances.FullCity());
        }

        if (name.StartsWith("city:", StringComparison.Ordinal))
        {
            var parts = name.Split(':');
            return AllocationProblem.Parse(AllocationInstances.City(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (name == "national")
        {
            using var buffer = new MemoryStream();
            AllocationInstances.WriteNational(buffer);
            buffer.Position = 0;
            return AllocationProblem.Load(buffer);
        }

        using var file = File.OpenRead(name);
        return AllocationProblem.Load(file);
    }

    /// <summary>Counts eligible pledge–unit pairs with need, a pledge via an aggregator counting its service area.</summary>
    public static long EligiblePairs(AllocationProblem problem)
    {
        var codes = problem.Units.Where(u => u.Need > 0).Select(u => u.Code.PackedValue).Order().ToArray();
        long Count(IReadOnlyList<Model.Regions.RegionCode> areas)
        {
            if (areas.Count == 0)
            {
                return codes.Length;
            }

            long n = 0;
            foreach (var a in areas)
            {
                var span = (ulong)Math.Pow(10, 16 - (a.Level switch { Model.Regions.RegionLevel.Provinsi => 2, Model.Regions.RegionLevel.Kota => 4, Model.Regions.RegionLevel.Kecamatan => 6, Model.Regions.RegionLevel.Kelurahan => 10, Model.Regions.RegionLevel.Rw => 13, _ => 16 }));
                var lo = Array.BinarySearch(codes, a.PackedValue);
                var hi = Array.BinarySearch(codes, a.PackedValue + span);
                n += (hi < 0 ? ~hi : hi) - (lo < 0 ? ~lo : lo);
            }

            return n;
        }

        var aggregators = problem.Aggregators.ToDictionary(a => a.Id, a => Count(a.ServiceAreas));
        return problem.Pledges.Sum(o => o.ViaAggregator is { } via ? aggregators[via] : Count(o.Areas));
    }
}
