using System.Runtime.CompilerServices;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

namespace Ksbb.Ledger;

/// <summary>
/// The reservation ledger: donors reserve part of a need so no one covers it twice, then deliver; operators verify or
/// cancel. Every rule lives here; durability and atomicity come from the <see cref="LedgerStore"/>.
/// </summary>
/// <remarks>
/// <para>
/// Arguments are validated before the store is touched (<see cref="ArgumentException"/> names the argument).
/// Outcomes decided by rules (refused, unknown need, key conflict, invalid transition, duplicate household) are
/// returned, never thrown. A failure of the store throws <see cref="LedgerStoreException"/>; a reservation whose
/// call threw may or may not have committed, and repeating it with the same key is always safe.
/// </para>
/// <para>Thread-safe: share one instance. Several ledgers (processes, servers) may use one store at once.</para>
/// </remarks>
public sealed partial class ReservationLedger
{
    /// <summary>The longest idempotency key, collaborator identifier or reason accepted, in characters.</summary>
    public const int MaxTextLength = 200;

    private readonly LedgerOptions _options;
    private readonly CatalogRules _rules;

    private ReservationLedger(LedgerStore store, LedgerOptions options)
    {
        Store = store;
        _options = options;
        _rules = new CatalogRules(options);
    }

    /// <summary>Gets the store.</summary>
    public LedgerStore Store { get; }

    /// <summary>Gets the settings.</summary>
    public LedgerOptions Options => _options;

    /// <summary>Creates a ledger over an initialised store.</summary>
    /// <param name="store">The store (its <see cref="LedgerStore.MigrateAsync"/> must have run once).</param>
    /// <param name="options">The settings.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="ArgumentException">The reservation lifetime is not positive, the catalogue or area lists are missing, or two area lists share a name.</exception>
    public static ReservationLedger Create(LedgerStore store, LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Clock, "options.Clock");
        if (options.ReservationLifetime <= NodaTime.Duration.Zero)
        {
            throw new ArgumentException($"The reservation lifetime {options.ReservationLifetime} must be positive.", nameof(options));
        }

        return new ReservationLedger(store, options);
    }

    /// <summary>Sets one need (adds, raises or lowers it).</summary>
    /// <param name="key">The need.</param>
    /// <param name="need">The quantity needed, 0 or more.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The change; <see cref="NeedChange.IsOvercommitted"/> reports a need lowered below its commitments (they are kept).</returns>
    public async Task<NeedChange> SetNeedAsync(NeedKey key, long need, CancellationToken cancellationToken = default) =>
        (await SetNeedsAsync([new(key, need)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Sets many needs in one transaction.</summary>
    /// <param name="needs">The needs (keys distinct, quantities 0 or more).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>One change per need, in order.</returns>
    /// <exception cref="ArgumentException">A key is default or repeated, or a quantity is negative.</exception>
    public Task<IReadOnlyList<NeedChange>> SetNeedsAsync(IEnumerable<KeyValuePair<NeedKey, long>> needs, CancellationToken cancellationToken = default) =>
        Store.SetNeedsAsync(ValidateNeeds(needs), _options.Clock.GetCurrentInstant(), cancellationToken);

    private static List<KeyValuePair<NeedKey, long>> ValidateNeeds(IEnumerable<KeyValuePair<NeedKey, long>> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        var list = needs.ToList();
        var seen = new HashSet<NeedKey>();
        for (var i = 0; i < list.Count; i++)
        {
            var (key, need) = list[i];
            if (key.IsDefault)
            {
                throw new ArgumentException($"Need #{i + 1} has a default unit, item or period.", nameof(needs));
            }

            if (need < 0)
            {
                throw new ArgumentException($"Need #{i + 1} ({key}) is {need}; it must be 0 or more.", nameof(needs));
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException($"Need #{i + 1} ({key}) repeats an earlier need.", nameof(needs));
            }
        }

        return list;
    }

    /// <summary>
    /// Sets many needs in one transaction as <paramref name="actor"/>: once the ledger records roles, only an operator
    /// whose region holds every need's unit may; otherwise as <see cref="SetNeedsAsync(IEnumerable{KeyValuePair{NeedKey, long}}, CancellationToken)"/>.
    /// </summary>
    /// <param name="needs">The needs (keys distinct, quantities 0 or more).</param>
    /// <param name="actor">Who sets them.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied with one change per need, or refused naming <see cref="LedgerRules.OperatorRoleRequired"/> (nothing changed).</returns>
    /// <exception cref="ArgumentException">A key is default or repeated, a quantity is negative, or the actor is the default value.</exception>
    public Task<NeedsOutcome> SetNeedsAsync(IEnumerable<KeyValuePair<NeedKey, long>> needs, CollaboratorId actor, CancellationToken cancellationToken = default)
    {
        var who = RequireActor(actor);
        return Store.SetNeedsAsync(ValidateNeeds(needs), _options.Clock.GetCurrentInstant(), who, cancellationToken);
    }

    /// <summary>Checks that an actor may act as an operator on units (for example, commit a pooled allocation plan for
    /// them): while the ledger records no roles anyone may; once it does, only an operator whose region holds every unit.</summary>
    /// <param name="actor">Who acts.</param>
    /// <param name="units">The units acted on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="null"/> when permitted; otherwise the refusal, a sentence starting with
    /// <see cref="LedgerRules.OperatorRoleRequired"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is the default value.</exception>
    public Task<string?> CheckOperatorAsync(CollaboratorId actor, IEnumerable<RegionCode> units, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(units);
        var who = RequireActor(actor);
        return Store.OperatorRefusalAsync(units.Distinct().ToList(), who, "acts as its operator", cancellationToken);
    }

    /// <summary>Adds or replaces collaborators' public records.</summary>
    /// <param name="collaborators">The records (identifiers valid and distinct, names and categories non-empty).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    /// <exception cref="ArgumentException">A record is invalid; the message names it.</exception>
    public Task SetCollaboratorsAsync(IEnumerable<Collaborator> collaborators, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        var list = collaborators.ToList();
        var seen = new HashSet<CollaboratorId>();
        for (var i = 0; i < list.Count; i++)
        {
            // Collaborator.Create validated the id, the name and the category (the taxonomy's) already.
            var c = list[i] ?? throw new ArgumentException($"Collaborator #{i + 1} is null.", nameof(collaborators));
            if (!seen.Add(c.Id))
            {
                throw new ArgumentException($"Collaborator #{i + 1} ({c.Id}) repeats an earlier identifier.", nameof(collaborators));
            }
        }

        return Store.SetCollaboratorsAsync(list, _options.Clock.GetCurrentInstant(), cancellationToken);
    }

    /// <summary>Reserves part of a need, atomically: accepted only if reserved + delivered + <paramref name="quantity"/> ≤ need.</summary>
    /// <param name="collaborator">The collaborator identifier (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; 1 to 64).</param>
    /// <param name="need">The need.</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The caller's idempotency key (1 to 200 printable characters), unique per intended reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// Reserved; replayed (same key and parameters: the first answer); refused (with what remains); unknown need; or
    /// key conflict (same key, different parameters: bad input).
    /// </returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public Task<ReserveOutcome> ReserveAsync(string collaborator, NeedKey need, long quantity, string key, CancellationToken cancellationToken = default)
    {
        if (!TryValidateCollaboratorId(collaborator, out var error))
        {
            throw new ArgumentException(error, nameof(collaborator));
        }

        RequireReservation(need, quantity, key);
        return ReserveCoreAsync(collaborator, need, quantity, key, null, cancellationToken);
    }

    /// <summary>Reserves part of a need for a collaborator known by its typed id; otherwise the same as <see cref="ReserveAsync(string, NeedKey, long, string, CancellationToken)"/>.</summary>
    /// <param name="collaborator">The collaborator.</param>
    /// <param name="need">The need (unit, item, period).</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public Task<ReserveOutcome> ReserveAsync(CollaboratorId collaborator, NeedKey need, long quantity, string key, CancellationToken cancellationToken = default)
    {
        if (collaborator.IsDefault)
        {
            throw new ArgumentException("The collaborator id is the default value.", nameof(collaborator));
        }

        return ReserveAsync(collaborator.Value, need, quantity, key, cancellationToken);
    }

    // The planned delivery date defaults to the need's period's last day.
    private async Task<ReserveOutcome> ReserveCoreAsync(string collaborator, NeedKey need, long quantity, string key, Ksbb.Model.Offers.OfferId? pledge, CancellationToken cancellationToken, NodaTime.LocalDate? deliverBy = null)
    {
        var now = _options.Clock.GetCurrentInstant();

        // A retry is answered as its original was (replayed, or no longer held), even when a rule would refuse a new
        // reservation today (the programme has closed since): the rules apply to new reservations only.
        if (_rules.CheckReserve(need, now) is { } refusal
            && await Store.FindReservationByKeyAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return ReserveOutcome.RuleRefused(refusal.Name, refusal.Text);
        }

        // Items bundled with this one (the Kartu Internet Belajar with a student device) are reserved with it, in the same
        // transaction, for the same unit, period and quantity, each under a key derived from this one.
        var expires = now + _options.ReservationLifetime;
        var planned = deliverBy ?? need.Period.End;
        var bundled = _rules.Bundles(need.Item)
            .Select(item => new ReserveRequest(ReservationId.FromGuid(NewGuid(now)), BundleKey(key, item), collaborator, need with { Item = item }, quantity, now, expires, null, planned))
            .ToList();
        var id = ReservationId.FromGuid(NewGuid(now));
        var outcome = await Store.ReserveAsync(new ReserveRequest(id, key, collaborator, need, quantity, now, expires, pledge, planned), bundled, cancellationToken).ConfigureAwait(false);

        // A replay answers with the reservation as it is now (it may have been delivered, or have expired since).
        // A retry is never a new success for what is no longer held (expired, released or cancelled).
        if (outcome.Kind != ReserveOutcomeKind.Replayed)
        {
            return outcome;
        }

        var seen = AsSeenNow(outcome.Reservation!, now);
        return seen.Status is ReservationStatus.Expired or ReservationStatus.Released or ReservationStatus.Cancelled
            ? ReserveOutcome.NoLongerHeld(seen, outcome.Remaining)
            : ReserveOutcome.Replayed(seen, outcome.Remaining);
    }

    /// <summary>Records a delivery of a reserved reservation, optionally naming the households that received it.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="households">NIK or KK numbers of the receiving households (hashed before storage; empty for none).</param>
    /// <param name="deliveredQuantity">The quantity delivered (1 to the reserved quantity; the rest returns to the need), or <see langword="null"/> for all.</param>
    /// <param name="overrideReason">
    /// An operator's reason to deliver to a household that already received this benefit class in this period, or
    /// <see langword="null"/> to refuse such deliveries. The override and its reason are recorded in the event chain.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied, unchanged (already delivered), not found, invalid (wrong status, expired, bad quantity) or duplicate household.</returns>
    /// <exception cref="ArgumentException">Households are named but the ledger has no hasher, a household repeats, or the reason is too long.</exception>
    public Task<TransitionOutcome> DeliverAsync(
        ReservationId id,
        IReadOnlyList<HouseholdId>? households = null,
        long? deliveredQuantity = null,
        string? overrideReason = null,
        CancellationToken cancellationToken = default) =>
        DeliverCoreAsync(id, households, deliveredQuantity, overrideReason, null, cancellationToken);

    private async Task<TransitionOutcome> DeliverCoreAsync(
        ReservationId id,
        IReadOnlyList<HouseholdId>? households,
        long? deliveredQuantity,
        string? overrideReason,
        string? actor,
        CancellationToken cancellationToken,
        DeliveryProof? proof = null)
    {
        RequireId(id);
        households ??= [];
        if (households.Count > 0 && _options.Households is null)
        {
            throw new ArgumentException("This ledger has no household hashing key, so deliveries cannot name households.", nameof(households));
        }

        if (overrideReason is not null && (string.IsNullOrWhiteSpace(overrideReason) || overrideReason.Length > MaxTextLength))
        {
            throw new ArgumentException($"The override reason must have 1 to {MaxTextLength} characters.", nameof(overrideReason));
        }

        if (deliveredQuantity is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(deliveredQuantity), deliveredQuantity, "The delivered quantity must be at least 1.");
        }

        var stored = await Store.FindReservationAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return TransitionOutcome.NotFound(id);
        }

        CheckGeotag(proof, stored.Need.Unit);

        // The rules are checked for a delivery to be made; a retry of one made (or a transition the lifecycle refuses)
        // is answered by the store as before.
        var now = _options.Clock.GetCurrentInstant();
        if (stored.StatusAt(now) == ReservationStatus.Reserved && _rules.CheckDeliver(stored.Need, households, now) is { } refusal)
        {
            return TransitionOutcome.RuleRefused(stored, refusal.Name, refusal.Text);
        }

        // A device is delivered only with its bundled items: each must still be held under its derived key.
        var bundles = await FindBundlesAsync(stored, cancellationToken).ConfigureAwait(false);
        if (stored.StatusAt(now) == ReservationStatus.Reserved
            && bundles.FirstOrDefault(b => b.Reservation?.StatusAt(now) is not (ReservationStatus.Reserved or ReservationStatus.Delivered or ReservationStatus.Verified)) is { Item.IsDefault: false } missing)
        {
            return TransitionOutcome.RuleRefused(stored, LedgerRules.BundleNotAvailable,
                $"{LedgerRules.BundleNotAvailable}: {stored.Need.Item} is delivered only together with {missing.Item}, and reservation {stored.Id} has no {missing.Item} held with it ({(missing.Reservation is null ? "none was reserved" : "it is " + ReservationLifecycle.Name(missing.Reservation.StatusAt(now)))}).");
        }

        var benefitClass = _options.BenefitClass == BenefitClassRule.Item ? stored.Need.Item.Value : stored.Need.Item.Programme;
        var claims = new HouseholdClaim[households.Count];
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < households.Count; i++)
        {
            if (households[i].IsDefault)
            {
                throw new ArgumentException($"Household #{i + 1} is the default value.", nameof(households));
            }

            var hash = _options.Households!.Hash(households[i]);
            if (!hashes.Add(hash))
            {
                throw new ArgumentException($"Household #{i + 1} repeats an earlier household of this delivery.", nameof(households));
            }

            claims[i] = new HouseholdClaim(hash, benefitClass, stored.Need.Period, null);
        }

        while (true)
        {
            var outcome = await Store.TransitionAsync(
                new TransitionRequest(id, ReservationStatus.Delivered, _options.Clock.GetCurrentInstant(), deliveredQuantity, null, claims, _options.Households?.Fingerprint, Actor: actor, Proof: proof),
                cancellationToken).ConfigureAwait(false);
            if (outcome.Kind != TransitionOutcomeKind.DuplicateHousehold || overrideReason is null || claims[outcome.HouseholdIndex].OverrideReason is not null)
            {
                if (outcome.Succeeded)
                {
                    // The bundled items follow the device (households are claimed once, on the device).
                    await FollowAsync(bundles, b => Store.TransitionAsync(
                        new TransitionRequest(b.Id, ReservationStatus.Delivered, _options.Clock.GetCurrentInstant(), outcome.Reservation!.DeliveredQuantity, null, []), cancellationToken)).ConfigureAwait(false);
                }

                return outcome;
            }

            // Audited override: mark only the duplicate claim, then try again (at most once per household).
            claims[outcome.HouseholdIndex] = claims[outcome.HouseholdIndex] with { OverrideReason = overrideReason };
        }
    }

    /// <summary>Records that a delivery was verified (delivered → verified).</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The outcome.</returns>
    public Task<TransitionOutcome> VerifyAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        Transition(id, ReservationStatus.Verified, null, cancellationToken);

    /// <summary>Gives back a reservation before delivery (reserved → released); its quantity returns to the need.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The outcome.</returns>
    public Task<TransitionOutcome> ReleaseAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        Transition(id, ReservationStatus.Released, null, cancellationToken);

    /// <summary>Cancels a reserved or delivered reservation with a reason; its quantity returns to the need and a delivery's household claims are freed.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="reason">Why (1 to 200 characters; recorded in the event chain, so no personal data).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentException">The reason is empty or too long.</exception>
    public Task<TransitionOutcome> CancelAsync(ReservationId id, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxTextLength)
        {
            throw new ArgumentException($"A cancellation needs a reason of 1 to {MaxTextLength} characters.", nameof(reason));
        }

        return Transition(id, ReservationStatus.Cancelled, reason, cancellationToken);
    }

    /// <summary>Renews a held reservation before it expires: it then expires one <see cref="LedgerOptions.ReservationLifetime"/> from now.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied (with the new expiry), not found, or invalid: expired already (the expiry is recorded) or no longer reserved.</returns>
    public Task<TransitionOutcome> RenewAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        Transition(id, ReservationStatus.Reserved, null, cancellationToken, renew: true);

    /// <summary>Renews a held reservation as <paramref name="actor"/>; otherwise as <see cref="RenewAsync(ReservationId, CancellationToken)"/>.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="actor">Who acts: the reservation's collaborator, or an aggregator's actor for a pledge routed through it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As <see cref="RenewAsync(ReservationId, CancellationToken)"/>, or <see cref="TransitionOutcomeKind.NotPermitted"/> naming the rule.</returns>
    public Task<TransitionOutcome> RenewAsync(ReservationId id, CollaboratorId actor, CancellationToken cancellationToken = default) =>
        Transition(id, ReservationStatus.Reserved, null, cancellationToken, RequireActor(actor), renew: true);

    /// <summary>Finds a reservation, with its status as seen now (an undelivered reservation past its expiry reads as expired).</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The reservation, or <see langword="null"/>.</returns>
    public async Task<Reservation?> FindAsync(ReservationId id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        var stored = await Store.FindReservationAsync(id, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : AsSeenNow(stored, _options.Clock.GetCurrentInstant());
    }

    /// <summary>Reads a need with its live committed quantities.</summary>
    /// <param name="key">The need.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The need, or <see langword="null"/>.</returns>
    public Task<NeedState?> GetNeedAsync(NeedKey key, CancellationToken cancellationToken = default) =>
        Store.GetNeedAsync(key, _options.Clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reads every need with its live quantities.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The needs ordered by unit, item and period.</returns>
    public IAsyncEnumerable<NeedState> ReadNeedsAsync(CancellationToken cancellationToken = default) =>
        Store.ReadNeedsAsync(_options.Clock.GetCurrentInstant(), cancellationToken);

    /// <summary>Reads every reservation, each with its status as seen now.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The reservations in creation order.</returns>
    public async IAsyncEnumerable<Reservation> ReadReservationsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var now = _options.Clock.GetCurrentInstant();
        await foreach (var r in Store.ReadReservationsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return AsSeenNow(r, now);
        }
    }

    /// <summary>Recomputes the event chain and names the first broken link, if any.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The verification.</returns>
    public Task<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default) => VerifyChainAsync(null, cancellationToken);

    /// <summary>
    /// Verifies the ledger against tampering: the event chain link by link, the stored chain head (so deleting the newest
    /// events is detected), the published head when given, and every row of the state tables (needs, reservations,
    /// collaborators, household claims) against the state the events give.
    /// </summary>
    /// <param name="expectedHead">A head hash published earlier (it must be the hash of an event in the chain), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Intact with the head hash, or the first finding: the table and key tampered and what is wrong.</returns>
    /// <exception cref="LedgerStoreException">The store failed.</exception>
    public Task<ChainVerification> VerifyChainAsync(string? expectedHead, CancellationToken cancellationToken = default) =>
        Store.AuditAsync(expectedHead, cancellationToken);

    /// <summary>Checks a collaborator identifier: letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; 1 to 64 characters.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="error">Why it is invalid, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryValidateCollaboratorId(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        // The model's one rule for collaborator ids.
        return CollaboratorId.TryParse(id, out _, out error);
    }

    /// <summary>Checks an idempotency key: 1 to 200 printable ASCII characters without spaces.</summary>
    /// <param name="key">The key.</param>
    /// <param name="error">Why it is invalid, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryValidateKey(string? key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxTextLength || !key.All(c => c is > ' ' and < (char)127))
        {
            error = $"Idempotency key '{key}' must be 1 to {MaxTextLength} printable ASCII characters without spaces.";
            return false;
        }

        error = null;
        return true;
    }

    private static Reservation AsSeenNow(Reservation r, NodaTime.Instant now)
    {
        var status = r.StatusAt(now);
        return status == r.Status ? r : r with { Status = status, UpdatedAt = r.ExpiresAt };
    }

    private static void RequireId(ReservationId id)
    {
        if (id.IsDefault)
        {
            throw new ArgumentException("The reservation id is the default value.", nameof(id));
        }
    }

    private static Guid NewGuid(NodaTime.Instant now) => Guid.CreateVersion7(now.ToDateTimeOffset());

    private async Task<TransitionOutcome> Transition(ReservationId id, ReservationStatus target, string? reason, CancellationToken cancellationToken, string? actor = null, bool renew = false)
    {
        RequireId(id);
        var now = _options.Clock.GetCurrentInstant();
        NodaTime.Instant? until = renew ? now + _options.ReservationLifetime : null;
        var outcome = await Store.TransitionAsync(new TransitionRequest(id, target, now, null, reason, [], RenewUntil: until, Actor: actor), cancellationToken).ConfigureAwait(false);
        if (outcome.Kind == TransitionOutcomeKind.Applied && _rules.Bundles(outcome.Reservation!.Need.Item).Count > 0)
        {
            // Bundled items follow their device through verify, release, cancel and renew (the device's actor rule applied).
            var bundles = await FindBundlesAsync(outcome.Reservation, cancellationToken).ConfigureAwait(false);
            await FollowAsync(bundles, b => Store.TransitionAsync(new TransitionRequest(b.Id, target, now, null, reason, [], RenewUntil: until), cancellationToken)).ConfigureAwait(false);
        }

        return outcome;
    }

    // The key a bundled item's reservation is held under: the device's key, '+', the bundled item code.
    private static string BundleKey(string key, ItemCode item) => $"{key}+{item}";

    // The reservations of the items bundled with a reservation's item, found by their derived keys (Reservation null when absent).
    private async Task<List<(ItemCode Item, Reservation? Reservation)>> FindBundlesAsync(Reservation device, CancellationToken cancellationToken)
    {
        var found = new List<(ItemCode, Reservation?)>();
        foreach (var item in _rules.Bundles(device.Need.Item))
        {
            var bundle = await Store.FindReservationByKeyAsync(BundleKey(device.Key, item), cancellationToken).ConfigureAwait(false);
            found.Add((item, bundle is not null && bundle.Need == device.Need with { Item = item } ? bundle : null));
        }

        return found;
    }

    private static async Task FollowAsync(List<(ItemCode Item, Reservation? Reservation)> bundles, Func<Reservation, Task<TransitionOutcome>> apply)
    {
        foreach (var (_, bundle) in bundles)
        {
            if (bundle is not null)
            {
                await apply(bundle).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records a delivery as <paramref name="actor"/>; otherwise as <see cref="DeliverAsync(ReservationId, IReadOnlyList{HouseholdId}?, long?, string?, CancellationToken)"/>.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="actor">Who acts: the reservation's collaborator, or an aggregator's actor for a pledge routed through it.</param>
    /// <param name="households">NIK or KK numbers of the receiving households (hashed before storage; empty for none).</param>
    /// <param name="deliveredQuantity">The quantity delivered, or <see langword="null"/> for all.</param>
    /// <param name="overrideReason">An audited reason to deliver to a household already served, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As the overload without actor, or <see cref="TransitionOutcomeKind.NotPermitted"/> naming the rule.</returns>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public Task<TransitionOutcome> DeliverAsync(
        ReservationId id,
        CollaboratorId actor,
        IReadOnlyList<HouseholdId>? households = null,
        long? deliveredQuantity = null,
        string? overrideReason = null,
        CancellationToken cancellationToken = default) =>
        DeliverCoreAsync(id, households, deliveredQuantity, overrideReason, RequireActor(actor), cancellationToken);

    /// <summary>Verifies a delivery as <paramref name="actor"/>: a verifier whose region holds the need's unit, never the collaborator or aggregator who delivered.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="actor">The verifier.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As <see cref="VerifyAsync(ReservationId, CancellationToken)"/>, or <see cref="TransitionOutcomeKind.NotPermitted"/> naming the rule.</returns>
    public Task<TransitionOutcome> VerifyAsync(ReservationId id, CollaboratorId actor, CancellationToken cancellationToken = default) =>
        Transition(id, ReservationStatus.Verified, null, cancellationToken, RequireActor(actor));

    /// <summary>Releases a reservation as <paramref name="actor"/>: its collaborator, or an aggregator's actor for a pledge routed through it.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="actor">Who acts.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As <see cref="ReleaseAsync(ReservationId, CancellationToken)"/>, or <see cref="TransitionOutcomeKind.NotPermitted"/> naming the rule.</returns>
    public Task<TransitionOutcome> ReleaseAsync(ReservationId id, CollaboratorId actor, CancellationToken cancellationToken = default) =>
        Transition(id, ReservationStatus.Released, null, cancellationToken, RequireActor(actor));

    /// <summary>Cancels a reservation as <paramref name="actor"/>: its collaborator, an aggregator's actor for a pledge routed through it, or an operator whose region holds the unit.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="reason">Why (1 to 200 characters; no personal data).</param>
    /// <param name="actor">Who acts.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>As <see cref="CancelAsync(ReservationId, string, CancellationToken)"/>, or <see cref="TransitionOutcomeKind.NotPermitted"/> naming the rule.</returns>
    /// <exception cref="ArgumentException">The reason is empty or too long.</exception>
    public Task<TransitionOutcome> CancelAsync(ReservationId id, string reason, CollaboratorId actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxTextLength)
        {
            throw new ArgumentException($"A cancellation needs a reason of 1 to {MaxTextLength} characters.", nameof(reason));
        }

        return Transition(id, ReservationStatus.Cancelled, reason, cancellationToken, RequireActor(actor));
    }

    /// <summary>Adds role grants (verifiers, operators, aggregators' actors); a grant already present is kept once.</summary>
    /// <param name="grants">The grants.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the grants are durable; each new grant is a <c>role.granted</c> event.</returns>
    public Task SetRolesAsync(IEnumerable<RoleGrant> grants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var list = grants.ToList();
        if (list.Any(g => g is null))
        {
            throw new ArgumentException("A grant is null.", nameof(grants));
        }

        return Store.SetRolesAsync(list, _options.Clock.GetCurrentInstant(), cancellationToken);
    }

    private static string RequireActor(CollaboratorId actor) =>
        actor.IsDefault ? throw new ArgumentException("The actor id is the default value.", nameof(actor)) : actor.Value;
}
