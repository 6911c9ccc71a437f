using System.Diagnostics;
using Ksbb.Allocation;
using Ksbb.Allocation.Oracle;

namespace Ksbb.Benchmarks;

/// <summary>
/// A quick Stopwatch measurement of online re-optimisation outside BenchmarkDotNet:
/// <c>dotnet run -c Release --project benchmarks/Ksbb.Benchmarks -- online-run full-city [EVENTS] [--check] [--no-final]</c>.
/// Prints the first solve, the median, p99 and total of one change (wall time, and the process CPU time of all changes,
/// steadier on a busy machine), and from-scratch solves of the final problem by the engine and OR-Tools (skipped with
/// <c>--no-final</c>); <c>--check</c> also compares the total and cost with a from-scratch engine solve after every
/// tenth change.
/// </summary>
internal static class OnlineRunner
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: online-run full-city|city:RTS:OFFERS|FILE.json [EVENTS] [--check] [--no-final]");
            return 2;
        }

        var problem = AllocationRunner.Load(args[1]);
        var count = args.Length > 2 && int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 200;
        var check = args.Contains("--check");
        var noFinal = args.Contains("--no-final");
        var changes = OnlineEvents.Create(problem, 2020, count);
        var clock = Stopwatch.StartNew();
        var session = AllocationEngine.Default.StartOnline(problem, CancellationToken.None);
        var first = clock.Elapsed;
        Console.WriteLine($"first solve {first.TotalMilliseconds:F0} ms: allocated {session.Allocated:N0}, cost {session.Cost:N0}, pivots {session.Pivots:N0}");
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var times = new double[changes.Count];
        var pivots = new long[changes.Count];
        var kinds = new Dictionary<AllocationChangeKind, List<double>>();
        for (var i = 0; i < changes.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            pivots[i] = session.Apply(changes[i], CancellationToken.None).Pivots;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            (kinds.TryGetValue(changes[i].Kind, out var list) ? list : kinds[changes[i].Kind] = []).Add(times[i]);
            if (check && i % 10 == 9)
            {
                var scratch = AllocationEngine.Default.Allocate(session.Problem, CancellationToken.None);
                if (scratch.Summary.Allocated != session.Allocated || scratch.Summary.Cost != session.Cost)
                {
                    Console.Error.WriteLine($"change {i + 1} ({changes[i].Op}): online {session.Allocated}/{session.Cost}, from scratch {scratch.Summary.Allocated}/{scratch.Summary.Cost}");
                    return 1;
                }
            }
        }

        var total = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine($"{changes.Count} changes: median {Percentile(times, 0.5):F2} ms, p99 {Percentile(times, 0.99):F2} ms, max {times.Max():F2} ms, sum {times.Sum():F0} ms; first solve + changes {total.TotalMilliseconds:F0} ms; pivots {session.Pivots:N0}; process CPU time of the changes {cpu.TotalMilliseconds:F0} ms");
        foreach (var (kind, list) in kinds.OrderBy(k => k.Key))
        {
            Console.WriteLine($"  {kind,-12} {list.Count,4}: median {Percentile([.. list], 0.5):F2} ms, max {list.Max():F2} ms");
        }

        foreach (var i in Enumerable.Range(0, times.Length).OrderByDescending(i => times[i]).Take(5))
        {
            Console.WriteLine($"  slowest: change {i + 1} {changes[i].Op} {changes[i].PledgeId ?? changes[i].AggregatorId ?? changes[i].Unit.ToString()} {changes[i].Value}: {times[i]:F0} ms, {pivots[i]:N0} pivots");
        }

        Console.WriteLine($"  pivots per change: median {Percentile([.. pivots.Select(p => (double)p)], 0.5):F0}");
        if (noFinal)
        {
            Console.WriteLine($"online {session.Allocated:N0}/{session.Cost:N0}");
            return 0;
        }

        var final = session.Problem;
        clock.Restart();
        var engine = AllocationEngine.Default.Allocate(final, CancellationToken.None);
        var engineTime = clock.Elapsed;
        clock.Restart();
        var oracle = OrToolsOracle.Solve(final);
        var orToolsTime = clock.Elapsed;
        Console.WriteLine($"final problem from scratch: engine {engineTime.TotalMilliseconds:F0} ms ({engine.Summary.Allocated:N0}/{engine.Summary.Cost:N0}), OR-Tools {orToolsTime.TotalMilliseconds:F0} ms ({oracle.MaximumFlow:N0}/{oracle.OptimalCost:N0}), online {session.Allocated:N0}/{session.Cost:N0}");
        Console.WriteLine($"median change / engine from scratch: {Percentile(times, 0.5) / engineTime.TotalMilliseconds:P2}; first solve + changes / OR-Tools: {total.TotalMilliseconds / orToolsTime.TotalMilliseconds:F2}");
        return session.Allocated == oracle.MaximumFlow && session.Cost == oracle.OptimalCost ? 0 : 1;
    }

    /// <summary>The p-quantile (nearest rank) of the values.</summary>
    public static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
