using System.Diagnostics.CodeAnalysis;
namespace Ksbb.Model.Distribution;

/// <summary>The proof recorded with a delivery: hashes of evidence files, an optional geotag, and a count of recipients' acknowledgements.</summary>
/// <remarks>
/// <para>
/// The one definition of delivery proof: the ledger records it with the delivery (and in its event chain), a
/// <see cref="Delivery"/> carries it, and the public export shows the <see cref="DeliveryStanding"/> it gives. It holds
/// no personal data: evidence is hashes and sizes, acknowledgements a count.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class DeliveryProof : IEquatable<DeliveryProof>
{
    /// <summary>The most evidence files one delivery records.</summary>
    public const int MaxEvidence = 64;

    private DeliveryProof(IReadOnlyList<DeliveryEvidence> evidence, DeliveryGeotag? geotag, int acknowledgements)
    {
        Evidence = evidence;
        Geotag = geotag;
        Acknowledgements = acknowledgements;
    }

    /// <summary>Gets the evidence files' hashes, in the order given, each distinct.</summary>
    public IReadOnlyList<DeliveryEvidence> Evidence { get; }

    /// <summary>Gets where the delivery was recorded, or <see langword="null"/> when not geotagged.</summary>
    public DeliveryGeotag? Geotag { get; }

    /// <summary>Gets how many recipients acknowledged the delivery, 0 or more.</summary>
    public int Acknowledgements { get; }

    /// <summary>Gets a value indicating whether anything beyond the deliverer's word supports the delivery: an evidence file or an acknowledgement.</summary>
    public bool HasEvidence => Evidence.Count > 0 || Acknowledgements > 0;

    /// <summary>Creates a proof.</summary>
    /// <param name="evidence">The evidence (0 to <see cref="MaxEvidence"/>, distinct hashes).</param>
    /// <param name="geotag">The geotag, or <see langword="null"/>.</param>
    /// <param name="acknowledgements">Recipients' acknowledgements, 0 or more.</param>
    /// <returns>The proof.</returns>
    /// <exception cref="ArgumentException">Evidence is null, repeated, or more than <see cref="MaxEvidence"/>
    /// (<see cref="TryCreate"/> says so without throwing).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The acknowledgement count is negative.</exception>
    public static DeliveryProof Create(IEnumerable<DeliveryEvidence>? evidence = null, DeliveryGeotag? geotag = null, int acknowledgements = 0) =>
        TryCreate(evidence, geotag, acknowledgements, out var proof, out var field, out var error)
            ? proof
            : field == nameof(acknowledgements)
            ? throw new ArgumentOutOfRangeException(field, acknowledgements, error)
            : throw new ArgumentException(error, field);

    /// <summary>Creates a proof, or says which argument breaks which rule (for an edge that reports bad input).</summary>
    /// <param name="evidence">The evidence (0 to <see cref="MaxEvidence"/>, distinct hashes).</param>
    /// <param name="geotag">The geotag, or <see langword="null"/>.</param>
    /// <param name="acknowledgements">Recipients' acknowledgements, 0 or more.</param>
    /// <param name="proof">The proof, when valid.</param>
    /// <param name="field">The argument at fault (<c>evidence</c> or <c>acknowledgements</c>), or <see langword="null"/>.</param>
    /// <param name="error">The rule broken, in a sentence, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the proof is valid.</returns>
    public static bool TryCreate(
        IEnumerable<DeliveryEvidence>? evidence,
        DeliveryGeotag? geotag,
        int acknowledgements,
        [NotNullWhen(true)] out DeliveryProof? proof,
        [NotNullWhen(false)] out string? field,
        [NotNullWhen(false)] out string? error)
    {
        proof = null;
        field = nameof(evidence);
        var list = evidence?.ToList() ?? [];
        if (list.Count > MaxEvidence)
        {
            error = $"A delivery records at most {MaxEvidence} evidence files; {list.Count} were given.";
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                error = $"Evidence #{i + 1} is null.";
                return false;
            }

            if (!seen.Add(list[i].Sha256))
            {
                error = $"Evidence #{i + 1} ({list[i].Sha256}) repeats an earlier file of this delivery.";
                return false;
            }
        }

        if (acknowledgements < 0)
        {
            field = nameof(acknowledgements);
            error = $"The acknowledgement count is {acknowledgements}; it must be 0 or more.";
            return false;
        }

        proof = new DeliveryProof(list.AsReadOnly(), geotag, acknowledgements);
        field = null;
        error = null;
        return true;
    }

    /// <summary>Gives the public standing of a reservation's delivery from its status and proof.</summary>
    /// <param name="status">The reservation's status.</param>
    /// <param name="proof">The proof recorded with its delivery, or <see langword="null"/>.</param>
    /// <returns>
    /// <see cref="DeliveryStanding.None"/> unless delivered or verified; otherwise
    /// <see cref="DeliveryStanding.LocatedOutsideClaimedUnit"/> when geotagged outside the claimed unit, then verified or
    /// delivered, with evidence when <see cref="HasEvidence"/>.
    /// </returns>
    public static DeliveryStanding StandingOf(ReservationStatus status, DeliveryProof? proof)
    {
        if (status is not (ReservationStatus.Delivered or ReservationStatus.Verified))
        {
            return DeliveryStanding.None;
        }

        if (proof?.Geotag is { IsOutsideClaimedUnit: true })
        {
            return DeliveryStanding.LocatedOutsideClaimedUnit;
        }

        var evidence = proof?.HasEvidence == true;
        return status == ReservationStatus.Verified
            ? evidence ? DeliveryStanding.VerifiedWithEvidence : DeliveryStanding.Verified
            : evidence ? DeliveryStanding.DeliveredWithEvidence : DeliveryStanding.Delivered;
    }

    /// <summary>Gets the published code of a standing.</summary>
    /// <param name="standing">The standing.</param>
    /// <returns><c>delivered</c>, <c>delivered-with-evidence</c>, <c>verified</c>, <c>verified-with-evidence</c>, <c>located-outside-claimed-unit</c>, or <c>none</c>.</returns>
    public static string Code(DeliveryStanding standing) => standing switch
    {
        DeliveryStanding.Delivered => "delivered",
        DeliveryStanding.DeliveredWithEvidence => "delivered-with-evidence",
        DeliveryStanding.Verified => "verified",
        DeliveryStanding.VerifiedWithEvidence => "verified-with-evidence",
        DeliveryStanding.LocatedOutsideClaimedUnit => "located-outside-claimed-unit",
        _ => "none",
    };

    /// <summary>Returns whether two proofs have the same evidence (in order), geotag and acknowledgements.</summary>
    /// <param name="other">The other proof.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(DeliveryProof? other) =>
        other is not null && Acknowledgements == other.Acknowledgements && Equals(Geotag, other.Geotag) && Evidence.SequenceEqual(other.Evidence);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DeliveryProof);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Evidence.Count, Geotag, Acknowledgements);

    /// <summary>Returns a short description.</summary>
    /// <returns>For example <c>2 evidence files, 3 acknowledgements, not geotagged</c>.</returns>
    public override string ToString() =>
        $"{Evidence.Count} evidence file{(Evidence.Count == 1 ? string.Empty : "s")}, {Acknowledgements} acknowledgement{(Acknowledgements == 1 ? string.Empty : "s")}, {(Geotag is { } g ? "at " + g : "not geotagged")}";
}
