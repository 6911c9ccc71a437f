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
    /// <summary>Gets a value indicating whether the new need is below what is already committed.</summary>
    public bool IsOvercommitted => After.Overcommitted > 0;
}
