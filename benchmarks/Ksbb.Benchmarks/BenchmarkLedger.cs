using Ksbb.Ledger;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;

namespace Ksbb.Benchmarks;

/// <summary>The ledger the reservation benchmarks write to: hot needs and the seven donors who reserve on them.</summary>
internal static class BenchmarkLedger
{
    private static readonly LedgerActor Host = LedgerActor.System("bench");

    /// <summary>Gets the donors, recorded and active (only a recorded collaborator reserves).</summary>
    public static LedgerActor[] Donors { get; } = [.. Enumerable.Range(0, 7).Select(d => LedgerActor.Of(CollaboratorId.Parse($"donor-{d}")))];

    /// <summary>Sets the needs and records the donors, as the host's set-up.</summary>
    public static void Seed(ReservationLedger ledger, IEnumerable<NeedKey> needs, long need)
    {
        Check(ledger.SetNeedsAsync(Host, needs.Select(n => new KeyValuePair<NeedKey, long>(n, need))).GetAwaiter().GetResult());
        Check(ledger.SetCollaboratorsAsync(Host, Donors.Select(d => Collaborator.Create(d.Id, "Donatur " + d.Id, CollaboratorCategory.LembagaUsaha))).GetAwaiter().GetResult());
    }

    /// <summary>Reserves one package as donor <c>i % 7</c> under key <c>bench-i</c>, failing on anything but a new reservation.</summary>
    public static async Task ReserveOneAsync(ReservationLedger ledger, NeedKey need, long i)
    {
        var outcome = await ledger.ReserveAsync(Donors[i % Donors.Length], need, 1, IdempotencyKey.Parse("bench-" + i)).ConfigureAwait(false);
        if (outcome.Kind != LedgerOutcomeKind.Applied)
        {
            throw new InvalidOperationException(outcome.ToString());
        }
    }

    private static void Check(LedgerOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.ToString());
        }
    }
}
