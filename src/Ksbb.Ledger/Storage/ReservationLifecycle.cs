
namespace Ksbb.Ledger.Storage;

/// <summary>The lifecycle rules, shared by every store: which transitions are allowed and what they change.</summary>
/// <remarks>
/// <para>Allowed: reserved → delivered, released or cancelled; delivered → verified or cancelled. A reserved
/// reservation past its expiry is expired first (and then nothing but "expired" is allowed). Asking for the status a
/// reservation already has is <see cref="LedgerOutcomeKind.Unchanged"/>, so retries are safe.</para>
/// <para>Pure functions; thread-safe.</para>
/// </remarks>
public static class ReservationLifecycle
{
    /// <summary>Gets a value indicating whether a status is final (no transition leaves it).</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for verified, released, expired and cancelled.</returns>
    public static bool IsFinal(ReservationStatus status) =>
        status is ReservationStatus.Verified or ReservationStatus.Released or ReservationStatus.Expired or ReservationStatus.Cancelled;

    /// <summary>Plans a transition of a stored reservation.</summary>
    /// <param name="stored">The reservation as read inside the store's write transaction.</param>
    /// <param name="request">The transition asked for.</param>
    /// <returns>The plan the store applies atomically.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    internal static TransitionPlan Plan(Reservation stored, TransitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(request);
        var now = request.Now;
        Reservation? expired = null;
        var current = stored;
        if (stored.StatusAt(now) == ReservationStatus.Expired && stored.Status == ReservationStatus.Reserved)
        {
            expired = stored with { Status = ReservationStatus.Expired, UpdatedAt = stored.ExpiresAt };
            current = expired;
        }

        if (request.RenewUntil is { } until)
        {
            // A renewal keeps a held reservation: allowed only while it is reserved and not yet expired.
            return current.Status == ReservationStatus.Reserved
                ? Applied(expired, current with { ExpiresAt = until, UpdatedAt = now }, 0, 0)
                : Invalid(expired, current, current.Status == ReservationStatus.Expired && expired is not null
                    ? $"Reservation {current.Id} expired at {current.ExpiresAt} before it was renewed: a reservation is renewed only while it is held."
                    : $"Reservation {current.Id} is {Name(current.Status)} and cannot be renewed: only a held (reserved) reservation is renewed.");
        }

        if (current.Status == request.Target)
        {
            return new TransitionPlan(LedgerOutcomeKind.Unchanged, expired, current, 0, 0, string.Empty);
        }

        string Refuse() => current.Status == ReservationStatus.Expired && expired is not null
            ? $"Reservation {current.Id} expired at {current.ExpiresAt} before it was {Verb(request.Target)}."
            : $"Reservation {current.Id} is {Name(current.Status)} and cannot be {Verb(request.Target)}; allowed: {Allowed(current.Status)}.";

        switch (request.Target, current.Status)
        {
            case (ReservationStatus.Delivered, ReservationStatus.Reserved):
                var quantity = request.DeliveredQuantity ?? current.Quantity;
                if (quantity < 1 || quantity > current.Quantity)
                {
                    return Invalid(expired, current, $"Delivered quantity {quantity} of reservation {current.Id} must be between 1 and the reserved {current.Quantity}.");
                }

                return Applied(expired, current with { Status = ReservationStatus.Delivered, DeliveredQuantity = quantity, UpdatedAt = now }, -current.Quantity, quantity);
            case (ReservationStatus.Verified, ReservationStatus.Delivered):
                return Applied(expired, current with { Status = ReservationStatus.Verified, UpdatedAt = now }, 0, 0);
            case (ReservationStatus.Released, ReservationStatus.Reserved):
                return Applied(expired, current with { Status = ReservationStatus.Released, UpdatedAt = now }, -current.Quantity, 0);
            case (ReservationStatus.Cancelled, ReservationStatus.Reserved):
                return Applied(expired, current with { Status = ReservationStatus.Cancelled, UpdatedAt = now, Reason = request.Reason }, -current.Quantity, 0);
            case (ReservationStatus.Cancelled, ReservationStatus.Delivered):
                return Applied(expired, current with { Status = ReservationStatus.Cancelled, UpdatedAt = now, Reason = request.Reason }, 0, -current.DeliveredQuantity);
            default:
                return Invalid(expired, current, Refuse());
        }
    }

    /// <summary>Gets the lowercase name of a status as exports and messages show it (<c>reserved</c>, <c>delivered</c>, …).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string Name(ReservationStatus status) => status switch
    {
        ReservationStatus.Reserved => "reserved",
        ReservationStatus.Delivered => "delivered",
        ReservationStatus.Verified => "verified",
        ReservationStatus.Released => "released",
        ReservationStatus.Expired => "expired",
        ReservationStatus.Cancelled => "cancelled",
        _ => "none",
    };

    private static string Verb(ReservationStatus target) => Name(target);

    private static string Allowed(ReservationStatus status) => status switch
    {
        ReservationStatus.Reserved => "deliver, release, cancel, renew",
        ReservationStatus.Delivered => "verify, cancel",
        _ => "none (the status is final)",
    };

    private static TransitionPlan Applied(Reservation? expired, Reservation after, long reservedDelta, long deliveredDelta) =>
        new(LedgerOutcomeKind.Applied, expired, after, reservedDelta, deliveredDelta, string.Empty);

    private static TransitionPlan Invalid(Reservation? expired, Reservation current, string message) =>
        new(LedgerOutcomeKind.Refused, expired, current, 0, 0, message);
}
