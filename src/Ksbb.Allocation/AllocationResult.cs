using System.Text.Json;
using Ksbb.Allocation.Json;
using Ksbb.Allocation.Solver;
using Ksbb.Model.Catalog;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>The result of an allocation (<c>ksbb.allocation-result/1</c>): the lines, the summary metrics and why supply was left.</summary>
/// <remarks>Immutable and thread-safe. <see cref="ToUtf8Json"/> is deterministic.</remarks>
public sealed class AllocationResult
{
    /// <summary>The schema name of the result document.</summary>
    public const string Schema = "ksbb.allocation-result/1";

    internal readonly record struct Line(int Pledge, int Unit, long Quantity, long Distance);

    private readonly ProblemIndex _index;
    private readonly Line[] _lines;
    private readonly long[] _received;

    internal AllocationResult(ProblemIndex index, Line[] lines, long[] received, UnallocatedPledge[] unallocated, long pivots, int nodes, long arcs)
    {
        _index = index;
        _lines = lines;
        _received = received;
        Problem = index.Problem;
        var problem = index.Problem;
        var allocations = new AllocationLine[lines.Length];
        long allocated = 0, cost = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            allocations[i] = new AllocationLine(problem.Pledges[line.Pledge].PledgeId, problem.Units[line.Unit].Code, line.Quantity, line.Distance);
            allocated += line.Quantity;
            cost += line.Quantity * line.Distance;
        }

        Allocations = allocations;
        Unallocated = unallocated;
        Pivots = pivots;
        NetworkNodes = nodes;
        NetworkArcs = arcs;

        var rates = new List<double>(problem.Units.Count);
        for (var u = 0; u < problem.Units.Count; u++)
        {
            var need = problem.Units[u].Need;
            cost += problem.Policy.FairnessCost(received[u], need);
            if (need > 0)
            {
                rates.Add((double)received[u] / need);
            }
        }

        Summary = new AllocationSummary
        {
            Allocated = allocated,
            Need = problem.TotalNeed,
            Supply = problem.TotalSupply,
            Cost = cost,
            UnmetNeed = problem.TotalNeed - allocated,
            UndistributedSupply = problem.TotalSupply - allocated,
            MinimumFillRate = rates.Count == 0 ? 1.0 : rates.Min(),
            Gini = FairnessIndexes.Gini(rates),
            Jain = FairnessIndexes.Jain(rates),
        };
    }

    /// <summary>Gets the problem this result solves.</summary>
    public AllocationProblem Problem { get; }

    /// <summary>Gets the item allocated.</summary>
    public ItemCode Item => Problem.Item;

    /// <summary>Gets the lines with quantity &gt; 0, in pledge input order then unit code order.</summary>
    public IReadOnlyList<AllocationLine> Allocations { get; }

    /// <summary>Gets the summary metrics.</summary>
    public AllocationSummary Summary { get; }

    /// <summary>Gets the pledges not fully allocated, in input order, with the reason.</summary>
    public IReadOnlyList<UnallocatedPledge> Unallocated { get; }

    /// <summary>Gets the number of simplex pivots the solver made on the problem's network, over all its parts (a diagnostic; the pivots of a coarse starting problem are not counted).</summary>
    public long Pivots { get; }

    /// <summary>Gets the number of nodes of the flow network solved, summed over its parts, one sink each (a diagnostic).</summary>
    public int NetworkNodes { get; }

    /// <summary>Gets the number of arcs of the flow network solved, summed over its parts (a diagnostic).</summary>
    public long NetworkArcs { get; }

    /// <summary>Returns how many items a unit receives in all.</summary>
    /// <param name="unit">The unit code.</param>
    /// <returns>The items received.</returns>
    /// <exception cref="ArgumentException">The unit is not in the problem.</exception>
    public long ReceivedBy(RegionCode unit)
    {
        var u = Problem.IndexOfUnit(unit);
        return u < 0 ? throw new ArgumentException($"Unit '{unit}' is not in the problem.", nameof(unit)) : _received[u];
    }

    /// <summary>Explains one allocation line: the unit's fill rate before and after it, its distance, and why the items did not go to a nearer or an emptier unit.</summary>
    /// <param name="pledge">The pledge id.</param>
    /// <param name="unit">The unit code.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentException">There is no line for this pledge and unit, or <paramref name="pledge"/> is the default id.</exception>
    /// <remarks>
    /// The alternatives are checked after the fact against the optimum: moving one item of the line to the alternative
    /// changes the cost by <see cref="AlternativeUnit.CostDelta"/>, which is never negative for an unfilled alternative
    /// (otherwise the allocation would not be optimal). Runs in time linear in the units the pledge may reach.
    /// </remarks>
    public AllocationExplanation Explain(PledgeId pledge, RegionCode unit)
    {
        if (pledge.IsDefault)
        {
            throw new ArgumentException("The pledge id is the default value.", nameof(pledge));
        }

        var o = Problem.IndexOfPledge(pledge.Value);
        var u = Problem.IndexOfUnit(unit);
        var found = -1;
        for (var i = 0; i < _lines.Length && o >= 0 && u >= 0; i++)
        {
            if (_lines[i].Pledge == o && _lines[i].Unit == u)
            {
                found = i;
                break;
            }
        }

        if (found < 0)
        {
            throw new ArgumentException($"No allocation line sends offer '{pledge}' to unit '{unit}'.", nameof(pledge));
        }

        return Explainer.Explain(_index, _received, _lines[found]);
    }

    /// <summary>Returns the lines that differ from <paramref name="previous"/>'s (added, removed or with another quantity).</summary>
    /// <param name="previous">The earlier allocation, for example before an <see cref="OnlineAllocation.Apply"/>.</param>
    /// <returns>The changed lines by pledge id (ordinal), then unit code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="previous"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<AllocationLineChange> ChangesFrom(AllocationResult previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var before = new Dictionary<(PledgeId, RegionCode), long>();
        foreach (var line in previous.Allocations)
        {
            before[(line.Pledge, line.Unit)] = line.Quantity;
        }

        var changes = new List<AllocationLineChange>();
        foreach (var line in Allocations)
        {
            if (!before.Remove((line.Pledge, line.Unit), out var quantity) || quantity != line.Quantity)
            {
                changes.Add(new AllocationLineChange(line.Pledge, line.Unit, quantity, line.Quantity));
            }
        }

        foreach (var ((pledge, unit), quantity) in before)
        {
            changes.Add(new AllocationLineChange(pledge, unit, quantity, 0));
        }

        changes.Sort((x, y) => x.Pledge.CompareTo(y.Pledge) is var c and not 0 ? c : x.Unit.CompareTo(y.Unit));
        return changes;
    }

    /// <summary>Writes the result as an indented <c>ksbb.allocation-result/1</c> UTF-8 JSON document.</summary>
    /// <returns>The UTF-8 bytes; the same result always gives the same bytes.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(ToDto(), AllocationJsonContext.Default.ResultDto);

    /// <summary>Writes the result as an indented <c>ksbb.allocation-result/1</c> JSON document to a stream.</summary>
    /// <param name="utf8Json">The stream; left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    public void WriteTo(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        JsonSerializer.Serialize(utf8Json, ToDto(), AllocationJsonContext.Default.ResultDto);
    }

    private ResultDto ToDto() => new()
    {
        Schema = Schema,
        Item = Item.Value,
        Allocations = [.. Allocations.Select(l => new LineDto { Pledge = l.Pledge.Value, Unit = l.Unit.ToString(), Quantity = l.Quantity })],
        Summary = Summary,
        Unallocated = [.. Unallocated.Select(x => new UnallocatedDto { Pledge = x.Pledge.Value, Quantity = x.Quantity, Reason = UnallocatedPledge.JsonName(x.Reason) })],
    };
}
