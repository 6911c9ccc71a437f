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
/// Every state-changing command carries its <see cref="LedgerActor"/>, checked in the same transaction as the change
/// and recorded in its event. Arguments are validated before the store is touched (<see cref="ArgumentException"/>
/// names the argument: a caller's bug). Every outcome decided by a rule is a <see cref="LedgerOutcome"/> naming the
/// <see cref="LedgerRule"/> with its facts, never an exception. A failure of the store throws <see cref="LedgerStoreException"/>; a reservation whose
/// call threw may or may not have committed, and repeating it with the same key is always safe.
/// </para>
/// <para>Thread-safe: share one instance. Several ledgers (processes, servers) may use one store at once.</para>
/// </remarks>
public sealed partial class ReservationLedger
{
    /// <summary>The longest reason (of a cancellation, of an override) accepted, in characters.</summary>
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

    /// <summary>
    /// Sets many needs in one transaction as <paramref name="actor"/> (adds, raises or lowers them). While the ledger
    /// records no roles, any actor may (the host's set-up); once it does, only an operator whose region holds every
    /// need's unit.
    /// </summary>
    /// <param name="actor">Who sets them.</param>
    /// <param name="needs">The needs (keys distinct, quantities 0 or more).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// Applied with one change per need, in order (a change whose <see cref="NeedChange.Refusal"/> is set names
    /// <see cref="LedgerRule.NeedPeriodOverlap"/> and was not applied; the others were); or refused naming
    /// <see cref="LedgerRule.OperatorRoleRequired"/>, nothing changed.
    /// </returns>
    /// <exception cref="ArgumentException">A key is default or repeated, or a quantity is negative.</exception>
    public Task<LedgerOutcome> SetNeedsAsync(LedgerActor actor, IEnumerable<KeyValuePair<NeedKey, long>> needs, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        return Store.SetNeedsAsync(ValidateNeeds(needs), _options.Clock.GetCurrentInstant(), actor, cancellationToken);
    }

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

    /// <summary>Adds or replaces collaborators' public records, as <paramref name="actor"/>: while the ledger records no
    /// roles any actor may; once it does, only an operator.</summary>
    /// <param name="actor">Who records them.</param>
    /// <param name="collaborators">The records (identifiers distinct).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied once the records are durable, or refused naming <see cref="LedgerRule.OperatorRoleRequired"/>.</returns>
    /// <exception cref="ArgumentException">A record is null or repeats an identifier; the message names it.</exception>
    public Task<LedgerOutcome> SetCollaboratorsAsync(LedgerActor actor, IEnumerable<Collaborator> collaborators, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        var list = Distinct(collaborators, c => c.Id, "Collaborator", nameof(collaborators));
        return Store.SetCollaboratorsAsync(list, _options.Clock.GetCurrentInstant(), actor, cancellationToken);
    }

    // A list of records with distinct identifiers (the records themselves were validated when created).
    private static List<T> Distinct<T, TId>(IEnumerable<T> records, Func<T, TId> id, string kind, string parameter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(records, parameter);
        var list = records.ToList();
        var seen = new HashSet<TId>();
        for (var i = 0; i < list.Count; i++)
        {
            var record = list[i] ?? throw new ArgumentException($"{kind} #{i + 1} is null.", parameter);
            if (!seen.Add(id(record)))
            {
                throw new ArgumentException($"{kind} #{i + 1} ({id(record)}) repeats an earlier identifier.", parameter);
            }
        }

        return list;
    }

    /// <summary>
    /// Reserves part of a need as <paramref name="actor"/>, atomically: accepted only if reserved + delivered +
    /// <paramref name="quantity"/> ≤ need. Without a pledge the reservation is the actor's own (a recorded, active
    /// collaborator). Drawing on <paramref name="pledge"/> it is the pledge's collaborator's, and the actor is that
    /// collaborator, the actor of the aggregator the pledge is given via, or an operator whose region holds the unit (the
    /// pooled round); a pledge via an aggregator is drawn only inside the aggregator's service areas.
    /// </summary>
    /// <param name="actor">Who reserves.</param>
    /// <param name="need">The need (unit, item, period).</param>
    /// <param name="quantity">The quantity, at least 1.</param>
    /// <param name="key">The caller's idempotency key, unique per intended reservation.</param>
    /// <param name="pledge">The pledge the reservation draws on, or <see langword="null"/>.</param>
    /// <param name="deliverBy">The planned delivery date (Asia/Jakarta), from today to the period's last day plus
    /// <see cref="LedgerOptions.DeliveryGrace"/>; <see langword="null"/> for the period's last day.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// Applied (with what remains of the need); replayed (same key and parameters: the first answer, the reservation as
    /// it is now); or refused naming the rule (<see cref="LedgerRule.NotEnoughRemaining"/> with what remains,
    /// <see cref="LedgerRule.NeedNotFound"/>, <see cref="LedgerRule.KeyConflict"/>, <see cref="LedgerRule.NoLongerHeld"/>,
    /// the collaborator, pledge, channel and catalogue rules).
    /// </returns>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public async Task<LedgerOutcome> ReserveAsync(
        LedgerActor actor,
        NeedKey need,
        long quantity,
        IdempotencyKey key,
        Ksbb.Model.Pledges.PledgeId? pledge = null,
        NodaTime.LocalDate? deliverBy = null,
        CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        using var activity = LedgerTelemetry.StartCommand("reserve", need.Item);
        var outcome = await ReserveCoreAsync(actor, need, quantity, key, pledge, deliverBy, cancellationToken).ConfigureAwait(false);
        LedgerTelemetry.Reserved(activity, outcome, deliverBy);
        return outcome;
    }

    private async Task<LedgerOutcome> ReserveCoreAsync(LedgerActor actor, NeedKey need, long quantity, IdempotencyKey key, Ksbb.Model.Pledges.PledgeId? pledge, NodaTime.LocalDate? deliverBy, CancellationToken cancellationToken)
    {
        if (need.IsDefault)
        {
            throw new ArgumentException("The need has a default unit, item or period.", nameof(need));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        RequireKey(key);
        if (pledge is { IsDefault: true })
        {
            throw new ArgumentException("The pledge id is the default value.", nameof(pledge));
        }

        var now = _options.Clock.GetCurrentInstant();
        var bundledItems = _rules.Bundles(need.Item);
        var bundleKeys = bundledItems.Select(item => DeriveKey(key, item)).ToList();

        // A retry is answered as its original was (replayed, or no longer held), even when a rule would refuse a new
        // reservation today (the programme has closed since, the date has passed): the rules apply to new reservations
        // only, so the key is looked up only when a rule would refuse.
        if ((_rules.CheckReserve(need, now) ?? PlannedDateRefusal(need, deliverBy, now)) is { } refusal
            && await Store.FindReservationByKeyAsync(key.Value, cancellationToken).ConfigureAwait(false) is null)
        {
            return LedgerOutcome.Refused(refusal);
        }

        // Items bundled with this one (the Kartu Internet Belajar with a student device) are reserved with it, in the same
        // transaction, for the same unit, period, quantity and collaborator, each under a key derived from this one.
        var expires = now + _options.ReservationLifetime;
        var planned = deliverBy ?? need.Period.End;
        var bundled = bundledItems
            .Select((item, i) => new ReserveRequest(ReservationId.FromGuid(NewGuid(now)), bundleKeys[i], actor, need with { Item = item }, quantity, now, expires, null, planned))
            .ToList();
        var id = ReservationId.FromGuid(NewGuid(now));
        var outcome = await Store.ReserveAsync(new ReserveRequest(id, key, actor, need, quantity, now, expires, pledge, planned), bundled, cancellationToken).ConfigureAwait(false);

        // A replay answers with the reservation as it is now (it may have been delivered, or have expired since).
        // A retry is never a new success for what is no longer held (expired, released or cancelled).
        if (outcome.Kind != LedgerOutcomeKind.Replayed)
        {
            return outcome;
        }

        var seen = AsSeenNow(outcome.Reservation!, now);
        return seen.Status is ReservationStatus.Expired or ReservationStatus.Released or ReservationStatus.Cancelled
            ? LedgerOutcome.Refused(LedgerRefusal.Create(LedgerRule.NoLongerHeld,
                $"a retried key is not a new reservation: reservation {seen.Id} under '{key}' is {ReservationLifecycle.Name(seen.Status)}; reserve again under a new key.",
                need.Unit, "key", outcome.Remaining), seen)
            : LedgerOutcome.Replayed(seen, outcome.Remaining);
    }

    // A planned delivery date lies from today (Asia/Jakarta) to the period's last day plus the grace.
    private LedgerRefusal? PlannedDateRefusal(NeedKey need, NodaTime.LocalDate? deliverBy, NodaTime.Instant now)
    {
        var today = now.InZone(Ksbb.Model.Time.DistributionPeriod.Zone).Date;
        var latest = need.Period.End.PlusDays(_options.DeliveryGrace.Days);
        return deliverBy is { } by && (by < today || by > latest)
            ? LedgerRefusal.Create(
                LedgerRule.DeliverByOutOfRange,
                $"a planned delivery date lies from today ({today:yyyy-MM-dd}, Asia/Jakarta) to the period's last day plus {_options.DeliveryGrace.Days} days ({latest:yyyy-MM-dd}): {by:yyyy-MM-dd} is {(by < today ? "in the past" : "later")}.",
                need.Unit,
                "deliverBy")
            : null;
    }

    /// <summary>Records a delivery of a reserved reservation as <paramref name="actor"/> (its collaborator, or the actor of
    /// the aggregator its pledge is given via), optionally with proof and naming the households that received it.</summary>
    /// <param name="actor">Who delivers.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="proof">The proof of delivery (evidence hashes, geotag, acknowledgements), or <see langword="null"/>.</param>
    /// <param name="households">NIK or KK numbers of the receiving households (hashed before storage; empty for none).</param>
    /// <param name="deliveredQuantity">The quantity delivered (1 to the reserved quantity; the rest returns to the need), or <see langword="null"/> for all.</param>
    /// <param name="overrideReason">
    /// An operator's reason to deliver to a household that already received this benefit class in this period, or
    /// <see langword="null"/> to refuse such deliveries. The override and its reason are recorded in the event chain.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied; unchanged (already delivered); or refused naming the rule (not found, invalid transition,
    /// household already served with the household's index as the field, actor, catalogue and bundle rules).</returns>
    /// <exception cref="ArgumentException">Households are named but the ledger has no hasher, a household repeats, the reason is too long, or the geotag contradicts itself.</exception>
    public async Task<LedgerOutcome> DeliverAsync(
        LedgerActor actor,
        ReservationId id,
        DeliveryProof? proof = null,
        IReadOnlyList<HouseholdId>? households = null,
        long? deliveredQuantity = null,
        string? overrideReason = null,
        CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        using var activity = LedgerTelemetry.StartCommand("deliver");
        var outcome = await DeliverCoreAsync(actor, id, proof, households, deliveredQuantity, overrideReason, cancellationToken).ConfigureAwait(false);
        LedgerTelemetry.Transitioned(activity, "deliver", outcome, proof is not null);
        return outcome;
    }

    private async Task<LedgerOutcome> DeliverCoreAsync(LedgerActor actor, ReservationId id, DeliveryProof? proof, IReadOnlyList<HouseholdId>? households, long? deliveredQuantity, string? overrideReason, CancellationToken cancellationToken)
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
            return NotFound(id);
        }

        CheckGeotag(proof, stored.Need.Unit);

        // The rules are checked for a delivery to be made; a retry of one made (or a transition the lifecycle refuses)
        // is answered by the store as before.
        var now = _options.Clock.GetCurrentInstant();
        if (stored.StatusAt(now) == ReservationStatus.Reserved && _rules.CheckDeliver(stored.Need, households, now) is { } refusal)
        {
            return LedgerOutcome.Refused(refusal, stored);
        }

        // A device is delivered only with its bundled items: each must still be held under its derived key.
        var bundles = await FindBundlesAsync(stored, cancellationToken).ConfigureAwait(false);
        if (stored.StatusAt(now) == ReservationStatus.Reserved
            && bundles.FirstOrDefault(b => b.Reservation?.StatusAt(now) is not (ReservationStatus.Reserved or ReservationStatus.Delivered or ReservationStatus.Verified)) is { Item.IsDefault: false } missing)
        {
            return LedgerOutcome.Refused(LedgerRule.BundleNotAvailable,
                $"{stored.Need.Item} is delivered only together with {missing.Item}, and reservation {stored.Id} has no {missing.Item} held with it ({(missing.Reservation is null ? "none was reserved" : "it is " + ReservationLifecycle.Name(missing.Reservation.StatusAt(now)))}).",
                stored, unit: stored.Need.Unit);
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
            var duplicate = outcome.Refusal?.HouseholdIndex ?? -1;
            if (duplicate < 0 || overrideReason is null || claims[duplicate].OverrideReason is not null)
            {
                if (outcome.Succeeded)
                {
                    // The bundled items follow the device (households are claimed once, on the device).
                    await FollowAsync(bundles, b => Store.TransitionAsync(
                        new TransitionRequest(b.Id, ReservationStatus.Delivered, _options.Clock.GetCurrentInstant(), outcome.Reservation!.DeliveredQuantity, null, [], Actor: actor, Follows: true), cancellationToken)).ConfigureAwait(false);
                }

                return outcome;
            }

            // Audited override: mark only the duplicate claim, then try again (at most once per household).
            claims[duplicate] = claims[duplicate] with { OverrideReason = overrideReason };
        }
    }

    /// <summary>Verifies a delivery as <paramref name="actor"/> (delivered → verified): a verifier whose region holds the
    /// need's unit, never the collaborator or aggregator who delivered.</summary>
    /// <param name="actor">The verifier.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied, or refused naming the rule.</returns>
    public Task<LedgerOutcome> VerifyAsync(LedgerActor actor, ReservationId id, CancellationToken cancellationToken = default) =>
        Transition("verify", actor, id, ReservationStatus.Verified, null, cancellationToken);

    /// <summary>Gives back a reservation before delivery as <paramref name="actor"/> (reserved → released; its quantity
    /// returns to the need): its collaborator, or the actor of the aggregator its pledge is given via.</summary>
    /// <param name="actor">Who acts.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied, or refused naming the rule.</returns>
    public Task<LedgerOutcome> ReleaseAsync(LedgerActor actor, ReservationId id, CancellationToken cancellationToken = default) =>
        Transition("release", actor, id, ReservationStatus.Released, null, cancellationToken);

    /// <summary>Cancels a reserved or delivered reservation with a reason as <paramref name="actor"/>: its collaborator, the
    /// actor of the aggregator its pledge is given via, or an operator whose region holds the unit. Its quantity returns
    /// to the need and a delivery's household claims are freed.</summary>
    /// <param name="actor">Who acts.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="reason">Why (1 to 200 characters; recorded in the event chain, so no personal data).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied, or refused naming the rule.</returns>
    /// <exception cref="ArgumentException">The reason is empty or too long.</exception>
    public Task<LedgerOutcome> CancelAsync(LedgerActor actor, ReservationId id, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxTextLength)
        {
            throw new ArgumentException($"A cancellation needs a reason of 1 to {MaxTextLength} characters.", nameof(reason));
        }

        return Transition("cancel", actor, id, ReservationStatus.Cancelled, reason, cancellationToken);
    }

    /// <summary>Renews a held reservation before it expires, as <paramref name="actor"/> (its collaborator, or the actor of
    /// the aggregator its pledge is given via): it then expires one <see cref="LedgerOptions.ReservationLifetime"/> from now.</summary>
    /// <param name="actor">Who acts.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied (with the new expiry), or refused naming the rule (expired already — the expiry is recorded —,
    /// no longer reserved, not the actor's).</returns>
    public Task<LedgerOutcome> RenewAsync(LedgerActor actor, ReservationId id, CancellationToken cancellationToken = default) =>
        Transition("renew", actor, id, ReservationStatus.Reserved, null, cancellationToken, renew: true);

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

    /// <summary>Reads the collaborators the ledger records (read-only: record them with <see cref="SetCollaboratorsAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The collaborators ordered by id, with their status as recorded.</returns>
    public IAsyncEnumerable<Collaborator> ReadCollaboratorsAsync(CancellationToken cancellationToken = default) =>
        Store.ReadCollaboratorsAsync(cancellationToken);

    /// <summary>Reads the role grants the ledger records (read-only: record them with <see cref="SetRolesAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The grants ordered by actor, role and scope; none while the ledger is in its set-up mode.</returns>
    public IAsyncEnumerable<RoleGrant> ReadRolesAsync(CancellationToken cancellationToken = default) =>
        Store.ReadRolesAsync(cancellationToken);

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

    private async Task<LedgerOutcome> Transition(string command, LedgerActor actor, ReservationId id, ReservationStatus target, string? reason, CancellationToken cancellationToken, bool renew = false)
    {
        RequireActor(actor);
        RequireId(id);
        using var activity = LedgerTelemetry.StartCommand(command);
        var outcome = await TransitionCoreAsync(actor, id, target, reason, renew, cancellationToken).ConfigureAwait(false);
        LedgerTelemetry.Transitioned(activity, command, outcome);
        return outcome;
    }

    private async Task<LedgerOutcome> TransitionCoreAsync(LedgerActor actor, ReservationId id, ReservationStatus target, string? reason, bool renew, CancellationToken cancellationToken)
    {
        var now = _options.Clock.GetCurrentInstant();
        NodaTime.Instant? until = renew ? now + _options.ReservationLifetime : null;
        var outcome = await Store.TransitionAsync(new TransitionRequest(id, target, now, null, reason, [], RenewUntil: until, Actor: actor), cancellationToken).ConfigureAwait(false);
        if (outcome.Kind == LedgerOutcomeKind.Applied && _rules.Bundles(outcome.Reservation!.Need.Item).Count > 0)
        {
            // Bundled items follow their device through verify, release, cancel and renew (the device's actor rule applied).
            var bundles = await FindBundlesAsync(outcome.Reservation, cancellationToken).ConfigureAwait(false);
            await FollowAsync(bundles, b => Store.TransitionAsync(new TransitionRequest(b.Id, target, now, null, reason, [], RenewUntil: until, Actor: actor, Follows: true), cancellationToken)).ConfigureAwait(false);
        }

        return outcome;
    }

    private static LedgerOutcome NotFound(ReservationId id) =>
        LedgerOutcome.Refused(LedgerRule.ReservationNotFound, $"a transition is of a reservation the ledger holds: there is no reservation '{id}'.", field: "id");

    // The key a bundled item's reservation is held under: the device's key, '+', the bundled item code.
    private static IdempotencyKey DeriveKey(IdempotencyKey key, ItemCode item) =>
        IdempotencyKey.TryParse($"{key}+{item}", out var derived, out _)
            ? derived
            : throw new ArgumentException($"The idempotency key '{key}' is too long for {item}, which is reserved with it under '{key}+{item}': use a key of at most {IdempotencyKey.MaxLength - item.Value.Length - 1} characters.", nameof(key));

    // The reservations of the items bundled with a reservation's item, found by their derived keys (Reservation null when absent).
    private async Task<List<(ItemCode Item, Reservation? Reservation)>> FindBundlesAsync(Reservation device, CancellationToken cancellationToken)
    {
        var found = new List<(ItemCode, Reservation?)>();
        foreach (var item in _rules.Bundles(device.Need.Item))
        {
            var bundle = await Store.FindReservationByKeyAsync($"{device.Key}+{item}", cancellationToken).ConfigureAwait(false);
            found.Add((item, bundle is not null && bundle.Need == device.Need with { Item = item } ? bundle : null));
        }

        return found;
    }

    private static async Task FollowAsync(List<(ItemCode Item, Reservation? Reservation)> bundles, Func<Reservation, Task<LedgerOutcome>> apply)
    {
        foreach (var (_, bundle) in bundles)
        {
            if (bundle is not null)
            {
                await apply(bundle).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Adds role grants (verifiers, operators, aggregators' actors) as <paramref name="actor"/>; a grant already
    /// present is kept once. While the ledger records no roles any actor may (the first grants close the set-up mode);
    /// once it does, only an operator.</summary>
    /// <param name="actor">Who grants them.</param>
    /// <param name="grants">The grants.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Applied once the grants are durable (each new grant is a <c>role.granted</c> event), or refused naming
    /// <see cref="LedgerRule.OperatorRoleRequired"/>.</returns>
    public Task<LedgerOutcome> SetRolesAsync(LedgerActor actor, IEnumerable<RoleGrant> grants, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        ArgumentNullException.ThrowIfNull(grants);
        var list = grants.ToList();
        if (list.Any(g => g is null))
        {
            throw new ArgumentException("A grant is null.", nameof(grants));
        }

        return Store.SetRolesAsync(list, _options.Clock.GetCurrentInstant(), actor, cancellationToken);
    }

    private static void RequireActor(LedgerActor actor) => ArgumentNullException.ThrowIfNull(actor);

    private static void RequireKey(IdempotencyKey key)
    {
        if (key.IsDefault)
        {
            throw new ArgumentException("The idempotency key is the default value.", nameof(key));
        }
    }
}
