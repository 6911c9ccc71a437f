using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>The solver's record of a pledge: a quantity delivered directly or via an aggregator, with string ids as the JSON contract has them.</summary>
/// <remarks>Built only by <see cref="AllocationProblem.From"/> (from <see cref="Ksbb.Model.Pledges.Pledge"/>) and by the <c>ksbb.allocation-problem/1</c> reader; the public vocabulary is Ksbb.Model's.</remarks>
internal sealed class SolverPledge
{
    /// <summary>Creates a direct pledge.</summary>
    /// <param name="id">The pledge id, unique in a problem.</param>
    /// <param name="collaborator">The collaborator's id (may be empty).</param>
    /// <param name="quantity">The items offered, &gt; 0.</param>
    /// <param name="origin">Where deliveries start, or <see langword="null"/> (distance 0).</param>
    /// <param name="areas">The areas it may reach; empty: every unit.</param>
    /// <returns>The pledge.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or an area is the default code.</exception>
    /// <exception cref="FormatException"><paramref name="id"/> breaks the pledge id rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is not positive.</exception>
    public static SolverPledge Direct(string id, string collaborator, long quantity, GeoPoint? origin, IEnumerable<RegionCode>? areas = null) =>
        new(id, collaborator, quantity, origin, AreaList.From(areas, nameof(areas)), null);

    /// <summary>Creates a pledge delivered via an aggregator.</summary>
    /// <param name="id">The pledge id, unique in a problem.</param>
    /// <param name="collaborator">The collaborator's id (may be empty).</param>
    /// <param name="quantity">The items offered, &gt; 0.</param>
    /// <param name="via">The aggregator id.</param>
    /// <returns>The pledge.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="via"/> is empty.</exception>
    /// <exception cref="FormatException"><paramref name="id"/> breaks the pledge id rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is not positive.</exception>
    public static SolverPledge Via(string id, string collaborator, long quantity, string via)
    {
        ArgumentException.ThrowIfNullOrEmpty(via);
        return new(id, collaborator, quantity, null, [], via);
    }

    /// <summary>The one adapter from a pledge in Ksbb.Model's vocabulary to the solver's record (ids become the JSON contract's strings).</summary>
    public static SolverPledge From(Ksbb.Model.Pledges.Pledge pledge) => pledge.Channel == Ksbb.Model.Pledges.PledgeChannel.Aggregator
        ? Via(pledge.Id.Value, pledge.Collaborator.Value, pledge.Quantity, pledge.Aggregator!.Value.Value)
        : Direct(pledge.Id.Value, pledge.Collaborator.Value, pledge.Quantity, pledge.Origin, pledge.Areas);

    private SolverPledge(string id, string collaborator, long quantity, GeoPoint? origin, IReadOnlyList<RegionCode> areas, string? via)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(collaborator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        Id = id;
        PledgeId = Ksbb.Model.Pledges.PledgeId.Parse(id);
        Collaborator = collaborator;
        Quantity = quantity;
        Origin = origin;
        Areas = areas;
        ViaAggregator = via;
    }

    /// <summary>Gets the pledge id.</summary>
    public string Id { get; }

    /// <summary>Gets the pledge id as the public vocabulary has it, parsed once when the record is built.</summary>
    public Ksbb.Model.Pledges.PledgeId PledgeId { get; }

    /// <summary>Gets the collaborator's id.</summary>
    public string Collaborator { get; }

    /// <summary>Gets the items offered.</summary>
    public long Quantity { get; }

    /// <summary>Gets the origin of a direct pledge, or <see langword="null"/>.</summary>
    public GeoPoint? Origin { get; }

    /// <summary>Gets the areas of a direct pledge (empty: every unit; always empty for a pledge via an aggregator).</summary>
    public IReadOnlyList<RegionCode> Areas { get; }

    /// <summary>Gets the aggregator id of a pledge via an aggregator, or <see langword="null"/> for a direct pledge.</summary>
    public string? ViaAggregator { get; }

    /// <summary>Gets a value indicating whether the pledge is delivered via an aggregator.</summary>
    public bool IsVia => ViaAggregator is not null;
}

internal static class AreaList
{
    public static RegionCode[] From(IEnumerable<RegionCode>? areas, string name)
    {
        var list = areas is null ? [] : areas.ToArray();
        foreach (var area in list)
        {
            if (area.IsDefault)
            {
                throw new ArgumentException("An area cannot be the default region code.", name);
            }
        }

        return list;
    }
}
