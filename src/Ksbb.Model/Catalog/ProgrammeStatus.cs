namespace Ksbb.Model.Catalog;

/// <summary>Whether a programme takes pledges.</summary>
public enum ProgrammeStatus
{
    /// <summary>Not set: the <see langword="default"/> value, never valid on a programme.</summary>
    None = 0,

    /// <summary>Open for collaboration (code <c>open</c>).</summary>
    Open = 1,

    /// <summary>Announced but still being defined (code <c>under-discussion</c>); takes no pledges.</summary>
    UnderDiscussion = 2,

    /// <summary>Closed (code <c>closed</c>); takes no pledges.</summary>
    Closed = 3,
}
