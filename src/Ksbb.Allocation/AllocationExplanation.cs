using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>An eligible unit the items of a line could have gone to instead, and what that would have cost.</summary>
/// <param name="Unit">The alternative unit.</param>
/// <param name="Distance">Its distance from the pledge's origin (or aggregator depot) in hectometres.</param>
/// <param name="Received">What it receives in the optimal allocation.</param>
/// <param name="Need">Its need.</param>
/// <param name="IsFull">Whether it already receives its full need (so it could take nothing more).</param>
/// <param name="CostDelta">
/// The change of the objective if one item of the line went there instead (distance difference plus fill-rate tier
/// difference × fairness weight); ≥ 0 at the optimum; 0 when <paramref name="IsFull"/>.
/// </param>
public sealed record AlternativeUnit(RegionCode Unit, long Distance, long Received, long Need, bool IsFull, long CostDelta)
{
    /// <summary>Gets the alternative's fill rate (received ÷ need).</summary>
    public double FillRate => Need == 0 ? 1.0 : (double)Received / Need;
}

/// <summary>Why an allocation line is what it is: see <see cref="AllocationResult.Explain"/>.</summary>
public sealed record AllocationExplanation
{
    /// <summary>Gets the pledge id.</summary>
    public required Ksbb.Model.Pledges.PledgeId Pledge { get; init; }

    /// <summary>Gets the aggregator id when the pledge goes via one, else <see langword="null"/>.</summary>
    public string? Via { get; init; }

    /// <summary>Gets the unit code.</summary>
    public required RegionCode Unit { get; init; }

    /// <summary>Gets the line's quantity.</summary>
    public required long Quantity { get; init; }

    /// <summary>Gets the line's distance in hectometres.</summary>
    public required long Distance { get; init; }

    /// <summary>Gets the unit's need.</summary>
    public required long Need { get; init; }

    /// <summary>Gets what the unit receives in all.</summary>
    public required long Received { get; init; }

    /// <summary>Gets the unit's fill rate without this line.</summary>
    public required double FillRateBefore { get; init; }

    /// <summary>Gets the unit's fill rate with this line (its final fill rate).</summary>
    public required double FillRateAfter { get; init; }

    /// <summary>Gets the nearest eligible unit strictly nearer than this one, or <see langword="null"/> when none is nearer.</summary>
    public AlternativeUnit? Nearer { get; init; }

    /// <summary>Gets the eligible unit with the lowest final fill rate, when it is lower than this unit's; else <see langword="null"/>.</summary>
    public AlternativeUnit? Emptier { get; init; }

    /// <summary>Gets a one-paragraph English explanation.</summary>
    public required string Text { get; init; }
}
