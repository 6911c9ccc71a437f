using Ksbb.Model.Pledges;

namespace Ksbb.Ledger;

/// <summary>A pledge and what is drawn on it now: reserved (live reservations) and delivered quantities.</summary>
/// <remarks>Plain immutable data; thread-safe. Reserved + delivered never exceed the pledge's quantity.</remarks>
/// <param name="Pledge">The pledge (the model's <see cref="Pledge"/>: collaborator, item, period, quantity, channel).</param>
/// <param name="Reserved">The quantity of unexpired reservations drawing on it.</param>
/// <param name="Delivered">The quantity delivered (or verified) from it.</param>
public sealed record PledgeState(Pledge Pledge, long Reserved, long Delivered)
{
    /// <summary>Gets what remains to draw: quantity − reserved − delivered.</summary>
    public long Remaining => Pledge.Quantity - Reserved - Delivered;
}
