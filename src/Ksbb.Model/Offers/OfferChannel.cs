namespace Ksbb.Model.Offers;

/// <summary>How an offer's items reach the people in need.</summary>
public enum OfferChannel
{
    /// <summary>The collaborator delivers the items directly (code <c>direct</c>).</summary>
    Direct = 0,

    /// <summary>The collaborator hands the items to an official distribution partner, an agregator (code <c>aggregator</c>).</summary>
    Aggregator = 1,
}
