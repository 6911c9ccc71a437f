using NodaTime;

namespace Ksbb.Ledger.Storage;

/// <summary>
/// The durable store behind a <see cref="ReservationLedger"/>: a small set of atomic primitives. Implement it to
/// bring your own database; the ledger keeps every rule (validation, hashing, clock, lifecycle) and calls these.
/// </summary>
/// <remarks>
/// <para><b>Contract</b> (checked by the reusable <c>LedgerStoreContract</c> test suite; every implementation must pass it):</para>
/// <list type="bullet">
/// <item>Thread-safe: one instance is shared by all threads of a process; several instances (processes, servers) may
/// work on the same data at once.</item>
/// <item>Atomic and durable: every method that changes state does it in one transaction, together with the events it
/// appends, and returns only after the transaction is durable (survives a crash of the process or the machine).</item>
/// <item>Never over need: <see cref="ReserveAsync"/> accepts only when reserved + delivered + quantity ≤ need for the
/// need at that instant, under any concurrency (a conditional update, a row lock or a serialised transaction).</item>
/// <item>Idempotent: a reservation key is unique across the store; a repeat with the same parameters returns the stored
/// reservation (<see cref="ReserveOutcomeKind.Replayed"/>) and counts nothing; different parameters give
/// <see cref="ReserveOutcomeKind.KeyConflict"/>. Refusals are not recorded, so the key stays free.</item>
/// <item>Expiry on the fly: reads count a reserved reservation only while <c>now &lt; ExpiresAt</c>; a write that meets an
/// expired reservation (reserving on its need, or a transition of it) records the expiry with
/// <see cref="LedgerEvents.Expired"/> in the same transaction.</item>
/// <item>Events: each change appends <see cref="LedgerEvents"/> events sealed with <see cref="LedgerEventChain.Seal(LedgerEvent?, LedgerEventData)"/>
/// after the current chain head, with gapless sequence numbers, in commit order.</item>
/// <item>Households: at most one claim without an override reason per (hash, benefit class, period); a delivery whose
/// claims would break this is refused as a whole.</item>
/// <item>Failures of the store itself (I/O, lost connection after bounded retries) throw
/// <see cref="LedgerStoreException"/>; rule outcomes never throw.</item>
/// </list>
/// </remarks>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>Creates the schema if absent; a no-op on an initialised store.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets needs (adds new ones, raises or lowers existing ones) in one transaction, appending one <see cref="LedgerEvents.NeedSet"/> per changed need.</summary>
    /// <param name="needs">The needs and their new quantities (each 0 or more, keys distinct).</param>
    /// <param name="now">The current instant (for the events and for counting live reservations).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>One change per input, in input order; lowering below the committed quantity is reported, never truncated.</returns>
    Task<IReadOnlyList<NeedChange>> SetNeedsAsync(IReadOnlyList<KeyValuePair<NeedKey, long>> needs, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Reserves atomically: the conditional check, the insert, the key and the event in one transaction.</summary>
    /// <param name="request">The validated request.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Reserved, replayed, refused (with the remaining quantity), unknown need or key conflict.</returns>
    Task<ReserveOutcome> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default);

    /// <summary>Applies a lifecycle transition atomically, following <see cref="ReservationLifecycle.Plan"/>.</summary>
    /// <param name="request">The validated request.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied, unchanged, not found, invalid or duplicate household.</returns>
    Task<TransitionOutcome> TransitionAsync(TransitionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces collaborators' public records, appending one <see cref="LedgerEvents.CollaboratorSet"/> per changed record.</summary>
    /// <param name="collaborators">The records (identifiers distinct).</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    Task SetCollaboratorsAsync(IReadOnlyList<Collaborator> collaborators, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Finds a reservation by identifier (its stored status; use <see cref="Reservation.StatusAt"/>).</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The reservation, or <see langword="null"/>.</returns>
    Task<Reservation?> FindReservationAsync(ReservationId id, CancellationToken cancellationToken = default);

    /// <summary>Reads one need with its live reserved and delivered quantities at <paramref name="now"/>.</summary>
    /// <param name="key">The need.</param>
    /// <param name="now">The instant at which reservations are counted (expired ones are not).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The need, or <see langword="null"/> when the store has none.</returns>
    Task<NeedState?> GetNeedAsync(NeedKey key, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Reads all needs with their live quantities at <paramref name="now"/>, ordered by unit, item and period.</summary>
    /// <param name="now">The instant at which reservations are counted.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The needs.</returns>
    IAsyncEnumerable<NeedState> ReadNeedsAsync(Instant now, CancellationToken cancellationToken = default);

    /// <summary>Reads all reservations (stored status) in creation order.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The reservations.</returns>
    IAsyncEnumerable<Reservation> ReadReservationsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads all collaborators ordered by identifier.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The collaborators.</returns>
    IAsyncEnumerable<Collaborator> ReadCollaboratorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads how many household claims each delivered reservation recorded (reservations without claims are absent).</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Pairs of reservation identifier and claim count, in no particular order.</returns>
    IAsyncEnumerable<KeyValuePair<ReservationId, int>> ReadHouseholdCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the event chain in sequence order, starting after <paramref name="afterSequence"/>, exactly as stored (no verification).</summary>
    /// <param name="afterSequence">0 for the whole chain.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<LedgerEvent> ReadEventsAsync(long afterSequence = 0, CancellationToken cancellationToken = default);
}
