using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Solver;

/// <summary>
/// The units sorted by <see cref="RegionCode.PackedValue"/>, so that every area is one contiguous range of them:
/// a code and all its descendants share the area's leading digits, and absent parts are zeros.
/// </summary>
internal sealed class ProblemIndex
{
    private static readonly ulong[] Span = [100_000_000_000_000, 1_000_000_000_000, 10_000_000_000, 1_000_000, 1_000, 1];

    public ProblemIndex(AllocationProblem problem)
    {
        Problem = problem;
        var units = problem.Units;
        Order = new int[units.Count];
        Keys = new ulong[units.Count];
        for (var i = 0; i < Order.Length; i++)
        {
            Order[i] = i;
            Keys[i] = units[i].Code.PackedValue;
        }

        Array.Sort(Keys, Order);
        Position = new int[units.Count];
        for (var i = 0; i < Order.Length; i++)
        {
            Position[Order[i]] = i;
        }
    }

    /// <summary>An index of <paramref name="problem"/>, whose units have the same codes in the same order as <paramref name="sameUnits"/>' problem.</summary>
    public ProblemIndex(AllocationProblem problem, ProblemIndex sameUnits)
    {
        Problem = problem;
        Order = sameUnits.Order;
        Keys = sameUnits.Keys;
        Position = sameUnits.Position;
    }

    public AllocationProblem Problem { get; }

    /// <summary>Returns, per position p in code order, how many units before it have need (length: units + 1).</summary>
    public int[] NeedyBefore()
    {
        var units = Problem.Units;
        var needyBefore = new int[units.Count + 1];
        for (var p = 0; p < units.Count; p++)
        {
            needyBefore[p + 1] = needyBefore[p] + (units[Order[p]].Need > 0 ? 1 : 0);
        }

        return needyBefore;
    }

    /// <summary>
    /// Returns the flow network's sources, in order: direct pledges (input order), then aggregators (input order) carrying
    /// their via pledges, each with what it can send (an aggregator: its via pledges' quantity, at most its capacity) and
    /// the ranges of positions it may reach. Only sources that reach a unit with need are listed.
    /// </summary>
    /// <param name="needyBefore">The counts from <see cref="NeedyBefore"/>.</param>
    public List<Source> Sources(int[] needyBefore)
    {
        var problem = Problem;
        var aggregatorSupply = new long[problem.Aggregators.Count];
        foreach (var pledge in problem.Pledges)
        {
            if (pledge.ViaAggregator is { } via)
            {
                aggregatorSupply[problem.IndexOfAggregator(via)] += pledge.Quantity;
            }
        }

        var sources = new List<Source>();
        for (var o = 0; o < problem.Pledges.Count; o++)
        {
            var pledge = problem.Pledges[o];
            if (!pledge.IsVia && Ranges(pledge.Areas) is var ranges && CountNeedy(ranges, needyBefore) > 0)
            {
                sources.Add(new Source(o, -1, pledge.Quantity, ranges));
            }
        }

        for (var a = 0; a < aggregatorSupply.Length; a++)
        {
            var supply = Math.Min(aggregatorSupply[a], problem.Aggregators[a].Capacity);
            if (supply > 0 && Ranges(problem.Aggregators[a].ServiceAreas) is var ranges && CountNeedy(ranges, needyBefore) > 0)
            {
                sources.Add(new Source(-1, a, supply, ranges));
            }
        }

        return sources;
    }

    /// <summary>Counts the units with need in the ranges.</summary>
    public static long CountNeedy(List<(int Start, int End)> ranges, int[] needyBefore)
    {
        long count = 0;
        foreach (var (start, end) in ranges)
        {
            count += needyBefore[end] - needyBefore[start];
        }

        return count;
    }

    /// <summary>Gets unit indexes in code order.</summary>
    public int[] Order { get; }

    /// <summary>Gets the packed codes in code order.</summary>
    public ulong[] Keys { get; }

    /// <summary>Gets the position in code order of each unit index.</summary>
    public int[] Position { get; }

    /// <summary>Returns the merged, sorted ranges [start, end) of positions in code order covered by the areas (empty areas: every unit).</summary>
    public List<(int Start, int End)> Ranges(IReadOnlyList<RegionCode> areas)
    {
        var ranges = new List<(int Start, int End)>(Math.Max(areas.Count, 1));
        if (areas.Count == 0)
        {
            if (Keys.Length > 0)
            {
                ranges.Add((0, Keys.Length));
            }

            return ranges;
        }

        foreach (var area in areas)
        {
            var low = area.PackedValue;
            var high = low + Span[(int)area.Level - 1];
            var start = LowerBound(low);
            var end = LowerBound(high);
            if (end > start)
            {
                ranges.Add((start, end));
            }
        }

        ranges.Sort();
        var merged = 0;
        for (var i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start <= ranges[merged].End)
            {
                ranges[merged] = (ranges[merged].Start, Math.Max(ranges[merged].End, ranges[i].End));
            }
            else
            {
                ranges[++merged] = ranges[i];
            }
        }

        if (ranges.Count > 0)
        {
            ranges.RemoveRange(merged + 1, ranges.Count - merged - 1);
        }

        return ranges;
    }

    /// <summary>Returns whether the unit at position <paramref name="position"/> lies in one of the ranges.</summary>
    public static bool InRanges(List<(int Start, int End)> ranges, int position)
    {
        foreach (var (start, end) in ranges)
        {
            if (position >= start && position < end)
            {
                return true;
            }
        }

        return false;
    }

    private int LowerBound(ulong key)
    {
        int lo = 0, hi = Keys.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (Keys[mid] < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

/// <summary>A source of the flow network: a direct pledge (<see cref="Aggregator"/> = -1) or an aggregator (<see cref="Pledge"/> = -1).</summary>
internal readonly record struct Source(int Pledge, int Aggregator, long Supply, List<(int Start, int End)> Ranges);
