using NodaTime;
using Ksbb.Model.Offers;
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

    /// <summary>Reserves part of a need, as <see cref="ReservationLedger.ReserveAsync"/> does, counting the outcome.</summary>
    /// <param name="actor">Who reserves.</param>
    /// <param name="need">The need.</param>
    /// <param name="quantity">The quantity, 1 or more.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="pledge">The pledge the reservation draws on, or <see langword="null"/>.</param>
    /// <param name="deliverBy">The planned delivery date, or <see langword="null"/> for the period's last day.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    public async Task<LedgerOutcome> ReserveAsync(LedgerActor actor, NeedKey need, long quantity, IdempotencyKey key, OfferId? pledge = null, LocalDate? deliverBy = null, CancellationToken cancellationToken = default)
    {
        using var activity = KsbbInstrumentation.LedgerSource.StartActivity("ksbb.ledger.reserve");
        activity?.SetTag(KsbbTelemetry.ItemTag, need.Item.ToString());
        var outcome = await Ledger.ReserveAsync(actor, need, quantity, key, pledge, deliverBy, cancellationToken).ConfigureAwait(false);
        var name = OutcomeName(outcome);
        activity?.SetTag(KsbbTelemetry.OutcomeTag, name);
        _instrumentation.Reservations.Add(1, new KeyValuePair<string, object?>(KsbbTelemetry.OutcomeTag, name));
        if (!outcome.Succeeded)
        {
            _instrumentation.Refusals.Add(1, new KeyValuePair<string, object?>(KsbbTelemetry.OutcomeTag, name));
            LogRefused(_logger, need, quantity, name, outcome.Remaining ?? 0);
        }

        return outcome;
    }

    /// <summary>Releases a reservation (<see cref="ReservationLedger.ReleaseAsync"/>), counting the outcome.</summary>
    /// <param name="actor">Who releases it.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    public Task<LedgerOutcome> ReleaseAsync(LedgerActor actor, ReservationId id, CancellationToken cancellationToken = default) =>
        TransitionAsync("release", () => Ledger.ReleaseAsync(actor, id, cancellationToken));

    /// <summary>Records a delivery, with or without proof (<see cref="ReservationLedger.DeliverAsync"/>, no household list), counting the outcome.</summary>
    /// <param name="actor">Who delivers.</param>
    /// <param name="id">The reservation.</param>
    /// <param name="proof">The evidence hashes, geotag and acknowledgements, or <see langword="null"/>.</param>
    /// <param name="deliveredQuantity">The quantity delivered, or <see langword="null"/> for all of it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ledger's outcome.</returns>
    /// <exception cref="ArgumentException">An argument is invalid, or the geotag contradicts the claimed unit; nothing is counted.</exception>
    public Task<LedgerOutcome> DeliverAsync(LedgerActor actor, ReservationId id, DeliveryProof? proof = null, long? deliveredQuantity = null, CancellationToken cancellationToken = default) =>
        TransitionAsync("deliver", () => Ledger.DeliverAsync(actor, id, proof, null, deliveredQuantity, null, cancellationToken));

    private static string OutcomeName(LedgerOutcome outcome) => outcome.Kind switch
    {
        LedgerOutcomeKind.Applied => "applied",
        LedgerOutcomeKind.Replayed => "replayed",
        LedgerOutcomeKind.Unchanged => "unchanged",
        _ => outcome.Refusal!.RuleName,
    };

    private async Task<LedgerOutcome> TransitionAsync(string transition, Func<Task<LedgerOutcome>> apply)
    {
        using var activity = KsbbInstrumentation.LedgerSource.StartActivity("ksbb.ledger." + transition);
        var outcome = await apply().ConfigureAwait(false);
        var name = OutcomeName(outcome);
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
