using Ksbb.Model.Needs;
using Ksbb.Model.Time;

namespace Ksbb.Ledger;

/// <summary>The result of setting one need: its previous and new quantity and what is committed against it.</summary>
/// <remarks>
/// Lowering a need below what is committed never truncates reservations: <see cref="After"/>'s
/// <see cref="NeedState.Overcommitted"/> says by how much commitments exceed the new need. Immutable; thread-safe.
/// </remarks>
/// <param name="PreviousNeed">The quantity before, or <see langword="null"/> when the need is new.</param>
/// <param name="After">The need after the change, with its committed quantities.</param>
public sealed record NeedChange(long? PreviousNeed, NeedState After)
{
    /// <summary>Gets the period of another need of the same unit and item whose dates overlap this one's, when the
    /// change was refused for it (a month and a week inside it would count the same households twice); otherwise
    /// <see langword="null"/>. A refused change is not applied: <see cref="After"/> is the need as it stands (absent:
    /// zero throughout).</summary>
    public DistributionPeriod? OverlapsPeriod { get; private init; }

    /// <summary>Gets a value indicating whether the change was refused (see <see cref="Refusal"/>).</summary>
    public bool IsRefused => Refusal is not null;

    /// <summary>Gets why this need was not applied (<see cref="LedgerRule.NeedPeriodOverlap"/>, with the unit and the
    /// field <c>period</c>), or <see langword="null"/> when it was.</summary>
    public LedgerRefusal? Refusal { get; private init; }

    /// <summary>Gets a value indicating whether the new need is below what is already committed.</summary>
    public bool IsOvercommitted => After.Overcommitted > 0;

    internal static NeedChange Overlapping(NeedKey key, DistributionPeriod other) =>
        new(null, new NeedState(key, 0, 0, 0))
        {
            OverlapsPeriod = other,
            Refusal = LedgerRefusal.Create(
                LedgerRule.NeedPeriodOverlap,
                $"a unit's need of an item is published once for any day: {key.Unit} already has a need of {key.Item} for {other}, which shares days with {key.Period}.",
                key.Unit,
                "period"),
        };
}
