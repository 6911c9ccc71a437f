using Ksbb.Model.Catalog.Eligibility;

namespace Ksbb.Model.Catalog;

/// <summary>An item a programme gives: its code, name, unit of count, recipient kind, bundled items and eligibility rules.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CatalogItem
{
    private readonly ItemCode[] _bundles;
    private readonly EligibilityRule[] _rules;

    private CatalogItem(ItemCode code, BilingualText name, string unit, BilingualText unitName, string recipient, ItemCode[] bundles, EligibilityRule[] rules)
    {
        Code = code;
        Name = name;
        Unit = unit;
        UnitName = unitName;
        Recipient = recipient;
        _bundles = bundles;
        _rules = rules;
    }

    /// <summary>Gets the item code, for example <c>pendidikan.tablet</c>.</summary>
    public ItemCode Code { get; }

    /// <summary>Gets the item's name.</summary>
    public BilingualText Name { get; }

    /// <summary>Gets the unit quantities are counted in, as a code, for example <c>paket</c> or <c>unit</c>. Quantities are whole numbers of it.</summary>
    public string Unit { get; }

    /// <summary>Gets the unit's description, for example "paket per keluarga" / "package per household".</summary>
    public BilingualText UnitName { get; }

    /// <summary>Gets who receives the item, as a code: for example <c>keluarga</c> (household), <c>peserta-didik</c> (student), <c>pendidik</c> (teacher), <c>umkm</c>, <c>rw</c>.</summary>
    public string Recipient { get; }

    /// <summary>Gets the items given along with each unit of this one (for example the Kartu Internet Belajar with each student device).</summary>
    public IReadOnlyList<ItemCode> Bundles => _bundles;

    /// <summary>Gets the item's own eligibility rules (the programme's rules apply too).</summary>
    public IReadOnlyList<EligibilityRule> Rules => _rules;

    /// <summary>Gets the programme's rule of how many of the item one household in need receives (for example 1 staple-food package per household), or <see langword="null"/> when the item is not counted per household.</summary>
    /// <value>1 or more, or <see langword="null"/>; in the catalogue document, <c>perHousehold</c>.</value>
    public long? QuantityPerHousehold { get; private init; }

    /// <summary>Returns this item with a per-household rule.</summary>
    /// <param name="perHousehold">How many of the item one household receives, 1 or more; <see langword="null"/> for none.</param>
    /// <returns>The changed item.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="perHousehold"/> is below 1.</exception>
    public CatalogItem WithQuantityPerHousehold(long? perHousehold)
    {
        if (perHousehold is { } per)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(per, 1, nameof(perHousehold));
        }

        return new CatalogItem(Code, Name, Unit, UnitName, Recipient, _bundles, _rules) { QuantityPerHousehold = perHousehold };
    }

    /// <summary>Derives the quantity a number of households in need receive under the per-household rule.</summary>
    /// <param name="households">The households, 0 or more.</param>
    /// <returns><paramref name="households"/> × <see cref="QuantityPerHousehold"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="households"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The item has no per-household rule; the message names it.</exception>
    /// <exception cref="OverflowException">The quantity would not fit in 64 bits.</exception>
    public long QuantityForHouseholds(long households)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(households);
        var per = QuantityPerHousehold ?? throw new InvalidOperationException($"Item {Code} is not counted per household: the catalogue gives it no perHousehold rule (its unit is {Unit}, for {Recipient}).");
        return checked(households * per);
    }

    /// <summary>Derives how many households a quantity of the item serves under the per-household rule.</summary>
    /// <param name="quantity">The quantity, for example a need.</param>
    /// <returns>The households, or <see langword="null"/> when the item has no per-household rule or the quantity is not a whole number of households' shares.</returns>
    public long? HouseholdsIn(long quantity) =>
        QuantityPerHousehold is { } per && quantity >= 0 && quantity % per == 0 ? quantity / per : null;

    /// <summary>Creates an item.</summary>
    /// <param name="code">The item code; not the default value.</param>
    /// <param name="name">The name.</param>
    /// <param name="unit">The unit code: lower-case letters, digits and '-', like an item segment.</param>
    /// <param name="unitName">The unit's description.</param>
    /// <param name="recipient">The recipient kind code: lower-case letters, digits and '-'.</param>
    /// <param name="bundles">Items given along with this one; <see langword="null"/> for none. Must not include the item itself.</param>
    /// <param name="rules">The item's eligibility rules; <see langword="null"/> for none.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule above.</exception>
    public static CatalogItem Create(ItemCode code, BilingualText name, string unit, BilingualText unitName, string recipient, IEnumerable<ItemCode>? bundles = null, IEnumerable<EligibilityRule>? rules = null)
    {
        Guard.Item(code, nameof(code));
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(unitName);
        CatalogGuard.Code(unit, "unit", nameof(unit));
        CatalogGuard.Code(recipient, "recipient", nameof(recipient));
        var bundleList = bundles?.Distinct().ToArray() ?? [];
        if (Array.Exists(bundleList, b => b.IsDefault || b == code))
        {
            throw new ArgumentException($"Item {code} cannot bundle itself or the default item code.", nameof(bundles));
        }

        var ruleList = rules?.ToArray() ?? [];
        if (Array.Exists(ruleList, r => r is null))
        {
            throw new ArgumentException($"Item {code} has a null rule.", nameof(rules));
        }

        return new CatalogItem(code, name, unit, unitName, recipient, bundleList, ruleList);
    }

    /// <summary>Returns the item code.</summary>
    /// <returns>The item code.</returns>
    public override string ToString() => Code.ToString();
}

/// <summary>Checks for catalogue codes.</summary>
internal static class CatalogGuard
{
    public static void Code(string? text, string what, string name)
    {
        ArgumentNullException.ThrowIfNull(text, name);
        if (!ItemCode.IsValidSegment(text))
        {
            throw new ArgumentException($"The {what} code '{text}' must have 1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.", name);
        }
    }
}
