namespace Ksbb.Model.Collaborators;

/// <summary>How many collaborators there are per category (and per sub-kind of the fourth): the programme's headline count.</summary>
/// <remarks>Every category has a row, in the programme's order, even with a count of zero. Immutable and thread-safe.</remarks>
public sealed class CollaboratorCountReport
{
    private readonly int[] _byCategory;
    private readonly int[] _bySubKind;

    private CollaboratorCountReport(int[] byCategory, int[] bySubKind)
    {
        _byCategory = byCategory;
        _bySubKind = bySubKind;
        Rows = CollaboratorTaxonomy.Categories.Select(c => new CollaboratorCountRow(c, byCategory[(int)c])).ToArray();
    }

    /// <summary>Gets one row per category, in the programme's order.</summary>
    public IReadOnlyList<CollaboratorCountRow> Rows { get; }

    /// <summary>Gets the number of collaborators in all.</summary>
    public int Total => _byCategory.Sum();

    /// <summary>Counts collaborator records.</summary>
    /// <param name="collaborators">The records.</param>
    /// <returns>The report.</returns>
    public static CollaboratorCountReport Create(IEnumerable<Collaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        return Create(collaborators.Select(c => (c.Category, c.SubKind)));
    }

    /// <summary>Counts public collaborator views.</summary>
    /// <param name="collaborators">The public views.</param>
    /// <returns>The report.</returns>
    public static CollaboratorCountReport Create(IEnumerable<PublicCollaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        return Create(collaborators.Select(c => (c.Category, c.SubKind)));
    }

    private static CollaboratorCountReport Create(IEnumerable<(CollaboratorCategory Category, CollaboratorSubKind SubKind)> items)
    {
        var byCategory = new int[6];
        var bySubKind = new int[5];
        foreach (var (category, subKind) in items)
        {
            byCategory[(int)category]++;
            bySubKind[(int)subKind]++;
        }

        return new CollaboratorCountReport(byCategory, bySubKind);
    }

    /// <summary>Returns the count of a category.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The category is not one of the five.</exception>
    public int CountOf(CollaboratorCategory category)
    {
        _ = CollaboratorTaxonomy.Describe(category);
        return _byCategory[(int)category];
    }

    /// <summary>Returns the count of a sub-kind.</summary>
    /// <param name="subKind">The sub-kind.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sub-kind is not one of the four.</exception>
    public int CountOf(CollaboratorSubKind subKind)
    {
        _ = CollaboratorTaxonomy.Describe(subKind);
        return _bySubKind[(int)subKind];
    }

    /// <summary>Returns the counts in one line, for example <c>222 = 35 + 103 + 18 + 53 + 13</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => $"{Total} = {string.Join(" + ", Rows.Select(r => r.Count))}";
}

/// <summary>One category's line of a <see cref="CollaboratorCountReport"/>.</summary>
public sealed class CollaboratorCountRow
{
    internal CollaboratorCountRow(CollaboratorCategory category, int count)
    {
        Category = category;
        Count = count;
    }

    /// <summary>Gets the category.</summary>
    public CollaboratorCategory Category { get; }

    /// <summary>Gets the category's code and labels.</summary>
    public TaxonomyEntry Entry => CollaboratorTaxonomy.Describe(Category);

    /// <summary>Gets the number of collaborators in the category.</summary>
    public int Count { get; }
}
