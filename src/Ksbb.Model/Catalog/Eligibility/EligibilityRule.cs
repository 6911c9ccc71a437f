using Ksbb.Model.Regions;

namespace Ksbb.Model.Catalog.Eligibility;

/// <summary>
/// An eligibility rule, stated as data in the catalogue: who may receive a programme's items. The kinds are
/// <see cref="RegistrationRule"/> (<c>registration</c>), <see cref="RoleRule"/> (<c>role</c>) and
/// <see cref="AreaListRule"/> (<c>area-list</c>).
/// </summary>
/// <remarks>The set of kinds is closed (the constructor is internal); the parameters are data. Immutable and thread-safe.</remarks>
public abstract class EligibilityRule
{
    private protected EligibilityRule()
    {
    }

    /// <summary>Gets the rule's kind code as written in catalogue JSON: <c>registration</c>, <c>role</c> or <c>area-list</c>.</summary>
    public abstract string Kind { get; }

    internal abstract EligibilityReason Evaluate(CatalogItem item, Beneficiary beneficiary, IReadOnlyDictionary<string, AreaList> areaLists);
}

/// <summary>The beneficiary must be registered in a named registry, for example <c>jakpreneur</c> for KSBB UMKM.</summary>
public sealed class RegistrationRule : EligibilityRule
{
    private RegistrationRule(string registry) => Registry = registry;

    /// <summary>Gets the registry code, for example <c>jakpreneur</c>.</summary>
    public string Registry { get; }

    /// <inheritdoc/>
    public override string Kind => "registration";

    /// <summary>Creates the rule.</summary>
    /// <param name="registry">The registry code: lower-case letters, digits and '-'.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentException">The code is malformed.</exception>
    public static RegistrationRule Create(string registry)
    {
        CatalogGuard.Code(registry, "registry", nameof(registry));
        return new RegistrationRule(registry);
    }

    internal override EligibilityReason Evaluate(CatalogItem item, Beneficiary beneficiary, IReadOnlyDictionary<string, AreaList> areaLists) =>
        beneficiary.IsRegisteredIn(Registry)
            ? new(Kind, true, $"registered in {Registry}")
            : new(Kind, false, $"{item.Code} is only for beneficiaries registered in {Registry}; this one is not");

    /// <inheritdoc/>
    public override string ToString() => $"registration: {Registry}";
}

/// <summary>The beneficiary must have one of the listed roles, for example <c>peserta-didik</c> (student) for a tablet.</summary>
public sealed class RoleRule : EligibilityRule
{
    private readonly string[] _roles;

    private RoleRule(string[] roles) => _roles = roles;

    /// <summary>Gets the accepted roles.</summary>
    public IReadOnlyList<string> Roles => _roles;

    /// <inheritdoc/>
    public override string Kind => "role";

    /// <summary>Creates the rule.</summary>
    /// <param name="roles">One or more role codes: lower-case letters, digits and '-'.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentException">The list is empty or a code is malformed.</exception>
    public static RoleRule Create(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var list = roles.Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A role rule needs at least one role.", nameof(roles));
        }

        foreach (var role in list)
        {
            CatalogGuard.Code(role, "role", nameof(roles));
        }

        return new RoleRule(list);
    }

    internal override EligibilityReason Evaluate(CatalogItem item, Beneficiary beneficiary, IReadOnlyDictionary<string, AreaList> areaLists)
    {
        var match = Array.Find(_roles, beneficiary.HasRole);
        return match is not null
            ? new(Kind, true, $"has role {match}")
            : new(Kind, false, $"{item.Code} is for role {string.Join(" or ", _roles)}; the beneficiary has {(beneficiary.Roles.Count == 0 ? "no role" : "role " + string.Join(", ", beneficiary.Roles))}");
    }

    /// <inheritdoc/>
    public override string ToString() => $"role: {string.Join(", ", _roles)}";
}

/// <summary>
/// The beneficiary's unit must lie in an area of a named list (for example <c>cap-2019</c>, the RWs of the Community
/// Action Plan 2019) and, when <see cref="RequireRecordedItem"/> is set, the list must record this item for that area.
/// </summary>
public sealed class AreaListRule : EligibilityRule
{
    private AreaListRule(string list, bool requireRecordedItem)
    {
        List = list;
        RequireRecordedItem = requireRecordedItem;
    }

    /// <summary>Gets the list's name, for example <c>cap-2019</c>.</summary>
    public string List { get; }

    /// <summary>Gets a value indicating whether the list must record this very item for the area (not just list the area).</summary>
    public bool RequireRecordedItem { get; }

    /// <inheritdoc/>
    public override string Kind => "area-list";

    /// <summary>Creates the rule.</summary>
    /// <param name="list">The list name: lower-case letters, digits and '-'.</param>
    /// <param name="requireRecordedItem">Whether the list must record the item for the area.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentException">The name is malformed.</exception>
    public static AreaListRule Create(string list, bool requireRecordedItem = true)
    {
        CatalogGuard.Code(list, "area list", nameof(list));
        return new AreaListRule(list, requireRecordedItem);
    }

    internal override EligibilityReason Evaluate(CatalogItem item, Beneficiary beneficiary, IReadOnlyDictionary<string, AreaList> areaLists)
    {
        if (!areaLists.TryGetValue(List, out var list))
        {
            return new(Kind, false, $"area list {List} was not given to the evaluator, so no unit can qualify");
        }

        if (!list.TryFindArea(beneficiary.Unit, out var area, out var items))
        {
            return new(Kind, false, $"{beneficiary.Unit} is not in an area of list {List}");
        }

        if (RequireRecordedItem && !items.Contains(item.Code))
        {
            return new(Kind, false, $"list {List} records {(items.Count == 0 ? "no item" : string.Join(", ", items))} for {area}, not {item.Code}");
        }

        return new(Kind, true, RequireRecordedItem ? $"{area} is in list {List} with {item.Code} recorded" : $"{area} is in list {List}");
    }

    /// <inheritdoc/>
    public override string ToString() => $"area-list: {List}{(RequireRecordedItem ? " (recorded item)" : string.Empty)}";
}
