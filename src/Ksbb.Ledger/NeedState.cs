using Ksbb.Model.Needs;
namespace Ksbb.Ledger;

/// <summary>A need and what is committed against it: reserved (live, unexpired) and delivered quantities.</summary>
/// <remarks>
/// Stores compute <see cref="Reserved"/> at a given instant, so reservations past their expiry are not counted.
/// A need lowered below what is committed keeps its commitments: <see cref="Overcommitted"/> reports the excess and
/// new reservations are refused until it is gone. Plain immutable data; thread-safe.
/// </remarks>
/// <param name="Key">The need's unit, item and period.</param>
/// <param name="Need">The quantity needed, 0 or more.</param>
/// <param name="Reserved">The quantity reserved and not yet delivered, released, cancelled or expired.</param>
/// <param name="Delivered">The quantity delivered (delivered or verified reservations).</param>
public sealed record NeedState(NeedKey Key, long Need, long Reserved, long Delivered)
{
    /// <summary>Gets the figures alone: need, reserved and delivered, as the public map and exports show them.</summary>
    public NeedFigures Figures => new(Need, Reserved, Delivered);

    /// <summary>Gets the committed quantity: <see cref="Reserved"/> + <see cref="Delivered"/>.</summary>
    public long Committed => Figures.Committed;

    /// <summary>Gets what can still be reserved: <see cref="Need"/> − <see cref="Committed"/>, never below 0.</summary>
    public long Remaining => Figures.Remaining;

    /// <summary>Gets how far commitments exceed the need after it was lowered (0 normally).</summary>
    public long Overcommitted => Figures.Overcommitted;
}
