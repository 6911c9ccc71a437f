using Ksbb.Model.Catalog;
using Ksbb.Model.Time;

namespace Ksbb.Ledger.Export;

/// <summary>Settings of a <see cref="PublicExport"/>.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record PublicExportOptions
{
    /// <summary>Gets the defaults: threshold 5, every period, individuals not named.</summary>
    public static PublicExportOptions Default { get; } = new();

    /// <summary>
    /// Gets the smallest household count published for an RT. Counts from 1 to this minus 1 are suppressed at the RT and
    /// added to the RW's roll-up instead (itself suppressed when still below). Default 5; at least 1 (1 publishes all).
    /// </summary>
    public int HouseholdThreshold { get; init; } = 5;

    /// <summary>Gets the only period to export, or <see langword="null"/> for all.</summary>
    public DistributionPeriod? Period { get; init; }

    /// <summary>
    /// Gets a value indicating whether collaborators of category <c>perorangan</c> (individuals) are named. Default
    /// <see langword="false"/>: an individual appears as <see cref="Ksbb.Model.Collaborators.PublicCollaborator.AnonymousName"/> unless the person consented (<see cref="Ksbb.Model.Collaborators.Collaborator.PublishName"/>); <see langword="true"/> names every individual (the operator asserts every consent).
    /// </summary>
    public bool NameIndividuals { get; init; }

    /// <summary>Gets the catalogue whose per-household rules give each need in households (<see cref="PublicNeedRecord.HouseholdsInNeed"/>), or <see langword="null"/> (the default) for <see cref="ProgrammeCatalog.Default"/>.</summary>
    public ProgrammeCatalog? Catalog { get; init; }
}
