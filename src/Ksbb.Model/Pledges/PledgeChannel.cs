namespace Ksbb.Model.Pledges;

/// <summary>How a pledge's items reach the people in need.</summary>
public enum PledgeChannel
{
    /// <summary>The collaborator delivers the items directly (code <c>direct</c>).</summary>
    Direct = 0,

    /// <summary>The collaborator hands the items to an official distribution partner, an agregator (code <c>aggregator</c>).</summary>
    Aggregator = 1,
}
