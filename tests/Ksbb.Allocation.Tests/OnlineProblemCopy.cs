using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// The online tests' own copy of a changing problem, kept apart from the session: the first problem's need per unit,
/// pledges (quantity and channel: origin and areas, or the aggregator they go through) and aggregators (depot, capacity,
/// service areas), with each change of the stream applied here as the contract describes it. The oracle solves this
/// copy, never the session's <see cref="OnlineAllocation.Problem"/>, so a change the session misrecords (a capacity
/// ignored, a need set on the wrong unit, a quantity or a pledge lost) shows as a different total or cost.
/// </summary>
internal sealed class OnlineProblemCopy
{
    private readonly ItemCode _item;
    private readonly AllocationPolicy _policy;
    private readonly List<Unit> _units;
    private readonly List<Aggregator> _aggregators;
    private readonly List<Pledge> _pledges;
    private readonly Dictionary<AllocationChangeKind, int> _applied = [];

    /// <summary>Copies the first problem, the one the session starts from.</summary>
    public OnlineProblemCopy(AllocationProblem initial)
    {
        _item = initial.Item;
        _policy = initial.Policy;
        _units = [.. initial.Units.Select(u => new Unit(u.Code, u.Location) { Need = u.Need })];
        _aggregators = [.. initial.Aggregators.Select(a => new Aggregator(a.Id, a.Depot, [.. a.ServiceAreas]) { Capacity = a.Capacity })];
        _pledges = [.. initial.Pledges.Select(Copy)];
    }

    /// <summary>Gets how many changes of each kind this copy has applied.</summary>
    public IReadOnlyDictionary<AllocationChangeKind, int> Applied => _applied;

    /// <summary>Gets this copy as a problem for the oracle, built from the copy's own rows.</summary>
    public AllocationProblem Problem => AllocationProblem.Create(
        _item,
        _policy,
        _units.Select(u => new SolverUnit(u.Code, u.Need, u.Location)),
        _aggregators.Select(a => new SolverAggregator(a.Id, a.Depot, a.Capacity, a.ServiceAreas)),
        _pledges.Select(o => o.Via is { } via
            ? SolverPledge.Via(o.Id, o.Collaborator, o.Quantity, via)
            : SolverPledge.Direct(o.Id, o.Collaborator, o.Quantity, o.Origin, o.Areas)));

    /// <summary>Applies one change to this copy: a pledge added or withdrawn, or a pledge's quantity, a unit's need or an aggregator's capacity set.</summary>
    public void Apply(AllocationChange change)
    {
        switch (change.Kind)
        {
            case AllocationChangeKind.AddPledge:
                var added = change.Pledge!;
                Assert.DoesNotContain(_pledges, o => o.Id == added.Id);
                Assert.True(added.ViaAggregator is null || _aggregators.Exists(a => a.Id == added.ViaAggregator), $"unknown aggregator {added.ViaAggregator}");
                _pledges.Add(Copy(added));
                break;
            case AllocationChangeKind.RemovePledge:
                Assert.Equal(1, _pledges.RemoveAll(o => o.Id == change.PledgeId));
                break;
            case AllocationChangeKind.SetQuantity:
                _pledges.Single(o => o.Id == change.PledgeId).Quantity = change.Value;
                break;
            case AllocationChangeKind.SetNeed:
                _units.Single(u => u.Code == change.Unit).Need = change.Value;
                break;
            case AllocationChangeKind.SetCapacity:
                _aggregators.Single(a => a.Id == change.AggregatorId).Capacity = change.Value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "a kind of change this copy does not know");
        }

        _applied[change.Kind] = _applied.GetValueOrDefault(change.Kind) + 1;
    }

    private static Pledge Copy(SolverPledge o) => new(o.Id, o.Collaborator, o.Origin, [.. o.Areas], o.ViaAggregator) { Quantity = o.Quantity };

    private sealed record Unit(RegionCode Code, GeoPoint Location)
    {
        public long Need { get; set; }
    }

    private sealed record Aggregator(string Id, GeoPoint Depot, RegionCode[] ServiceAreas)
    {
        public long Capacity { get; set; }
    }

    private sealed record Pledge(string Id, string Collaborator, GeoPoint? Origin, RegionCode[] Areas, string? Via)
    {
        public long Quantity { get; set; }
    }
}
