using Ksbb.Model.Regions;

namespace Ksbb.Model.Catalog.Eligibility;

/// <summary>
/// What a host knows about the people and enterprises aid goes to: the roles (for example <c>peserta-didik</c>,
/// <c>pendidik</c>) and registrations (for example <c>jakpreneur</c>) a beneficiary identifier holds. The ledger asks it
/// when a delivery names its beneficiaries, so the catalogue's role and registration rules hold for each of them.
/// </summary>
/// <remarks>
/// <para>
/// The host implements it over its registries (Jakpreneur, the education office's lists); the ledger package has a
/// file-backed implementation for operators. Identifiers are the tagged household identifiers deliveries take,
/// <c>nik:</c> or <c>kk:</c> followed by 16 digits, lower-case tag and digits only (for example
/// <c>nik:3171014107800001</c>); they are personal data, so an implementation never logs them.
/// </para>
/// <para>Implementations must be thread-safe: one instance serves concurrent deliveries.</para>
/// </remarks>
public interface IBeneficiaryDirectory
{
    /// <summary>Describes a beneficiary for the eligibility rules, placed at the unit a delivery goes to.</summary>
    /// <param name="beneficiary">The tagged identifier, for example <c>nik:3171014107800001</c>.</param>
    /// <param name="unit">The unit of the delivery (the need's unit), which becomes <see cref="Beneficiary.Unit"/>.</param>
    /// <returns>The beneficiary with its roles and registrations, or <see langword="null"/> when the directory does not know the identifier.</returns>
    Beneficiary? Find(string beneficiary, RegionCode unit);
}
