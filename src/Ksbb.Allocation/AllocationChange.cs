using System.Text.Json;
using Ksbb.Allocation.Json;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>The kind of an <see cref="AllocationChange"/>.</summary>
public enum AllocationChangeKind
{
    /// <summary>A new pledge joins (<c>add-offer</c>).</summary>
    AddPledge,

    /// <summary>A pledge is withdrawn (<c>remove-offer</c>).</summary>
    RemovePledge,

    /// <summary>A pledge's quantity changes (<c>set-quantity</c>).</summary>
    SetQuantity,

    /// <summary>A unit's need changes, to or from zero too (<c>set-need</c>).</summary>
    SetNeed,

    /// <summary>An aggregator's capacity changes (<c>set-capacity</c>).</summary>
    SetCapacity,
}

/// <summary>
/// One change to an allocation problem, applied by <see cref="OnlineAllocation.Apply"/>: a pledge added or removed, an
/// pledge's quantity, a unit's need or an aggregator's capacity set.
/// </summary>
/// <remarks>
/// Create one with the factories, or read one JSON Lines event with <see cref="Parse(ReadOnlySpan{byte})"/>:
/// <c>{"op":"add-offer","offer":{…}}</c>, <c>{"op":"remove-offer","id":"o-17"}</c>,
/// <c>{"op":"set-quantity","offer":"o-17","quantity":40}</c>, <c>{"op":"set-need","unit":"31.71.01.1001.005.003","need":12}</c>,
/// <c>{"op":"set-capacity","aggregator":"agg-1","capacity":500}</c>. Whether the ids exist is checked when the change is
/// applied. Immutable and thread-safe.
/// </remarks>
public sealed class AllocationChange
{
    private AllocationChange(AllocationChangeKind kind, SolverPledge? pledge, string? pledgeId, RegionCode unit, string? aggregatorId, long value)
    {
        Kind = kind;
        Pledge = pledge;
        PledgeId = pledgeId;
        Unit = unit;
        AggregatorId = aggregatorId;
        Value = value;
    }

    /// <summary>Gets what changes.</summary>
    public AllocationChangeKind Kind { get; }

    // The new pledge (AddPledge), as the solver records it; otherwise null.
    internal SolverPledge? Pledge { get; }

    /// <summary>Gets the pledge id (add, remove and set-quantity), otherwise <see langword="null"/>.</summary>
    public string? PledgeId { get; }

    /// <summary>Gets the unit (<see cref="AllocationChangeKind.SetNeed"/>), otherwise the default code.</summary>
    public RegionCode Unit { get; }

    /// <summary>Gets the aggregator id (<see cref="AllocationChangeKind.SetCapacity"/>), otherwise <see langword="null"/>.</summary>
    public string? AggregatorId { get; }

    /// <summary>Gets the new quantity, need or capacity (0 for add and remove).</summary>
    public long Value { get; }

    /// <summary>Gets the JSON Lines name of the operation: <c>add-offer</c>, <c>remove-offer</c>, <c>set-quantity</c>, <c>set-need</c> or <c>set-capacity</c>.</summary>
    public string Op => Kind switch
    {
        AllocationChangeKind.AddPledge => "add-offer",
        AllocationChangeKind.RemovePledge => "remove-offer",
        AllocationChangeKind.SetQuantity => "set-quantity",
        AllocationChangeKind.SetNeed => "set-need",
        _ => "set-capacity",
    };

    /// <summary>Creates a change adding <paramref name="pledge"/>, a pledge in Ksbb.Model's vocabulary.</summary>
    /// <param name="pledge">The new pledge; its id must not be in the problem yet, and it should be of the problem's item and period.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pledge"/> is <see langword="null"/>.</exception>
    public static AllocationChange AddPledge(Ksbb.Model.Pledges.Pledge pledge)
    {
        ArgumentNullException.ThrowIfNull(pledge);
        return AddPledge(SolverPledge.From(pledge));
    }

    internal static AllocationChange AddPledge(SolverPledge pledge)
    {
        ArgumentNullException.ThrowIfNull(pledge);
        return new(AllocationChangeKind.AddPledge, pledge, pledge.Id, default, null, 0);
    }

    /// <summary>Creates a change withdrawing a pledge.</summary>
    /// <param name="pledgeId">The pledge id.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException"><paramref name="pledgeId"/> is null or empty.</exception>
    public static AllocationChange RemovePledge(string pledgeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(pledgeId);
        return new(AllocationChangeKind.RemovePledge, null, pledgeId, default, null, 0);
    }

    /// <summary>Creates a change setting a pledge's quantity.</summary>
    /// <param name="pledgeId">The pledge id.</param>
    /// <param name="quantity">The new quantity, &gt; 0 (withdraw a pledge with <see cref="RemovePledge"/>).</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException"><paramref name="pledgeId"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is ≤ 0.</exception>
    public static AllocationChange SetQuantity(string pledgeId, long quantity)
    {
        ArgumentException.ThrowIfNullOrEmpty(pledgeId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        return new(AllocationChangeKind.SetQuantity, null, pledgeId, default, null, quantity);
    }

    /// <summary>Creates a change setting a unit's need.</summary>
    /// <param name="unit">The unit code.</param>
    /// <param name="need">The new need, ≥ 0.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException"><paramref name="unit"/> is the default code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="need"/> is negative.</exception>
    public static AllocationChange SetNeed(RegionCode unit, long need)
    {
        if (unit.IsDefault)
        {
            throw new ArgumentException("A unit needs a region code.", nameof(unit));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(need);
        return new(AllocationChangeKind.SetNeed, null, null, unit, null, need);
    }

    /// <summary>Creates a change setting an aggregator's capacity.</summary>
    /// <param name="aggregatorId">The aggregator id.</param>
    /// <param name="capacity">The new capacity, ≥ 0.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException"><paramref name="aggregatorId"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public static AllocationChange SetCapacity(string aggregatorId, long capacity)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregatorId);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        return new(AllocationChangeKind.SetCapacity, null, null, default, aggregatorId, capacity);
    }

    /// <summary>Reads one change from a JSON Lines event (one JSON object).</summary>
    /// <param name="utf8Json">The UTF-8 JSON text of the event.</param>
    /// <returns>The change.</returns>
    /// <exception cref="AllocationProblemException">
    /// Malformed JSON, an unknown <c>op</c>, a missing member, a negative number or an invalid pledge; the JSON path names
    /// the member (for example <c>$.offer.quantity</c>).
    /// </exception>
    public static AllocationChange Parse(ReadOnlySpan<byte> utf8Json)
    {
        ChangeDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, AllocationJsonContext.Default.ChangeDto);
        }
        catch (JsonException ex)
        {
            throw AllocationProblem.FromJsonException(ex);
        }

        if (dto is null)
        {
            throw new AllocationProblemException("$", "expected a JSON object");
        }

        switch (dto.Op)
        {
            case "add-offer":
                return AddPledge(AllocationProblem.PledgeFromDto(PledgeObject(dto.Pledge), "$.offer"));
            case "remove-offer":
                return RemovePledge(Text(dto.Id, "$.id"));
            case "set-quantity":
                var quantity = Number(dto.Quantity, "$.quantity");
                return quantity == 0
                    ? throw new AllocationProblemException("$.quantity", "must be > 0 (remove-offer withdraws an offer)")
                    : SetQuantity(Text(PledgeIdText(dto.Pledge), "$.offer"), quantity);
            case "set-need":
                return SetNeed(AllocationProblem.Code(dto.Unit, "$.unit"), Number(dto.Need, "$.need"));
            case "set-capacity":
                return SetCapacity(Text(dto.Aggregator, "$.aggregator"), Number(dto.Capacity, "$.capacity"));
            case null:
                throw new AllocationProblemException("$.op", "missing; expected add-offer, remove-offer, set-quantity, set-need or set-capacity");
            default:
                throw new AllocationProblemException("$.op", $"unknown op \"{dto.Op}\"; expected add-offer, remove-offer, set-quantity, set-need or set-capacity");
        }
    }

    /// <summary>Reads one change from a JSON Lines event.</summary>
    /// <param name="json">The JSON text of the event.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">The event is malformed or invalid; the message starts with the JSON path.</exception>
    public static AllocationChange Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static PledgeDto? PledgeObject(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            throw new AllocationProblemException("$.offer", element is null or { ValueKind: JsonValueKind.Null } ? "missing; expected an offer object" : "expected an offer object");
        }

        try
        {
            return e.Deserialize(AllocationJsonContext.Default.PledgeDto);
        }
        catch (JsonException ex)
        {
            throw AllocationProblem.FromJsonException(ex, "$.offer");
        }
    }

    private static string? PledgeIdText(JsonElement? element) => element switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => throw new AllocationProblemException("$.offer", "expected an offer id (text)"),
    };

    private static string Text(string? value, string path) =>
        string.IsNullOrEmpty(value) ? throw new AllocationProblemException(path, "missing or empty") : value;

    private static long Number(long? value, string path) => value switch
    {
        null => throw new AllocationProblemException(path, "missing"),
        < 0 => throw new AllocationProblemException(path, "must be >= 0"),
        _ => value.Value,
    };
}
