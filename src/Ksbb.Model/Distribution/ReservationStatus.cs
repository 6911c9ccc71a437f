namespace Ksbb.Model.Distribution;

/// <summary>The lifecycle state of a reservation.</summary>
/// <remarks>
/// <para>
/// reserved → delivered → verified; reserved → released (by the donor) or expired (not delivered in time);
/// reserved or delivered → cancelled (by an operator, with a reason). <see cref="Reserved"/> counts toward the
/// need's reserved quantity, <see cref="Delivered"/> and <see cref="Verified"/> toward its delivered quantity; the
/// other states count nothing. <see cref="Verified"/>, <see cref="Released"/>, <see cref="Expired"/> and
/// <see cref="Cancelled"/> are final. The numeric values are stored and must not change.
/// </para>
/// </remarks>
public enum ReservationStatus
{
    /// <summary>Not a status (the default value).</summary>
    None = 0,

    /// <summary>Reserved and counting toward the need until delivered, released, cancelled or expired.</summary>
    Reserved = 1,

    /// <summary>Delivered by the donor; counts as delivered.</summary>
    Delivered = 2,

    /// <summary>Delivery confirmed by an operator or the community; counts as delivered; final.</summary>
    Verified = 3,

    /// <summary>Given back by the donor before delivery; counts nothing; final.</summary>
    Released = 4,

    /// <summary>Not delivered within the reservation lifetime; counts nothing; final.</summary>
    Expired = 5,

    /// <summary>Cancelled by an operator with a reason; counts nothing; final.</summary>
    Cancelled = 6,
}
