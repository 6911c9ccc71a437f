using Ksbb.Model.Pledges;

namespace Ksbb.Ledger;

/// <summary>
/// The one result shape of every ledger command: applied, replayed or unchanged, with what the command touched; or
/// refused, naming the rule with its facts (<see cref="Refusal"/>). Expected failures are outcomes, never exceptions:
/// an exception is a caller's bug (an invalid argument) or a store failure. Immutable; thread-safe.
/// </summary>
public sealed class LedgerOutcome
{
    private LedgerOutcome(LedgerOutcomeKind kind, LedgerRefusal? refusal, Reservation? reservation, Pledge? pledge, long? remaining, IReadOnlyList<NeedChange> changes)
    {
        Kind = kind;
        Refusal = refusal;
        Reservation = reservation;
        Pledge = pledge;
        Remaining = remaining;
        Changes = changes;
    }

    /// <summary>Gets how the command ended.</summary>
    public LedgerOutcomeKind Kind { get; }

    /// <summary>Gets a value indicating whether the command holds: applied, replayed or unchanged.</summary>
    public bool Succeeded => Kind is LedgerOutcomeKind.Applied or LedgerOutcomeKind.Replayed or LedgerOutcomeKind.Unchanged;

    /// <summary>Gets the refusal, when <see cref="Kind"/> is <see cref="LedgerOutcomeKind.Refused"/>.</summary>
    public LedgerRefusal? Refusal { get; }

    /// <summary>Gets the refusing rule, or <see cref="LedgerRule.None"/>.</summary>
    public LedgerRule Rule => Refusal?.Rule ?? LedgerRule.None;

    /// <summary>Gets the reservation the command made or changed (as it is now; for some refusals, as stored), or <see langword="null"/>.</summary>
    public Reservation? Reservation { get; }

    /// <summary>Gets the pledge the command made (or, for a key conflict, the one stored under the key), or <see langword="null"/>.</summary>
    public Pledge? Pledge { get; }

    /// <summary>Gets what remains after the command: of the need for a reservation, of the aggregator's capacity for a pledge via one; or <see langword="null"/>.</summary>
    public long? Remaining { get; }

    /// <summary>Gets the needs set, one per need in order (empty for other commands).</summary>
    public IReadOnlyList<NeedChange> Changes { get; }

    /// <summary>Gets the refusal's sentence, or an empty string.</summary>
    public string Message => Refusal?.Message ?? string.Empty;

    internal static LedgerOutcome Applied(Reservation reservation, long? remaining = null) =>
        new(LedgerOutcomeKind.Applied, null, reservation ?? throw new ArgumentNullException(nameof(reservation)), null, remaining, []);

    internal static LedgerOutcome Replayed(Reservation reservation, long? remaining = null) =>
        new(LedgerOutcomeKind.Replayed, null, reservation ?? throw new ArgumentNullException(nameof(reservation)), null, remaining, []);

    internal static LedgerOutcome Unchanged(Reservation reservation) =>
        new(LedgerOutcomeKind.Unchanged, null, reservation ?? throw new ArgumentNullException(nameof(reservation)), null, null, []);

    internal static LedgerOutcome Pledged(Pledge pledge, long? remaining) =>
        new(LedgerOutcomeKind.Applied, null, null, pledge ?? throw new ArgumentNullException(nameof(pledge)), remaining, []);

    internal static LedgerOutcome PledgeReplayed(Pledge pledge) =>
        new(LedgerOutcomeKind.Replayed, null, null, pledge ?? throw new ArgumentNullException(nameof(pledge)), null, []);

    internal static LedgerOutcome NeedsSet(IEnumerable<NeedChange> changes) =>
        new(LedgerOutcomeKind.Applied, null, null, null, null, [.. changes]);

    internal static LedgerOutcome Done() => new(LedgerOutcomeKind.Applied, null, null, null, null, []);

    internal static LedgerOutcome Refused(LedgerRefusal refusal, Reservation? reservation = null, Pledge? pledge = null) =>
        new(LedgerOutcomeKind.Refused, refusal ?? throw new ArgumentNullException(nameof(refusal)), reservation, pledge, refusal.Remaining, []);

    internal static LedgerOutcome Refused(LedgerRule rule, string facts, Reservation? reservation = null, Pledge? pledge = null, Model.Regions.RegionCode? unit = null, string? field = null, long? remaining = null, long? limit = null) =>
        Refused(LedgerRefusal.Create(rule, facts, unit, field, remaining, limit), reservation, pledge);

    /// <inheritdoc/>
    public override string ToString() => Kind == LedgerOutcomeKind.Refused
        ? $"refused {Refusal}"
        : $"{Kind}{(Reservation is null ? string.Empty : " " + Reservation.Id)}{(Pledge is null ? string.Empty : " " + Pledge.Id)}{(Remaining is { } r ? FormattableString.Invariant($" remaining={r}") : string.Empty)}";
}
