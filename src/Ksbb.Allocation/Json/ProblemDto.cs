using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ksbb.Allocation.Json;

// Wire shapes of ksbb.allocation-problem/1 and ksbb.allocation-result/1. Kept loose (strings, nullable numbers) so that
// validation can name the JSON path of every bad value; the public model types are built after validation.
internal sealed class ProblemDto
{
    public string? Schema { get; set; }
    public string? Item { get; set; }
    public PolicyDto? Policy { get; set; }
    public List<UnitDto?>? Units { get; set; }
    public List<AggregatorDto?>? Aggregators { get; set; }
    [JsonPropertyName("offers")]
    public List<PledgeDto?>? Pledges { get; set; }
}

internal sealed class PolicyDto
{
    public long? FairnessWeight { get; set; }
    public long? FillRateTiers { get; set; }
}

internal sealed class UnitDto
{
    public string? Code { get; set; }
    public long? Need { get; set; }
    public double[]? Location { get; set; }
}

internal sealed class AggregatorDto
{
    public string? Id { get; set; }
    public double[]? Depot { get; set; }
    public long? Capacity { get; set; }
    public List<string?>? ServiceAreas { get; set; }
}

internal sealed class PledgeDto
{
    public string? Id { get; set; }
    public string? Collaborator { get; set; }
    public long? Quantity { get; set; }
    public double[]? Origin { get; set; }
    public List<string?>? Areas { get; set; }
    public string? Via { get; set; }
}

// One online change (a JSON Lines event). "offer" is a pledge object for add-offer and a pledge id for set-quantity.
internal sealed class ChangeDto
{
    public string? Op { get; set; }
    [JsonPropertyName("offer")]
    public JsonElement? Pledge { get; set; }
    public string? Id { get; set; }
    public string? Unit { get; set; }
    public long? Need { get; set; }
    public string? Aggregator { get; set; }
    public long? Capacity { get; set; }
    public long? Quantity { get; set; }
}

internal sealed class ResultDto
{
    public required string Schema { get; init; }
    public required string Item { get; init; }
    public required LineDto[] Allocations { get; init; }
    public required AllocationSummary Summary { get; init; }
    public required UnallocatedDto[] Unallocated { get; init; }
}

internal sealed class LineDto
{
    [JsonPropertyName("offer")]
    public required string Pledge { get; init; }
    public required string Unit { get; init; }
    public required long Quantity { get; init; }
}

internal sealed class UnallocatedDto
{
    [JsonPropertyName("offer")]
    public required string Pledge { get; init; }
    public required long Quantity { get; init; }
    public required string Reason { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(ResultDto))]
[JsonSerializable(typeof(ChangeDto))]
[JsonSerializable(typeof(PledgeDto))]
internal sealed partial class AllocationJsonContext : JsonSerializerContext;
