using NodaTime;

namespace Ksbb.Ledger;

/// <summary>A reservation still held (reserved, not expired) after its planned delivery date.</summary>
/// <remarks>Plain immutable data; thread-safe.</remarks>
/// <param name="Reservation">The reservation, as seen now.</param>
/// <param name="DeliverBy">Its planned delivery date (for a reservation stored before planned dates were kept: its period's last day).</param>
/// <param name="DaysOverdue">Whole days from the planned date to today (Asia/Jakarta), at least 1.</param>
public sealed record OverdueCommitment(Reservation Reservation, LocalDate DeliverBy, int DaysOverdue);
