using Ksbb.Model.Collaborators;
using NodaTime;

namespace Ksbb.Model.Catalog;

/// <summary>
/// Figures the KSBB programme published, exactly as published: what a report may print as counted. Anything a
/// program generates or estimates is not here and must be labelled as generated where it is shown.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public static class PublishedFigures
{
    /// <summary>Gets the date of the collaborator count and of the devices count: 26 November 2020.</summary>
    public static LocalDate CountedOn { get; } = new(2020, 11, 26);

    /// <summary>Gets the collaborators per category as counted on <see cref="CountedOn"/>: 222 in all.</summary>
    /// <remarks>The programme gave no breakdown below the five categories (for example of NGOs, UN agencies and universities).</remarks>
    public static IReadOnlyList<KeyValuePair<CollaboratorCategory, int>> CollaboratorsByCategory { get; } =
    [
        new(CollaboratorCategory.Perorangan, 35),
        new(CollaboratorCategory.LembagaUsaha, 103),
        new(CollaboratorCategory.LembagaPemerintah, 18),
        new(CollaboratorCategory.LsmOmsPbbUniversitas, 53),
        new(CollaboratorCategory.LuarNegeri, 13),
    ];

    /// <summary>Gets the number of collaborators on <see cref="CountedOn"/>: 222.</summary>
    public static int Collaborators => CollaboratorsByCategory.Sum(c => c.Value);

    /// <summary>Gets the KSBB Pendidikan devices collected from prospective collaborators by its launch on <see cref="CountedOn"/>: 1,208.</summary>
    public static int DevicesCollected => 1208;
}
