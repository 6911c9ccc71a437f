namespace Ksbb.Model.Needs;

/// <summary>The public need figures of one unit: how much is needed, reserved (pledged, not yet delivered) and delivered.</summary>
/// <param name="Need">The need, for example households or packages; non-negative.</param>
/// <param name="Reserved">The amount pledged by donors and not yet delivered; non-negative.</param>
/// <param name="Delivered">The amount delivered; non-negative.</param>
/// <remarks>Aggregate counts only: never personal data. The one shape of these figures for the ledger's state, the public map and exports. Plain data.</remarks>
public readonly record struct NeedFigures(long Need, long Reserved, long Delivered)
{
    /// <summary>Gets the fill rate (reserved + delivered) ÷ need, or <see langword="null"/> when the need is 0. May exceed 1 when over-pledged.</summary>
    public double? FillRate => Need > 0 ? (double)Committed / Need : null;

    /// <summary>Gets the committed quantity: <see cref="Reserved"/> + <see cref="Delivered"/>.</summary>
    public long Committed => Reserved + Delivered;

    /// <summary>Gets what can still be reserved: <see cref="Need"/> − <see cref="Committed"/>, never below 0.</summary>
    public long Remaining => Math.Max(0, Need - Committed);

    /// <summary>Gets how far commitments exceed the need after it was lowered (0 normally).</summary>
    public long Overcommitted => Math.Max(0, Committed - Need);
}
