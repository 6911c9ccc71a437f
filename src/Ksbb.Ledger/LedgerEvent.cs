using NodaTime;

namespace Ksbb.Ledger;

/// <summary>One event of the ledger's tamper-evident chain.</summary>
/// <remarks>
/// <see cref="Hash"/> is SHA-256 over <see cref="PreviousHash"/> and the event's canonical bytes (see
/// <see cref="LedgerEventChain"/>). <see cref="Payload"/> is canonical JSON without personal data (household
/// identifiers never appear, not even hashed). Plain immutable data; thread-safe.
/// </remarks>
/// <param name="Sequence">1 for the first event, then gapless.</param>
/// <param name="At">When the event happened (the ledger's clock).</param>
/// <param name="Kind">The kind, for example <c>reservation.reserved</c>.</param>
/// <param name="Payload">Canonical JSON describing the event.</param>
/// <param name="PreviousHash">The previous event's hash (64 hex digits), or 64 zeros for the first event.</param>
/// <param name="Hash">This event's hash (64 lowercase hex digits).</param>
public sealed record LedgerEvent(long Sequence, Instant At, string Kind, string Payload, string PreviousHash, string Hash);
