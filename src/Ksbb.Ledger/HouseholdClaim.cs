using Ksbb.Model.Time;

namespace Ksbb.Ledger;

/// <summary>A household's claim on one benefit class in one period, as a store records it on delivery.</summary>
/// <remarks>
/// <see cref="Hash"/> is the keyed hash (HMAC-SHA256 with the host's key) of a NIK or KK number, never the number.
/// A store keeps at most one claim without <see cref="OverrideReason"/> per hash, class and period; a claim with an
/// override reason is an audited exception and is always accepted. Plain immutable data; thread-safe.
/// </remarks>
/// <param name="Hash">64 lowercase hexadecimal digits.</param>
/// <param name="BenefitClass">The benefit class, for example the programme <c>pangan</c>.</param>
/// <param name="Period">The period of the delivery's need.</param>
/// <param name="OverrideReason">The reason an operator gave for delivering again, or <see langword="null"/>.</param>
public sealed record HouseholdClaim(string Hash, string BenefitClass, DistributionPeriod Period, string? OverrideReason);
