namespace Ksbb.Allocation;

/// <summary>The fairness policy of an allocation: how strongly fill rates are equalised against distance.</summary>
/// <remarks>
/// For a unit with need <c>n</c> receiving <c>x</c> items the fairness cost is
/// <c>F(x) = Σ_{k=1..x} FairnessWeight × floor(FillRateTiers × (k−1) / n)</c>: the k-th item costs more the fuller the
/// unit already is. With the defaults (1000, 100) one fill-rate percent outweighs 10 km of distance.
/// Immutable and thread-safe.
/// </remarks>
public sealed class AllocationPolicy
{
    /// <summary>The default policy: fairness weight 1000, 100 fill-rate tiers.</summary>
    public static AllocationPolicy Default { get; } = new(1000, 100);

    /// <summary>Creates a policy.</summary>
    /// <param name="fairnessWeight">The cost of one fill-rate tier per item, ≥ 0 (0: distance only).</param>
    /// <param name="fillRateTiers">The number of fill-rate tiers, 1 to 1,000,000 (100: one tier per percent).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public AllocationPolicy(long fairnessWeight, int fillRateTiers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fairnessWeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fairnessWeight, MaxFairnessWeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(fillRateTiers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillRateTiers, MaxFillRateTiers);
        FairnessWeight = fairnessWeight;
        FillRateTiers = fillRateTiers;
    }

    internal const long MaxFairnessWeight = 1_000_000_000;
    internal const int MaxFillRateTiers = 1_000_000;

    /// <summary>Gets the cost of one fill-rate tier per item (the JSON <c>fairnessWeight</c>).</summary>
    public long FairnessWeight { get; }

    /// <summary>Gets the number of fill-rate tiers (the JSON <c>fillRateTiers</c>).</summary>
    public int FillRateTiers { get; }

    /// <summary>Returns the fill-rate tier of the k-th item (1-based) sent to a unit with need <paramref name="need"/>.</summary>
    /// <param name="k">The item number, 1 to <paramref name="need"/>.</param>
    /// <param name="need">The unit's need, &gt; 0.</param>
    /// <returns><c>floor(FillRateTiers × (k−1) / need)</c>.</returns>
    public long TierOf(long k, long need) => (long)(((Int128)FillRateTiers * (k - 1)) / need);

    /// <summary>Returns the fairness cost <c>F(x)</c> of sending <paramref name="received"/> items to a unit with need <paramref name="need"/>.</summary>
    /// <param name="received">The items received, 0 to <paramref name="need"/>.</param>
    /// <param name="need">The unit's need.</param>
    /// <returns>The cost, summed tier by tier.</returns>
    public long FairnessCost(long received, long need)
    {
        long total = 0;
        foreach (var (count, tier) in Tiers(need))
        {
            if (received <= 0)
            {
                break;
            }

            var take = Math.Min(count, received);
            total += take * tier * FairnessWeight;
            received -= take;
        }

        return total;
    }

    /// <summary>Enumerates the fill-rate tiers of a unit with need <paramref name="need"/>: how many items fall in each non-empty tier, in order.</summary>
    /// <param name="need">The unit's need, ≥ 0.</param>
    /// <returns>Pairs of (item count, tier number), tier numbers increasing; <c>min(need, FillRateTiers)</c> pairs, none when the need is 0.</returns>
    public IEnumerable<(long Count, long Tier)> Tiers(long need)
    {
        if (need <= 0)
        {
            yield break;
        }

        long tiers = FillRateTiers;
        if (need <= tiers)
        {
            // Consecutive items are at least one tier apart: every item has its own tier.
            for (long k = 1; k <= need; k++)
            {
                yield return (1, TierOf(k, need));
            }

            yield break;
        }

        // Every tier j holds the items k with k-1 in [ceil(jn/T), ceil((j+1)n/T)), never empty when n > T.
        long previous = 0;
        for (long j = 0; j < tiers; j++)
        {
            var end = (long)((((Int128)(j + 1) * need) + tiers - 1) / tiers);
            yield return (end - previous, j);
            previous = end;
        }
    }
}
