using NodaTime;
using Ksbb.Model.Offers;
using Ksbb.Model.Collaborators;
using Ksbb.Ledger;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Microsoft.Extensions.Logging;

namespace Ksbb.Extensions.Hosting;

/// <summary>The registered <see cref="ReservationLedger"/> with its state changes counted, traced and logged
/// (<see cref="KsbbTelemetry.LedgerName"/>); thread-safe, one per container.</summary>
/// <remarks>Reads go straight to <see cref="Ledger"/>; writes made through this type are the ones measured.</remarks>
public sealed partial class LedgerRecorder : IAsyncDisposable, IDisposable
{
    private readonly KsbbInstrumentation _instrumentation;
    private readonly ILogger _logger;

    internal LedgerRecorder(ReservationLedger ledger, KsbbInstrumentation instrumentation, ILogger logger)
    {
        Ledger = ledger;
        _instrumentation = instrumentation;
        _logger = logger;
    }

    /// <summary>Gets the ledger.</summary>
    /// <value>The one ledger of the container; its store is disposed with the container.</value>
    public ReservationLedger Ledger { get; }

    /// <summary>Reserves part of a need, as <see cref="ReservationLedger.ReserveAsync(string, NeedKey, long, string, CancellationToken)"/> does, counting the outcome.</summary>
    /// <param name="collaborator">The collaborator identifier.</param>
    /// <param name="need">The need.</param>
    /// <param name="quantity">The quantity, 1 or more.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    public Task<ReserveOutcome> ReserveAsync(string collaborator, NeedKey need, long quantity, string key, CancellationToken cancellationToken = default) =>
        RecordAsync(need, quantity, () => Ledger.ReserveAsync(collaborator, need, quantity, key, cancellationToken));

    /// <summary>Reserves part of a need drawing on a pledge, as <see cref="ReservationLedger.ReserveAsync(CollaboratorId, NeedKey, long, string, OfferId, CancellationToken)"/> does, counting the outcome.</summary>
    /// <param name="collaborator">The collaborator reserving (the pledge's owner).</param>
    /// <param name="need">The need.</param>
    /// <param name="quantity">The quantity, &gt; 0.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="pledge">The pledge the reservation draws on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ledger's outcome.</returns>
    public Task<ReserveOutcome> ReserveAsync(CollaboratorId collaborator, NeedKey need, long quantity, string key, OfferId pledge, CancellationToken cancellationToken = default) =>
        RecordAsync(need, quantity, () => Ledger.ReserveAsync(collaborator, need, quantity, key, pledge, cancellationToken));

    /// <summary>Reserves part of a need with a planned delivery date (and optionally drawing on a pledge), as
    /// <see cref="ReservationLedger.ReserveAsync(CollaboratorId, NeedKey, long, string, LocalDate, OfferId?, CancellationToken)"/> does, counting the outcome.</summary>
    /// <param name="collaborator">The collaborator reserving.</param>
    /// <param name="need">The need.</param>
    /// <param name="quantity">The quantity, 1 or more.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="deliverBy">The planned delivery date (Asia/Jakarta), today or later.</param>
    /// <param name="pledge">The pledge the reservation draws on, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The date is before today (the ledger's rule); nothing is counted.</exception>
    public Task<ReserveOutcome> ReserveAsync(CollaboratorId collaborator, NeedKey need, long quantity, string key, LocalDate deliverBy, OfferId? pledge = null, CancellationToken cancellationToken = default) =>
        RecordAsync(need, quantity, () => Ledger.ReserveAsync(collaborator, need, quantity, key, deliverBy, pledge, cancellationToken));

    private async Task<ReserveOutcome> RecordAsync(NeedKey need, long quantity, Func<Task<ReserveOutcome>> reserve)
    {
        using var activity = KsbbInstrumentation.LedgerSource.StartActivity("ksbb.ledger.reserve");
        activity?.SetTag(KsbbTelemetry.ItemTag, need.Item.ToString());
        var outcome = await reserve().ConfigureAwait(false);
        var name = outcome.Kind switch
        {
            ReserveOutcomeKind.Reserved => "reserved",
            ReserveOutcomeKind.Replayed => "replayed",
            ReserveOutcomeKind.Refused => "refused",
            ReserveOutcomeKind.UnknownNeed => "unknown_need",
            ReserveOutcomeKind.KeyConflict => "key_conflict",
            ReserveOutcomeKind.RuleRefused => "rule_refused",
            _ => "other",
        };
        activity?.SetTag(KsbbTelemetry.OutcomeTag, name);
        _instrumentation.Reservations.Add(1, new KeyValuePair<string, object?>(KsbbTelemetry.OutcomeTag, name));
        if (!outcome.Succeeded)
        {
            _instrumentation.Refusals.Add(1, new KeyValuePair<string, object?>(KsbbTelemetry.OutcomeTag, name));
            LogRefused(_logger, need, quantity, name, outcome.Remaining);
        }

        return outcome;
    }

    /// <summary>Releases a reservation (<c>ReservationLedger.ReleaseAsync</c>), counting the outcome.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    public Task<TransitionOutcome> ReleaseAsync(ReservationId id, CancellationToken cancellationToken = default) =>
        TransitionAsync("release", () => Ledger.ReleaseAsync(id, cancellationToken));

    /// <summary>Records a delivery of a reservation (<c>ReservationLedger.DeliverAsync</c>, no household list), counting the outcome.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="deliveredQuantity">The quantity delivered, or <see langword="null"/> for all of it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    public Task<TransitionOutcome> DeliverAsync(ReservationId id, long? deliveredQuantity = null, CancellationToken cancellationToken = default) =>
        TransitionAsync("deliver", () => Ledger.DeliverAsync(id, null, deliveredQuantity, null, cancellationToken));

    /// <summary>Records a delivery with its proof (<see cref="ReservationLedger.DeliverAsync(ReservationId, DeliveryProof, CollaboratorId?, IReadOnlyList{Ksbb.Ledger.Households.HouseholdId}?, long?, string?, CancellationToken)"/>, no household list), counting the outcome.</summary>
    /// <param name="id">The reservation.</param>
    /// <param name="proof">The evidence hashes, geotag and acknowledgements.</param>
    /// <param name="actor">Who delivers, or <see langword="null"/> for a host that authorised the call itself.</param>
    /// <param name="deliveredQuantity">The quantity delivered, or <see langword="null"/> for all of it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    /// <exception cref="ArgumentException">An argument is invalid, or the geotag contradicts the claimed unit; nothing is counted.</exception>
    public Task<TransitionOutcome> DeliverAsync(ReservationId id, DeliveryProof proof, CollaboratorId? actor = null, long? deliveredQuantity = null, CancellationToken cancellationToken = default) =>
        TransitionAsync("deliver", () => Ledger.DeliverAsync(id, proof, actor, null, deliveredQuantity, null, cancellationToken));

    private async Task<TransitionOutcome> TransitionAsync(string transition, Func<Task<TransitionOutcome>> apply)
    {
        using var activity = KsbbInstrumentation.LedgerSource.StartActivity("ksbb.ledger." + transition);
        var outcome = await apply().ConfigureAwait(false);
        var name = outcome.Kind.ToString().ToLowerInvariant();
        activity?.SetTag(KsbbTelemetry.OutcomeTag, name);
        _instrumentation.Transitions.Add(
            1,
            new KeyValuePair<string, object?>(KsbbTelemetry.TransitionTag, transition),
            new KeyValuePair<string, object?>(KsbbTelemetry.OutcomeTag, name));
        if (!outcome.Succeeded)
        {
            _instrumentation.Refusals.Add(1, new KeyValuePair<string, object?>(KsbbTelemetry.OutcomeTag, name));
        }

        return outcome;
    }

    /// <summary>Disposes the ledger's store.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public ValueTask DisposeAsync() => Ledger.Store.DisposeAsync();

    /// <summary>Disposes the ledger's store, waiting for it (for containers disposed synchronously).</summary>
    public void Dispose() => Ledger.Store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Reservation of {Quantity} against {Need} not made: {Outcome} (remaining {Remaining})")]
    private static partial void LogRefused(ILogger logger, NeedKey need, long quantity, string outcome, long remaining);
}
