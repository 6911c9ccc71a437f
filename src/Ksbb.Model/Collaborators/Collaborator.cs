namespace Ksbb.Model.Collaborators;

/// <summary>A kolaborator (donor): an individual or organisation that gives help, with its contact details.</summary>
/// <remarks>
/// <para>
/// This is the internal record. Publish only <see cref="ToPublic"/>: the public view carries no contact details and,
/// for an individual who has not agreed to be named, no name either.
/// </para>
/// <para>Immutable and thread-safe. <see cref="ToString"/> prints the id and category only.</para>
/// </remarks>
public sealed class Collaborator
{
    private Collaborator(CollaboratorId id, string name, CollaboratorCategory category, CollaboratorSubKind subKind, ContactDetails? contact, bool publishName, CollaboratorStatus status)
    {
        Status = status;
        Id = id;
        Name = name;
        Category = category;
        SubKind = subKind;
        Contact = contact;
        PublishName = publishName;
    }

    /// <summary>Gets the collaborator's id.</summary>
    public CollaboratorId Id { get; }

    /// <summary>Gets the lifecycle status (<see cref="CollaboratorStatus.Active"/> unless given).</summary>
    public CollaboratorStatus Status { get; }

    /// <summary>Gets the collaborator's name (a person's or an organisation's).</summary>
    public string Name { get; }

    /// <summary>Gets the category.</summary>
    public CollaboratorCategory Category { get; }

    /// <summary>Gets the sub-kind; <see cref="CollaboratorSubKind.None"/> unless the category is <see cref="CollaboratorCategory.LsmOmsPbbUniversitas"/>.</summary>
    public CollaboratorSubKind SubKind { get; }

    /// <summary>Gets the contact details, if known. Personal data: never published.</summary>
    public ContactDetails? Contact { get; }

    /// <summary>Gets a value indicating whether the name may appear in public views.</summary>
    /// <remarks>Defaults to <see langword="true"/> for organisations and <see langword="false"/> for individuals.</remarks>
    public bool PublishName { get; }

    /// <summary>Creates a collaborator record.</summary>
    /// <param name="id">The id; not the default value.</param>
    /// <param name="name">The name, 1 to 200 characters after trimming.</param>
    /// <param name="category">One of the five categories.</param>
    /// <param name="subKind">The sub-kind, only for <see cref="CollaboratorCategory.LsmOmsPbbUniversitas"/> (where it is optional).</param>
    /// <param name="contact">Contact details, if known.</param>
    /// <param name="publishName">Whether the name may be published; <see langword="null"/> means yes for organisations, no for individuals.</param>
    /// <param name="status">The lifecycle status; <see cref="CollaboratorStatus.Active"/> unless given.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">An argument breaks one of the rules above; the message says which.</exception>
    public static Collaborator Create(
        CollaboratorId id,
        string name,
        CollaboratorCategory category,
        CollaboratorSubKind subKind = CollaboratorSubKind.None,
        ContactDetails? contact = null,
        bool? publishName = null,
        CollaboratorStatus status = CollaboratorStatus.Active)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (id.IsDefault)
        {
            throw new ArgumentException("A collaborator needs an id.", nameof(id));
        }

        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 200)
        {
            throw new ArgumentException($"Collaborator {id}: the name must have 1 to 200 characters.", nameof(name));
        }

        _ = CollaboratorTaxonomy.Describe(category);
        if (subKind != CollaboratorSubKind.None)
        {
            _ = CollaboratorTaxonomy.Describe(subKind);
            if (category != CollaboratorCategory.LsmOmsPbbUniversitas)
            {
                throw new ArgumentException(
                    $"Collaborator {id}: sub-kind '{CollaboratorTaxonomy.GetCode(subKind)}' belongs to category 'lsm-oms-pbb-universitas', not '{CollaboratorTaxonomy.GetCode(category)}'.",
                    nameof(subKind));
            }
        }

        _ = CollaboratorTaxonomy.GetCode(status);
        return new Collaborator(id, trimmed, category, subKind, contact, publishName ?? category != CollaboratorCategory.Perorangan, status);
    }

    /// <summary>Moves the collaborator to another lifecycle status.</summary>
    /// <remarks>Allowed: prospective → active, active → suspended, suspended → active; asking for the current status returns this record.</remarks>
    /// <param name="status">The new status.</param>
    /// <returns>The record with the new status.</returns>
    /// <exception cref="InvalidOperationException">The transition is not allowed; the message names both statuses.</exception>
    public Collaborator WithStatus(CollaboratorStatus status)
    {
        _ = CollaboratorTaxonomy.GetCode(status);
        if (status == Status)
        {
            return this;
        }

        var allowed = (Status, status) is (CollaboratorStatus.Prospective, CollaboratorStatus.Active)
            or (CollaboratorStatus.Active, CollaboratorStatus.Suspended) or (CollaboratorStatus.Suspended, CollaboratorStatus.Active);
        return allowed
            ? new Collaborator(Id, Name, Category, SubKind, Contact, PublishName, status)
            : throw new InvalidOperationException($"Collaborator {Id} is {CollaboratorTaxonomy.GetCode(Status)} and cannot become {CollaboratorTaxonomy.GetCode(status)}.");
    }

    /// <summary>Records the collaborator's consent (or its withdrawal) to be named in public views.</summary>
    /// <param name="publishName">Whether the name may be published.</param>
    /// <returns>The record with the consent set.</returns>
    public Collaborator WithPublishName(bool publishName) =>
        publishName == PublishName ? this : new Collaborator(Id, Name, Category, SubKind, Contact, publishName, Status);

    /// <summary>Returns the public view: id, display name, category and sub-kind; never contact details.</summary>
    /// <returns>The public view.</returns>
    public PublicCollaborator ToPublic() => new(Id, PublishName ? Name : PublicCollaborator.AnonymousName, Category, SubKind);

    /// <summary>Returns the id and category (no personal data).</summary>
    /// <returns>For example <c>c-17 (lembaga-usaha)</c>.</returns>
    public override string ToString() => $"{Id} ({CollaboratorTaxonomy.GetCode(Category)})";
}

/// <summary>The public view of a collaborator: what a public map or transparency export may show.</summary>
/// <remarks>
/// It has no contact details by construction. An individual who has not agreed to be named appears as
/// <see cref="AnonymousName"/>. Immutable and thread-safe.
/// </remarks>
public sealed class PublicCollaborator
{
    /// <summary>The display name of an individual who has not agreed to be named.</summary>
    public const string AnonymousName = "Kolaborator perorangan";

    internal PublicCollaborator(CollaboratorId id, string displayName, CollaboratorCategory category, CollaboratorSubKind subKind)
    {
        Id = id;
        DisplayName = displayName;
        Category = category;
        SubKind = subKind;
    }

    /// <summary>Gets the collaborator's id.</summary>
    public CollaboratorId Id { get; }

    /// <summary>Gets the name to show: the collaborator's name, or <see cref="AnonymousName"/>.</summary>
    public string DisplayName { get; }

    /// <summary>Gets the category.</summary>
    public CollaboratorCategory Category { get; }

    /// <summary>Gets the sub-kind, or <see cref="CollaboratorSubKind.None"/>.</summary>
    public CollaboratorSubKind SubKind { get; }

    /// <summary>Creates a public view directly (for example when reading a public document).</summary>
    /// <param name="id">The id.</param>
    /// <param name="displayName">The display name.</param>
    /// <param name="category">The category.</param>
    /// <param name="subKind">The sub-kind.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException">The same rules as <see cref="Collaborator.Create"/>.</exception>
    public static PublicCollaborator Create(CollaboratorId id, string displayName, CollaboratorCategory category, CollaboratorSubKind subKind = CollaboratorSubKind.None) =>
        Collaborator.Create(id, displayName, category, subKind, publishName: true).ToPublic();

    /// <summary>Returns the display name and category.</summary>
    /// <returns>For example <c>PT Contoh (lembaga-usaha)</c>.</returns>
    public override string ToString() => $"{DisplayName} ({CollaboratorTaxonomy.GetCode(Category)})";
}
