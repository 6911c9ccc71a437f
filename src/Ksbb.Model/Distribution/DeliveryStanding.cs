namespace Ksbb.Model.Distribution;

/// <summary>How well a delivery is proven, as the public sees it (see <see cref="DeliveryProof.StandingOf"/>).</summary>
/// <remarks>The numeric values are not stored; the codes of <see cref="DeliveryProof.Code"/> are published.</remarks>
public enum DeliveryStanding
{
    /// <summary>Not a delivery (the default value): the reservation was not delivered, or the delivery was cancelled.</summary>
    None = 0,

    /// <summary>Delivered, not verified, with no evidence.</summary>
    Delivered = 1,

    /// <summary>Delivered, not verified, with evidence (files or recipients' acknowledgements).</summary>
    DeliveredWithEvidence = 2,

    /// <summary>Verified, with no evidence.</summary>
    Verified = 3,

    /// <summary>Verified, with evidence (files or recipients' acknowledgements).</summary>
    VerifiedWithEvidence = 4,

    /// <summary>Delivered or verified, but geotagged outside the unit it claims: to be looked at, whatever else was shown.</summary>
    LocatedOutsideClaimedUnit = 5,
}
