using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Ledger.Export;

/// <summary>One collaborator's help for one need, as published.</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Name">The public name (<see cref="Ksbb.Model.Collaborators.PublicCollaborator.AnonymousName"/> for individuals not named; "unregistered" without a record).</param>
/// <param name="Category">The category code (<c>unknown</c> without a record).</param>
/// <param name="Reserved">The quantity reserved and not yet delivered, or <see langword="null"/> when the need's household count is suppressed.</param>
/// <param name="Delivered">The quantity delivered (delivered or verified), or <see langword="null"/> when the need's household count is suppressed.</param>
public sealed record PublicHelper(string Name, string Category, long? Reserved, long? Delivered);

/// <summary>One need as published: quantities, helpers and (when not suppressed) the households reached.</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Unit">The unit (RT, RW or coarser).</param>
/// <param name="Item">The item.</param>
/// <param name="Period">The period.</param>
/// <param name="Need">The quantity needed.</param>
/// <param name="Reserved">The quantity reserved and live, or <see langword="null"/> when the household count is suppressed.</param>
/// <param name="Delivered">The quantity delivered, or <see langword="null"/> when the household count is suppressed (it would give the count back).</param>
/// <param name="Households">Households reached, or <see langword="null"/> when suppressed (a small count, see <see cref="PublicExportOptions.HouseholdThreshold"/>).</param>
/// <param name="Helpers">Who helps, ordered by name.</param>
public sealed record PublicNeedRecord(
    RegionCode Unit,
    ItemCode Item,
    DistributionPeriod Period,
    long Need,
    long? Reserved,
    long? Delivered,
    int? Households,
    IReadOnlyList<PublicHelper> Helpers)
{
    /// <summary>Gets how the need's deliveries stand (delivered, verified, with evidence, located outside the claimed unit), or <see langword="null"/> when the household count is suppressed.</summary>
    /// <remarks>Counts of deliveries per <see cref="DeliveryStanding"/>, in the order of its values; no delivery is named and no evidence hash is published.</remarks>
    public IReadOnlyList<PublicDeliveryCount>? Deliveries { get; init; }

    /// <summary>Gets the need in households, by the catalogue's per-household rule for the item (<see cref="CatalogItem.HouseholdsIn"/>), or <see langword="null"/> when the item is not counted per household. Derived from <see cref="Need"/>, so never suppressed.</summary>
    public long? HouseholdsInNeed { get; init; }
}

/// <summary>How many of a need's deliveries have one standing.</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Standing">The standing's published code (<see cref="DeliveryProof.Code"/>): <c>delivered</c>, <c>delivered-with-evidence</c>, <c>verified</c>, <c>verified-with-evidence</c> or <c>located-outside-claimed-unit</c>.</param>
/// <param name="Count">How many deliveries, at least 1.</param>
public sealed record PublicDeliveryCount(string Standing, int Count);

/// <summary>Households of RTs whose counts were suppressed, rolled up to their RW.</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Rw">The RW.</param>
/// <param name="Item">The item.</param>
/// <param name="Period">The period.</param>
/// <param name="SuppressedRts">How many RTs of this RW had their count suppressed.</param>
/// <param name="Households">The total of those counts, or <see langword="null"/> when it is itself below the threshold.</param>
public sealed record PublicRwRollup(RegionCode Rw, ItemCode Item, DistributionPeriod Period, int SuppressedRts, int? Households);

/// <summary>Totals per unit, flat, for the properties of a map feature (joined on <see cref="Unit"/>).</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Unit">The unit code (dotted), the join key.</param>
/// <param name="Level">The unit's level name (<c>rt</c>, <c>rw</c>, …).</param>
/// <param name="Need">Total need over the exported items and periods.</param>
/// <param name="Reserved">Total reserved, or <see langword="null"/> when any of the unit's household counts is suppressed.</param>
/// <param name="Delivered">Total delivered, or <see langword="null"/> when any of the unit's household counts is suppressed.</param>
/// <param name="Remaining">Need − reserved − delivered, at least 0; <see langword="null"/> when any of the unit's household counts is suppressed.</param>
/// <param name="FillRate">(Reserved + delivered) ÷ need, 0 to 1 or more (1 when the need is 0); <see langword="null"/> when any of the unit's household counts is suppressed.</param>
/// <param name="Helpers">The distinct helper names, joined with <c>"; "</c>.</param>
/// <param name="HelperCount">How many distinct helpers.</param>
/// <param name="Households">Households reached, or <see langword="null"/> when any count was suppressed.</param>
public sealed record PublicUnitProperties(
    string Unit,
    string Level,
    long Need,
    long? Reserved,
    long? Delivered,
    long? Remaining,
    double? FillRate,
    string Helpers,
    int HelperCount,
    int? Households)
{
    /// <summary>Gets the households in need of the unit: the largest need in households over its exported needs counted per household (the same households need several items), or <see langword="null"/> when none is.</summary>
    public long? HouseholdsInNeed { get; init; }
}
