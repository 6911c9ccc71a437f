using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ksbb.Ledger.Storage;

namespace Ksbb.Ledger.Export;

/// <summary>The full internal state of a ledger as one document (STATE.json): every need with its reserved and delivered quantities, every reservation with its status.</summary>
/// <remarks>
/// Not for publication (it holds idempotency keys and collaborator ids); the public view is <see cref="PublicExport"/>.
/// Written with System.Text.Json source generation: indented UTF-8 JSON, properties in a fixed order. Thread-safe.
/// </remarks>
public static class LedgerState
{
    private static readonly LedgerStateJsonContext Context = new(new JsonSerializerOptions(LedgerStateJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Reads the ledger's state and writes it as JSON to a stream.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="utf8Json">The stream to write to (left open).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The number of needs and reservations written.</returns>
    /// <exception cref="Storage.LedgerStoreException">The store failed.</exception>
    public static async Task<(int Needs, int Reservations)> WriteAsync(ReservationLedger ledger, Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(utf8Json);
        var document = new StateDocument();
        await foreach (var n in ledger.ReadNeedsAsync(cancellationToken).ConfigureAwait(false))
        {
            document.Needs.Add(new StateNeed(n.Key.Unit.ToString(), n.Key.Item.Value, n.Key.Period.ToString(), n.Need, n.Reserved, n.Delivered));
        }

        await foreach (var r in ledger.ReadReservationsAsync(cancellationToken).ConfigureAwait(false))
        {
            document.Reservations.Add(new StateReservation(
                r.Id.Value, r.Key.Value, r.Collaborator.Value, r.Need.Unit.ToString(), r.Need.Item.Value, r.Need.Period.ToString(), r.Quantity, ReservationLifecycle.Name(r.Status)));
        }

        await JsonSerializer.SerializeAsync(utf8Json, document, Context.StateDocument, cancellationToken).ConfigureAwait(false);
        return (document.Needs.Count, document.Reservations.Count);
    }
}

internal sealed class StateDocument
{
    public List<StateNeed> Needs { get; } = [];

    public List<StateReservation> Reservations { get; } = [];
}

internal sealed record StateNeed(string Unit, string Item, string Period, long Need, long Reserved, long Delivered);

internal sealed record StateReservation(string Id, string Key, string Collaborator, string Unit, string Item, string Period, long Quantity, string Status);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class LedgerStateJsonContext : JsonSerializerContext;
