namespace Ksbb.Model.Documents;

/// <summary>The <c>schema</c> values of Ksbb JSON documents: a name and a major version, <c>ksbb.&lt;name&gt;/&lt;version&gt;</c>.</summary>
/// <remarks>
/// Every document carries its schema as a top-level <c>"schema"</c> property. A reader accepts only the name and
/// version it knows; unknown extra properties are ignored, so minor additions do not need a new version.
/// </remarks>
public static class KsbbSchemas
{
    /// <summary>The programme catalogue: <c>ksbb.catalog/1</c>.</summary>
    public const string Catalog = "ksbb.catalog/1";

    /// <summary>Needs per unit, item and period: <c>ksbb.needs/1</c>.</summary>
    public const string Needs = "ksbb.needs/1";

    /// <summary>Pledges: <c>ksbb.offers/1</c> (the schema keeps its published name).</summary>
    public const string Pledges = "ksbb.offers/1";

    /// <summary>Aggregators (distribution partners): <c>ksbb.aggregators/1</c>.</summary>
    public const string Aggregators = "ksbb.aggregators/1";

    /// <summary>Collaborator records with contact details (internal, personal data): <c>ksbb.collaborators/1</c>.</summary>
    public const string Collaborators = "ksbb.collaborators/1";

    /// <summary>Public collaborator views, without contact details: <c>ksbb.collaborators-public/1</c>.</summary>
    public const string PublicCollaborators = "ksbb.collaborators-public/1";


    /// <summary>Deliveries: <c>ksbb.deliveries/1</c>.</summary>
    public const string Deliveries = "ksbb.deliveries/1";

    /// <summary>Area lists such as CAP 2019: <c>ksbb.area-lists/1</c>.</summary>
    public const string AreaLists = "ksbb.area-lists/1";
}
