using Ksbb.Model.Regions;

namespace Ksbb.Model.Catalog.Eligibility;

/// <summary>What the eligibility rules look at about a prospective recipient: where, in which roles, registered where.</summary>
/// <remarks>
/// It carries no identity: a household, student, teacher or UMKM is described only by its unit and codes. Immutable
/// and thread-safe.
/// </remarks>
public sealed class Beneficiary
{
    private readonly HashSet<string> _roles;
    private readonly HashSet<string> _registrations;

    private Beneficiary(RegionCode unit, HashSet<string> roles, HashSet<string> registrations)
    {
        Unit = unit;
        _roles = roles;
        _registrations = registrations;
    }

    /// <summary>Gets the unit the beneficiary lives or works in (an RT, RW or coarser).</summary>
    public RegionCode Unit { get; }

    /// <summary>Gets the role codes, in ordinal order (for example <c>peserta-didik</c>, <c>pendidik</c>).</summary>
    public IReadOnlyList<string> Roles => [.. _roles.Order(StringComparer.Ordinal)];

    /// <summary>Gets the registry codes the beneficiary is registered in, in ordinal order (for example <c>jakpreneur</c>).</summary>
    public IReadOnlyList<string> Registrations => [.. _registrations.Order(StringComparer.Ordinal)];

    /// <summary>Describes a beneficiary.</summary>
    /// <param name="unit">The unit; not the default value.</param>
    /// <param name="roles">Role codes; <see langword="null"/> for none.</param>
    /// <param name="registrations">Registry codes; <see langword="null"/> for none.</param>
    /// <returns>The beneficiary.</returns>
    /// <exception cref="ArgumentException">The unit is the default value or a code is malformed.</exception>
    public static Beneficiary Create(RegionCode unit, IEnumerable<string>? roles = null, IEnumerable<string>? registrations = null)
    {
        Guard.Region(unit, nameof(unit));
        var roleSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles ?? [])
        {
            CatalogGuard.Code(role, "role", nameof(roles));
            roleSet.Add(role);
        }

        var registrySet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registry in registrations ?? [])
        {
            CatalogGuard.Code(registry, "registry", nameof(registrations));
            registrySet.Add(registry);
        }

        return new Beneficiary(unit, roleSet, registrySet);
    }

    /// <summary>Returns whether the beneficiary has a role.</summary>
    /// <param name="role">The role code.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool HasRole(string role) => _roles.Contains(role);

    /// <summary>Returns whether the beneficiary is registered in a registry.</summary>
    /// <param name="registry">The registry code.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool IsRegisteredIn(string registry) => _registrations.Contains(registry);

    /// <summary>Returns the unit and codes.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Unit} roles [{string.Join(", ", Roles)}] registrations [{string.Join(", ", Registrations)}]";
}
