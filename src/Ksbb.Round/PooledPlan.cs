using System.Text.Json;
using Ksbb.Allocation;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Time;

namespace Ksbb.Round;

/// <summary>A pooled allocation plan of one item and period, built from the ledger's state by <see cref="PooledRound.PlanAsync"/>.</summary>
/// <remarks>Immutable and thread-safe. <see cref="WriteTo"/> writes it as a <c>ksbb.pooled-plan/1</c> JSON document.</remarks>
public sealed class PooledPlan
{
    /// <summary>The schema name of the plan document.</summary>
    public const string Schema = "ksbb.pooled-plan/1";

    internal PooledPlan(ItemCode item, DistributionPeriod period, string fingerprint, long need, long supply, AllocationResult? result, IReadOnlyList<PooledLine> lines)
    {
        Item = item;
        Period = period;
        Fingerprint = fingerprint;
        Need = need;
        Supply = supply;
        Result = result;
        Lines = lines;
    }

    /// <summary>Gets the item.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets the period of the needs.</summary>
    public DistributionPeriod Period { get; }

    /// <summary>Gets 16 hexadecimal digits of a digest of the state the plan was built from (remaining needs and their places, open pooled pledges, aggregators, policy); every line's key starts with it.</summary>
    public string Fingerprint { get; }

    /// <summary>Gets the need that remained: Σ (need − reserved − delivered) over the units of the item and period.</summary>
    public long Need { get; }

    /// <summary>Gets the pooled supply that remained: Σ (pledge − reserved − delivered) over the open pooled pledges.</summary>
    public long Supply { get; }

    /// <summary>Gets the quantity the plan allocates: Σ of its lines.</summary>
    public long Allocated => Result?.Summary.Allocated ?? 0;

    /// <summary>Gets the optimal cost of the allocation (fill-rate tier costs plus quantity × distance in hectometres).</summary>
    public long Cost => Result?.Summary.Cost ?? 0;

    /// <summary>Gets the allocation engine's result (lines, summary, explanations), or <see langword="null"/> when no need remained.</summary>
    public AllocationResult? Result { get; }

    /// <summary>Gets the lines, each one reservation to make.</summary>
    public IReadOnlyList<PooledLine> Lines { get; }

    /// <summary>Writes the plan as an indented <c>ksbb.pooled-plan/1</c> JSON document.</summary>
    /// <param name="utf8Json">The stream; left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    public void WriteTo(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var writer = new Utf8JsonWriter(utf8Json, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("item", Item.Value);
        writer.WriteString("period", Period.ToString());
        writer.WriteString("fingerprint", Fingerprint);
        writer.WriteNumber("need", Need);
        writer.WriteNumber("supply", Supply);
        writer.WriteNumber("allocated", Allocated);
        writer.WriteNumber("cost", Cost);
        writer.WriteNumber("minimumFillRate", Result?.Summary.MinimumFillRate ?? 0);
        writer.WriteStartArray("lines");
        foreach (var line in Lines)
        {
            writer.WriteStartObject();
            writer.WriteString("pledge", line.Pledge.Value);
            writer.WriteString("collaborator", line.Collaborator.Value);
            writer.WriteString("aggregator", line.Aggregator.Value);
            writer.WriteString("unit", line.Need.Unit.ToString());
            writer.WriteNumber("quantity", line.Quantity);
            writer.WriteNumber("distance", line.Distance);
            writer.WriteString("key", line.Key.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }
}

/// <summary>One line of a pooled plan: a quantity of a pooled pledge for one need, reserved under <see cref="Key"/>.</summary>
/// <param name="Pledge">The pooled pledge drawn on.</param>
/// <param name="Collaborator">The pledge's collaborator (a collaborator draws only on its own pledges).</param>
/// <param name="Aggregator">The aggregator the pledge goes through.</param>
/// <param name="Need">The need (unit, item and period).</param>
/// <param name="Quantity">The quantity, 1 or more.</param>
/// <param name="Distance">The distance from the aggregator's depot to the unit, in hectometres.</param>
/// <param name="Key">The idempotency key: <c>pool:</c>, the plan's fingerprint, the pledge and the unit.</param>
public sealed record PooledLine(PledgeId Pledge, CollaboratorId Collaborator, AggregatorId Aggregator, NeedKey Need, long Quantity, long Distance, IdempotencyKey Key);
