using Ksbb.Tests;

namespace Ksbb.Ledger.Tests;

/// <summary>The ledger's command hooks record what the hosting package's recorder used to: reservations (with a
/// planned date or not), refusals with their rule, pledges, and transitions (deliveries with proof).</summary>
public class LedgerTelemetryTests
{
    [Fact]
    public void CommandHooks_CountOutcomes_RefusalsByRule_AndTagTheActivity()
    {
        using var observed = new Observed();

        using (var reserve = LedgerTelemetry.StartCommand("reserve"))
        {
            LedgerTelemetry.Reserved(reserve, "reserved", succeeded: true, rule: null, planned: true);
        }

        using (var refused = LedgerTelemetry.StartCommand("reserve"))
        {
            LedgerTelemetry.Reserved(refused, LedgerOutcome.Refused(LedgerRule.OperatorRoleRequired, "not an operator"));
        }

        using (var pledge = LedgerTelemetry.StartCommand("pledge"))
        {
            LedgerTelemetry.Pledged(pledge, "pledged", succeeded: true, rule: null);
        }

        using (var deliver = LedgerTelemetry.StartCommand("deliver"))
        {
            LedgerTelemetry.Transitioned(deliver, "deliver", "applied", succeeded: true, rule: null, proof: true);
        }

        Assert.Equal(1, observed.Sum(LedgerTelemetry.ReservationsInstrument, LedgerTelemetry.PlannedTag, true));
        Assert.Equal(1, observed.Sum(LedgerTelemetry.ReservationsInstrument, LedgerTelemetry.OutcomeTag, "refused"));
        Assert.Equal(1, observed.Sum(LedgerTelemetry.RefusalsInstrument, LedgerTelemetry.RuleTag, LedgerRules.Name(LedgerRule.OperatorRoleRequired)));
        Assert.Equal(1, observed.Sum(LedgerTelemetry.PledgesInstrument, LedgerTelemetry.OutcomeTag, "pledged"));
        Assert.Equal(1, observed.Sum(LedgerTelemetry.TransitionsInstrument, LedgerTelemetry.ProofTag, true));
        var refusal = Assert.Single(observed.Named("ksbb.ledger.reserve"), a => Equals(a.GetTagItem(LedgerTelemetry.OutcomeTag), "refused"));
        Assert.Equal(LedgerRules.Name(LedgerRule.OperatorRoleRequired), refusal.GetTagItem(LedgerTelemetry.RuleTag));
        Assert.Single(observed.Named("ksbb.ledger.deliver"));
    }
}
