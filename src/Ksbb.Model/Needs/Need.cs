using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Model.Needs;

/// <summary>How many of an item a unit (usually an RT or RW) needs in a period: the public figure on the need map.</summary>
/// <remarks>
/// The quantity is a whole number of the item's unit (for example food packages for poor households). It carries no
/// personal data. Immutable and thread-safe.
/// </remarks>
public sealed class Need
{
    private Need(RegionCode unit, ItemCode item, DistributionPeriod period, long quantity)
    {
        Unit = unit;
        Item = item;
        Period = period;
        Quantity = quantity;
    }

    /// <summary>Gets the unit in need (any level; usually an RT or RW).</summary>
    public RegionCode Unit { get; }

    /// <summary>Gets the need's key: unit, item and period.</summary>
    public NeedKey Key => new(Unit, Item, Period);

    /// <summary>Gets the item needed.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets the period the need is for.</summary>
    public DistributionPeriod Period { get; }

    /// <summary>Gets the quantity needed, a whole number ≥ 0 of the item's unit.</summary>
    public long Quantity { get; }

    /// <summary>Creates a need.</summary>
    /// <param name="unit">The unit; not the default value.</param>
    /// <param name="item">The item; not the default value.</param>
    /// <param name="period">The period; not the default value.</param>
    /// <param name="quantity">The quantity, ≥ 0.</param>
    /// <returns>The need.</returns>
    /// <exception cref="ArgumentException">An argument is a default value or the quantity is negative.</exception>
    public static Need Create(RegionCode unit, ItemCode item, DistributionPeriod period, long quantity)
    {
        Guard.Region(unit, nameof(unit));
        Guard.Item(item, nameof(item));
        Guard.Period(period, nameof(period));
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        return new Need(unit, item, period, quantity);
    }

    /// <summary>Returns this need with another quantity.</summary>
    /// <param name="quantity">The new quantity, ≥ 0.</param>
    /// <returns>The changed need.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The quantity is negative.</exception>
    public Need WithQuantity(long quantity) => Create(Unit, Item, Period, quantity);

    /// <summary>Returns a short description.</summary>
    /// <returns>For example <c>31.71.01.1001.005.003 pangan.paket-sembako 2020-11: 12</c>.</returns>
    public override string ToString() => $"{Unit} {Item} {Period}: {Quantity}";
}
