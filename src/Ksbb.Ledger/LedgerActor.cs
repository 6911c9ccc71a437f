using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Ledger;

/// <summary>
/// Who sends a ledger command: a collaborator (kolaborator) or officer the ledger records, by its
/// <see cref="CollaboratorId"/> (officers — verifiers, operators, aggregators' actors — are recorded by their role
/// grants), or the host's own <see cref="System(string)"/> actor. Every state-changing command carries one; the ledger
/// checks it in the same transaction as the change and records it in the event.
/// </summary>
/// <remarks>
/// The system actor does the host's own work while the ledger records no roles (its set-up mode): it sets needs and
/// records, and holds the operator's and verifier's authority (cancels, verifies, places pledges in a pooled round). It
/// never pledges or reserves on its own account, never delivers, releases or renews, and once roles are recorded it
/// has no authority at all. Immutable; thread-safe.
/// </remarks>
public sealed class LedgerActor : IEquatable<LedgerActor>
{
    private const string SystemPrefix = "system/";

    private LedgerActor(CollaboratorId id, string? systemName)
    {
        Id = id;
        SystemName = systemName;
    }

    /// <summary>Gets the collaborator or officer acting (the default value for the system actor).</summary>
    public CollaboratorId Id { get; }

    /// <summary>Gets the system actor's name (what part of the host acts), or <see langword="null"/> for a person.</summary>
    public string? SystemName { get; }

    /// <summary>Gets a value indicating whether this is the host's system actor.</summary>
    [MemberNotNullWhen(true, nameof(SystemName))]
    public bool IsSystem => SystemName is not null;

    // How the actor is stored (roles, events): a collaborator id, or "system/<name>", which no collaborator id can be.
    internal string Recorded => IsSystem ? SystemPrefix + SystemName : Id.Value;

    /// <summary>The actor for a recorded collaborator or officer.</summary>
    /// <param name="id">The collaborator's or officer's id.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is the default value.</exception>
    public static LedgerActor Of(CollaboratorId id) =>
        id.IsDefault ? throw new ArgumentException("The actor id is the default value.", nameof(id)) : new LedgerActor(id, null);

    /// <summary>The host's system actor, named for the part of the host that acts (for example <c>seed</c> or <c>ksbb-cli</c>).</summary>
    /// <param name="name">The name: the collaborator-id rule (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>:</c>; 1 to 64).</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the rule.</exception>
    public static LedgerActor System(string name)
    {
        if (!CollaboratorId.TryParse(name, out _, out var error))
        {
            throw new ArgumentException(error.Replace("Collaborator id", "System actor name", StringComparison.Ordinal), nameof(name));
        }

        return new LedgerActor(default, name);
    }

    /// <inheritdoc/>
    public bool Equals(LedgerActor? other) => other is not null && string.Equals(Recorded, other.Recorded, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LedgerActor);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Recorded);

    /// <inheritdoc/>
    public override string ToString() => Recorded;
}
