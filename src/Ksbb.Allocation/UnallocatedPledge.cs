using Ksbb.Model.Pledges;

namespace Ksbb.Allocation;

/// <summary>Why part of a pledge was not allocated.</summary>
public enum UnallocatedReason
{
    /// <summary>No unit of the problem lies in the pledge's areas (or its aggregator's service areas); JSON <c>no-eligible-unit</c>.</summary>
    NoEligibleUnit = 0,

    /// <summary>Every unit the pledge may reach already receives its full need; JSON <c>every-eligible-unit-full</c>.</summary>
    EveryEligibleUnitFull = 1,

    /// <summary>The pledge's aggregator passes on its full capacity; JSON <c>aggregator-at-capacity</c>.</summary>
    AggregatorAtCapacity = 2,
}

/// <summary>The part of a pledge that was not allocated, with the reason.</summary>
/// <param name="Pledge">The pledge id.</param>
/// <param name="Quantity">The items not allocated, &gt; 0.</param>
/// <param name="Reason">Why.</param>
public sealed record UnallocatedPledge(PledgeId Pledge, long Quantity, UnallocatedReason Reason)
{
    /// <summary>Returns the JSON name of a reason (<c>no-eligible-unit</c>, <c>every-eligible-unit-full</c>, <c>aggregator-at-capacity</c>).</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The kebab-case name.</returns>
    public static string JsonName(UnallocatedReason reason) => reason switch
    {
        UnallocatedReason.NoEligibleUnit => "no-eligible-unit",
        UnallocatedReason.EveryEligibleUnitFull => "every-eligible-unit-full",
        UnallocatedReason.AggregatorAtCapacity => "aggregator-at-capacity",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };
}
