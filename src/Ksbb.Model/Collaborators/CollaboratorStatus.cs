namespace Ksbb.Model.Collaborators;

/// <summary>Where a collaborator is in its lifecycle: prospective → active → suspended (and back to active).</summary>
/// <remarks>Codes (for files and messages): <c>prospective</c>, <c>active</c>, <c>suspended</c>. See <see cref="Collaborator.WithStatus"/>.</remarks>
public enum CollaboratorStatus
{
    /// <summary>Not a status: the default value of the enum; rejected by every factory.</summary>
    None = 0,

    /// <summary>Registered but not yet verified; may not act yet. Code <c>prospective</c>.</summary>
    Prospective = 1,

    /// <summary>Verified and helping. Code <c>active</c>; the default for new records.</summary>
    Active = 2,

    /// <summary>Stopped by the city (for example after a complaint); may be reactivated. Code <c>suspended</c>.</summary>
    Suspended = 3,
}
