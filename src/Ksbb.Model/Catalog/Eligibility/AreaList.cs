using System.Diagnostics.CodeAnalysis;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Catalog.Eligibility;

/// <summary>One area of an <see cref="AreaList"/> with the items recorded for it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class AreaListEntry
{
    private readonly ItemCode[] _items;

    private AreaListEntry(RegionCode area, ItemCode[] items)
    {
        Area = area;
        _items = items;
    }

    /// <summary>Gets the area, for example an RW.</summary>
    public RegionCode Area { get; }

    /// <summary>Gets the items recorded for the area, in code order.</summary>
    public IReadOnlyList<ItemCode> Items => _items;

    /// <summary>Creates an entry.</summary>
    /// <param name="area">The area; not the default value.</param>
    /// <param name="items">The recorded items (duplicates dropped); may be empty.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException">The area or an item is a default value.</exception>
    public static AreaListEntry Create(RegionCode area, IEnumerable<ItemCode> items)
    {
        Guard.Region(area, nameof(area));
        ArgumentNullException.ThrowIfNull(items);
        var list = items.Distinct().Order().ToArray();
        if (Array.Exists(list, i => i.IsDefault))
        {
            throw new ArgumentException($"Area {area}: an item code is the default value.", nameof(items));
        }

        return new AreaListEntry(area, list);
    }
}

/// <summary>
/// A named list of areas with the items recorded for each, for example <c>cap-2019</c>: the RWs whose needs the
/// Community Action Plan 2019 recorded, with the kinds of work (greening, sanitation, facilities) it recorded.
/// </summary>
/// <remarks>Host data, not catalogue data: an <see cref="AreaListRule"/> names the list. Immutable and thread-safe.</remarks>
public sealed class AreaList
{
    private readonly Dictionary<RegionCode, AreaListEntry> _entries;

    private AreaList(string name, Dictionary<RegionCode, AreaListEntry> entries)
    {
        Name = name;
        _entries = entries;
    }

    /// <summary>Gets the list's name, for example <c>cap-2019</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the entries, in area code order.</summary>
    public IReadOnlyList<AreaListEntry> Entries => [.. _entries.Values.OrderBy(e => e.Area)];

    /// <summary>Gets the number of areas.</summary>
    public int Count => _entries.Count;

    /// <summary>Creates a list.</summary>
    /// <param name="name">The name: lower-case letters, digits and '-'.</param>
    /// <param name="entries">The entries; an area may appear once.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentException">The name is malformed or an area appears twice.</exception>
    public static AreaList Create(string name, IEnumerable<AreaListEntry> entries)
    {
        CatalogGuard.Code(name, "area list", nameof(name));
        ArgumentNullException.ThrowIfNull(entries);
        var map = new Dictionary<RegionCode, AreaListEntry>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (!map.TryAdd(entry.Area, entry))
            {
                throw new ArgumentException($"Area list {name} lists {entry.Area} twice.", nameof(entries));
            }
        }

        return new AreaList(name, map);
    }

    /// <summary>Finds the listed area a unit lies in (the unit itself or its nearest listed ancestor).</summary>
    /// <param name="unit">The unit, for example an RT inside a listed RW.</param>
    /// <param name="area">The listed area.</param>
    /// <param name="items">The items recorded for it.</param>
    /// <returns><see langword="true"/> when the unit lies in a listed area.</returns>
    public bool TryFindArea(RegionCode unit, out RegionCode area, [NotNullWhen(true)] out IReadOnlyList<ItemCode>? items)
    {
        for (RegionCode? code = unit; code is { } c; code = c.Parent)
        {
            if (_entries.TryGetValue(c, out var entry))
            {
                area = c;
                items = entry.Items;
                return true;
            }
        }

        area = default;
        items = null;
        return false;
    }

    /// <summary>Returns the name and size.</summary>
    /// <returns>For example <c>cap-2019 (212 areas)</c>.</returns>
    public override string ToString() => $"{Name} ({Count} areas)";
}
