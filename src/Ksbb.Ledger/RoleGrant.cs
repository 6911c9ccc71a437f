using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;

namespace Ksbb.Ledger;

/// <summary>A role an actor holds: verifier or operator within a region, or the actor of an aggregator.</summary>
/// <remarks>Immutable; thread-safe. Create with <see cref="Verifier"/>, <see cref="Operator"/> or <see cref="ForAggregator"/>.</remarks>
public sealed record RoleGrant
{
    private RoleGrant(CollaboratorId actor, LedgerRole role, RegionCode? region, AggregatorId? aggregator)
    {
        Actor = actor;
        Role = role;
        Region = region;
        Aggregator = aggregator;
    }

    /// <summary>Gets the actor's identifier (the identifier rule of collaborators).</summary>
    public CollaboratorId Actor { get; }

    /// <summary>Gets the role: <see cref="LedgerRole.Verifier"/>, <see cref="LedgerRole.Operator"/> or <see cref="LedgerRole.Aggregator"/>.</summary>
    public LedgerRole Role { get; }

    /// <summary>Gets the region a verifier or operator acts in, or <see langword="null"/> for an aggregator's actor.</summary>
    public RegionCode? Region { get; }

    /// <summary>Gets the aggregator an aggregator's actor acts for, or <see langword="null"/> for a verifier or operator.</summary>
    public AggregatorId? Aggregator { get; }

    // How the scope is stored: the region code, or the aggregator id.
    internal string Scope => Region?.ToString() ?? Aggregator!.Value.Value;

    /// <summary>Creates a verifier grant: verifies deliveries to units inside <paramref name="region"/>, never its own.</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="region">The region covered.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="ArgumentException">An argument is the default value.</exception>
    public static RoleGrant Verifier(CollaboratorId actor, RegionCode region) => new(Require(actor), LedgerRole.Verifier, RequireRegion(region), null);

    /// <summary>Creates an operator grant: changes needs and may cancel reservations inside <paramref name="region"/>.</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="region">The region covered.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="ArgumentException">An argument is the default value.</exception>
    public static RoleGrant Operator(CollaboratorId actor, RegionCode region) => new(Require(actor), LedgerRole.Operator, RequireRegion(region), null);

    /// <summary>Creates an aggregator grant: the actor acts for <paramref name="aggregator"/> on what is routed through it.</summary>
    /// <param name="actor">The actor.</param>
    /// <param name="aggregator">The aggregator.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="ArgumentException">An argument is the default value.</exception>
    public static RoleGrant ForAggregator(CollaboratorId actor, AggregatorId aggregator) =>
        new(Require(actor), LedgerRole.Aggregator, null, aggregator.IsDefault ? throw new ArgumentException("The aggregator id is the default value.", nameof(aggregator)) : aggregator);

    /// <summary>Gets the role's name as files and the event chain write it: <c>collaborator</c>, <c>aggregator</c>, <c>verifier</c> or <c>operator</c>.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The name.</returns>
    public static string Name(LedgerRole role) => role switch
    {
        LedgerRole.Collaborator => "collaborator",
        LedgerRole.Aggregator => "aggregator",
        LedgerRole.Verifier => "verifier",
        LedgerRole.Operator => "operator",
        _ => "none",
    };

    private static CollaboratorId Require(CollaboratorId actor) =>
        actor.IsDefault ? throw new ArgumentException("The actor id is the default value.", nameof(actor)) : actor;

    private static RegionCode RequireRegion(RegionCode region) =>
        region.IsDefault ? throw new ArgumentException("The region is the default value.", nameof(region)) : region;
}
