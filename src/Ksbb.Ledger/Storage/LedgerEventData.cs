using NodaTime;

namespace Ksbb.Ledger.Storage;

/// <summary>An event before a store appends it to the chain: time, kind and canonical payload.</summary>
/// <remarks>Build with <see cref="LedgerEvents"/>; seal with <see cref="LedgerEventChain.Seal(LedgerEvent?, LedgerEventData)"/>. Immutable; thread-safe.</remarks>
/// <param name="At">When the event happened.</param>
/// <param name="Kind">The kind, for example <c>reservation.reserved</c>.</param>
/// <param name="Payload">Canonical JSON.</param>
internal sealed record LedgerEventData(Instant At, string Kind, string Payload);
