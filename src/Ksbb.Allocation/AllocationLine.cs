using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>One line of an allocation: a pledge sends <see cref="Quantity"/> items to a unit.</summary>
/// <param name="Pledge">The pledge id.</param>
/// <param name="Unit">The unit code.</param>
/// <param name="Quantity">The items, &gt; 0.</param>
/// <param name="Distance">The contract distance of the line in hectometres (origin or depot to the unit).</param>
public sealed record AllocationLine(PledgeId Pledge, RegionCode Unit, long Quantity, long Distance);

/// <summary>The summary metrics of an allocation.</summary>
/// <remarks>
/// Fill rate = received ÷ need, over units with need &gt; 0. When no unit has need, the minimum fill rate is 1, the
/// Gini index 0 and the Jain index 1 (nothing is unequal). When nothing is allocated the Gini index is 0 and the Jain
/// index 1 (all fill rates equal 0).
/// </remarks>
public sealed record AllocationSummary
{
    /// <summary>Gets the total allocated.</summary>
    public required long Allocated { get; init; }

    /// <summary>Gets the total need.</summary>
    public required long Need { get; init; }

    /// <summary>Gets the total supply (sum of pledge quantities).</summary>
    public required long Supply { get; init; }

    /// <summary>Gets the optimal cost: Σ fairness cost F(x) over units plus Σ quantity × distance over lines.</summary>
    public required long Cost { get; init; }

    /// <summary>Gets the need left uncovered (need − allocated).</summary>
    public required long UnmetNeed { get; init; }

    /// <summary>Gets the supply left undistributed (supply − allocated).</summary>
    public required long UndistributedSupply { get; init; }

    /// <summary>Gets the lowest fill rate over units with need.</summary>
    public required double MinimumFillRate { get; init; }

    /// <summary>Gets the Gini index of the fill rates (0 = equal, towards 1 = concentrated).</summary>
    public required double Gini { get; init; }

    /// <summary>Gets Jain's fairness index of the fill rates (1 = equal, 1/n = one unit gets everything).</summary>
    public required double Jain { get; init; }
}
