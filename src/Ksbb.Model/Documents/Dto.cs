using System.Text.Json.Serialization;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Model.Documents;

// Wire shapes of the documents. Value types with their own converters (codes, ids, periods, instants) are read
// by those converters, so a bad value is reported with its JSON path; the rest is checked in the mappers.
#pragma warning disable CA1812 // Instantiated by the source-generated serializer.
#pragma warning disable CA2227 // Collection properties are settable for deserialization.

internal sealed class TextDto
{
    public string? Id { get; set; }

    public string? En { get; set; }
}

internal sealed class RuleDto
{
    public string? Rule { get; set; }

    public string? Registry { get; set; }

    public List<string>? Roles { get; set; }

    public string? List { get; set; }

    public bool? RecordedItemOnly { get; set; }
}

internal sealed class ItemDto
{
    public ItemCode? Code { get; set; }

    public TextDto? Name { get; set; }

    public string? Unit { get; set; }

    public TextDto? UnitName { get; set; }

    public string? Recipient { get; set; }

    public long? PerHousehold { get; set; }

    public List<ItemCode>? Bundles { get; set; }

    public List<RuleDto>? Eligibility { get; set; }
}

internal sealed class ProgrammeDto
{
    public string? Code { get; set; }

    public TextDto? Name { get; set; }

    public string? Status { get; set; }

    public LocalDate? OpenedOn { get; set; }

    public LocalDate? OpenUntil { get; set; }

    public TextDto? Description { get; set; }

    public List<RuleDto>? Eligibility { get; set; }

    public List<ItemDto>? Items { get; set; }
}

internal sealed class CatalogDto
{
    public string? Schema { get; set; }

    public List<ProgrammeDto>? Programmes { get; set; }
}

internal sealed class NeedDto
{
    public RegionCode? Unit { get; set; }

    public ItemCode? Item { get; set; }

    public DistributionPeriod? Period { get; set; }

    public long? Need { get; set; }
}

internal sealed class NeedsDto
{
    public string? Schema { get; set; }

    public List<NeedDto>? Needs { get; set; }
}

internal sealed class PledgeDto
{
    public PledgeId? Id { get; set; }

    public CollaboratorId? Collaborator { get; set; }

    public ItemCode? Item { get; set; }

    public long? Quantity { get; set; }

    public DistributionPeriod? Period { get; set; }

    public Instant? PledgedAt { get; set; }

    public AggregatorId? Via { get; set; }

    public GeoPoint? Origin { get; set; }

    public List<RegionCode>? Areas { get; set; }
}

internal sealed class PledgesDto
{
    public string? Schema { get; set; }

    [JsonPropertyName("offers")]

    public List<PledgeDto>? Pledges { get; set; }
}

internal sealed class AggregatorDto
{
    public AggregatorId? Id { get; set; }

    public string? Name { get; set; }

    public GeoPoint? Depot { get; set; }

    public long? Capacity { get; set; }

    public List<RegionCode>? ServiceAreas { get; set; }
}

internal sealed class AggregatorsDto
{
    public string? Schema { get; set; }

    public List<AggregatorDto>? Aggregators { get; set; }
}

internal sealed class ContactDto
{
    public string? Person { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Address { get; set; }
}

internal sealed class CollaboratorDto
{
    public CollaboratorId? Id { get; set; }

    public string? Name { get; set; }

    public string? Category { get; set; }

    public string? SubKind { get; set; }

    public bool? PublishName { get; set; }

    public ContactDto? Contact { get; set; }
}

internal sealed class CollaboratorsDto
{
    public string? Schema { get; set; }

    public List<CollaboratorDto>? Collaborators { get; set; }
}

internal sealed class DeliveryDto
{
    public DeliveryId? Id { get; set; }

    public CollaboratorId? Collaborator { get; set; }

    public RegionCode? Unit { get; set; }

    public ItemCode? Item { get; set; }

    public DistributionPeriod? Period { get; set; }

    public int? Quantity { get; set; }

    public Instant? DeliveredAt { get; set; }

    public AggregatorId? Aggregator { get; set; }

    public ReservationId? Reservation { get; set; }
}

internal sealed class DeliveriesDto
{
    public string? Schema { get; set; }

    public List<DeliveryDto>? Deliveries { get; set; }
}

internal sealed class AreaEntryDto
{
    public RegionCode? Area { get; set; }

    public List<ItemCode>? Items { get; set; }
}

internal sealed class AreaListDto
{
    public string? Name { get; set; }

    public List<AreaEntryDto>? Areas { get; set; }
}

internal sealed class AreaListsDto
{
    public string? Schema { get; set; }

    public List<AreaListDto>? Lists { get; set; }
}

/// <summary>The source-generated serializer of every Ksbb document (no reflection: trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    Converters = [typeof(InstantJsonConverter), typeof(LocalDateJsonConverter)])]
[JsonSerializable(typeof(CatalogDto))]
[JsonSerializable(typeof(NeedsDto))]
[JsonSerializable(typeof(PledgesDto))]
[JsonSerializable(typeof(AggregatorsDto))]
[JsonSerializable(typeof(CollaboratorsDto))]
[JsonSerializable(typeof(DeliveriesDto))]
[JsonSerializable(typeof(AreaListsDto))]
internal sealed partial class KsbbJsonContext : JsonSerializerContext;
