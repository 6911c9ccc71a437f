using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Model.Needs;

/// <summary>Identifies one need (in the ledger, the need map and allocation): a unit (RT, RW or coarser region), an item and a period.</summary>
/// <remarks>
/// A plain value: equality is by the three parts. The <see langword="default"/> value names no need and is refused by
/// every ledger and store method. This type is immutable and thread-safe.
/// </remarks>
/// <param name="Unit">The region whose need this is, usually an RT or an RW.</param>
/// <param name="Item">The catalogue item, for example <c>pangan.paket-sembako</c>.</param>
/// <param name="Period">The period the need covers, for example <c>2020-05</c>.</param>
public readonly record struct NeedKey(RegionCode Unit, ItemCode Item, DistributionPeriod Period)
{
    /// <summary>Gets a value indicating whether any part is the default value (so the key names no need).</summary>
    public bool IsDefault => Unit.IsDefault || Item.IsDefault || Period.IsDefault;

    /// <summary>Returns <c>unit item period</c>, for messages.</summary>
    /// <returns>The three parts separated by spaces.</returns>
    public override string ToString() => $"{Unit} {Item} {Period}";
}
