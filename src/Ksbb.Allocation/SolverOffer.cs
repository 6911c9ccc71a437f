using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>The solver's record of an offer: a quantity delivered directly or via an aggregator, with string ids as the JSON contract has them.</summary>
/// <remarks>Built only by <see cref="AllocationProblem.From"/> (from <see cref="Ksbb.Model.Offers.Offer"/>) and by the <c>ksbb.allocation-problem/1</c> reader; the public vocabulary is Ksbb.Model's.</remarks>
internal sealed class SolverOffer
{
    /// <summary>Creates a direct offer.</summary>
    /// <param name="id">The offer id, unique in a problem.</param>
    /// <param name="collaborator">The collaborator's id (may be empty).</param>
    /// <param name="quantity">The items offered, &gt; 0.</param>
    /// <param name="origin">Where deliveries start, or <see langword="null"/> (distance 0).</param>
    /// <param name="areas">The areas it may reach; empty: every unit.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or an area is the default code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is not positive.</exception>
    public static SolverOffer Direct(string id, string collaborator, long quantity, GeoPoint? origin, IEnumerable<RegionCode>? areas = null) =>
        new(id, collaborator, quantity, origin, AreaList.From(areas, nameof(areas)), null);

    /// <summary>Creates an offer delivered via an aggregator.</summary>
    /// <param name="id">The offer id, unique in a problem.</param>
    /// <param name="collaborator">The collaborator's id (may be empty).</param>
    /// <param name="quantity">The items offered, &gt; 0.</param>
    /// <param name="via">The aggregator id.</param>
    /// <returns>The offer.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="via"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is not positive.</exception>
    public static SolverOffer Via(string id, string collaborator, long quantity, string via)
    {
        ArgumentException.ThrowIfNullOrEmpty(via);
        return new(id, collaborator, quantity, null, [], via);
    }

    /// <summary>The one adapter from a pledge in Ksbb.Model's vocabulary to the solver's record (ids become the JSON contract's strings).</summary>
    public static SolverOffer From(Ksbb.Model.Offers.Offer offer) => offer.Channel == Ksbb.Model.Offers.OfferChannel.Aggregator
        ? Via(offer.Id.Value, offer.Collaborator.Value, offer.Quantity, offer.Aggregator!.Value.Value)
        : Direct(offer.Id.Value, offer.Collaborator.Value, offer.Quantity, offer.Origin, offer.Areas);

    private SolverOffer(string id, string collaborator, long quantity, GeoPoint? origin, IReadOnlyList<RegionCode> areas, string? via)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(collaborator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        Id = id;
        Collaborator = collaborator;
        Quantity = quantity;
        Origin = origin;
        Areas = areas;
        ViaAggregator = via;
    }

    /// <summary>Gets the offer id.</summary>
    public string Id { get; }

    /// <summary>Gets the collaborator's id.</summary>
    public string Collaborator { get; }

    /// <summary>Gets the items offered.</summary>
    public long Quantity { get; }

    /// <summary>Gets the origin of a direct offer, or <see langword="null"/>.</summary>
    public GeoPoint? Origin { get; }

    /// <summary>Gets the areas of a direct offer (empty: every unit; always empty for an offer via an aggregator).</summary>
    public IReadOnlyList<RegionCode> Areas { get; }

    /// <summary>Gets the aggregator id of an offer via an aggregator, or <see langword="null"/> for a direct offer.</summary>
    public string? ViaAggregator { get; }

    /// <summary>Gets a value indicating whether the offer is delivered via an aggregator.</summary>
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
