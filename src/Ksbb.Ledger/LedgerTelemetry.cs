using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ksbb.Model.Catalog;
using NodaTime;

namespace Ksbb.Ledger;

/// <summary>The meter, activity source and instrument names of the reservation ledger, for OpenTelemetry's
/// <c>AddMeter(LedgerTelemetry.Name)</c> and <c>AddSource(LedgerTelemetry.Name)</c>.</summary>
/// <remarks>
/// <para>
/// Every <see cref="LedgerStore"/> publishes, with no host and no registration: one <c>ksbb.ledger.transaction</c>
/// activity per write transaction (tags <c>ksbb.batch.size</c>, <see cref="OutcomeTag"/>; status Error when it failed),
/// <see cref="TransactionsInstrument"/> (a counter of write transactions tagged <see cref="OutcomeTag"/> =
/// <c>committed</c>, <c>rolled_back</c> or <c>failed</c>), <see cref="TransactionDurationInstrument"/> (a histogram of
/// their time in seconds, same tag) and <see cref="RetriesInstrument"/> (a counter of attempts repeated after a
/// transient failure, tagged <see cref="OperationTag"/> = <c>write</c> or <c>read</c>).
/// </para>
/// <para>
/// The ledger's commands add: <see cref="ReservationsInstrument"/> (tagged <see cref="OutcomeTag"/> and
/// <see cref="PlannedTag"/>), <see cref="PledgesInstrument"/>, <see cref="TransitionsInstrument"/> (tagged
/// <see cref="TransitionTag"/>, <see cref="OutcomeTag"/> and, for deliveries, <see cref="ProofTag"/>) and
/// <see cref="RefusalsInstrument"/> (every request not applied, tagged <see cref="OutcomeTag"/> and
/// <see cref="RuleTag"/>), each with a <c>ksbb.ledger.COMMAND</c> activity.
/// </para>
/// </remarks>
public static class LedgerTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Ksbb.Ledger";

    /// <summary>The counter of reservation requests (unit <c>{request}</c>), tagged <see cref="OutcomeTag"/> = <c>reserved</c>, <c>replayed</c>, <c>refused</c>, <c>unknown_need</c>, <c>key_conflict</c> or <c>rule_refused</c>, and <see cref="PlannedTag"/>.</summary>
    public const string ReservationsInstrument = "ksbb.ledger.reservations";

    /// <summary>The counter of pledge requests (unit <c>{request}</c>), tagged <see cref="OutcomeTag"/>.</summary>
    public const string PledgesInstrument = "ksbb.ledger.pledges";

    /// <summary>The counter of ledger requests not applied (unit <c>{request}</c>), tagged <see cref="OutcomeTag"/> and <see cref="RuleTag"/>.</summary>
    public const string RefusalsInstrument = "ksbb.ledger.refusals";

    /// <summary>The counter of lifecycle requests (unit <c>{request}</c>), tagged <see cref="TransitionTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string TransitionsInstrument = "ksbb.ledger.transitions";

    /// <summary>The counter of write transactions (unit <c>{transaction}</c>), tagged <see cref="OutcomeTag"/>.</summary>
    public const string TransactionsInstrument = "ksbb.ledger.transactions";

    /// <summary>The histogram of write transaction time (unit <c>s</c>), tagged <see cref="OutcomeTag"/>.</summary>
    public const string TransactionDurationInstrument = "ksbb.ledger.transaction.duration";

    /// <summary>The counter of attempts repeated after a transient failure (unit <c>{retry}</c>), tagged <see cref="OperationTag"/>.</summary>
    public const string RetriesInstrument = "ksbb.ledger.retries";

    /// <summary>The tag of an outcome (snake case, for example <c>reserved</c> or <c>not_permitted</c>).</summary>
    public const string OutcomeTag = "ksbb.outcome";

    /// <summary>The tag naming the rule that refused a request (a <see cref="LedgerRules"/> name), or <c>none</c>.</summary>
    public const string RuleTag = "ksbb.rule";

    /// <summary>The tag naming a lifecycle transition: <c>release</c>, <c>renew</c>, <c>cancel</c>, <c>deliver</c> or <c>verify</c>.</summary>
    public const string TransitionTag = "ksbb.transition";

    /// <summary>The tag of a reservation request: <c>true</c> when it carried a planned delivery date.</summary>
    public const string PlannedTag = "ksbb.planned";

    /// <summary>The tag of a delivery: <c>true</c> when it carried proof.</summary>
    public const string ProofTag = "ksbb.proof";

    /// <summary>The tag of <see cref="RetriesInstrument"/>: <c>write</c> or <c>read</c>.</summary>
    public const string OperationTag = "ksbb.operation";

    /// <summary>The tag naming the item code on the command activities.</summary>
    public const string ItemTag = "ksbb.item";

    private static readonly string? Version = typeof(LedgerTelemetry).Assembly.GetName().Version?.ToString();

    private static readonly ActivitySource Source = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> Reservations = Meter.CreateCounter<long>(ReservationsInstrument, "{request}", "Reservation requests, by outcome.");

    private static readonly Counter<long> Pledges = Meter.CreateCounter<long>(PledgesInstrument, "{request}", "Pledge requests, by outcome.");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>(RefusalsInstrument, "{request}", "Ledger requests not applied, by outcome and rule.");

    private static readonly Counter<long> Transitions = Meter.CreateCounter<long>(TransitionsInstrument, "{request}", "Lifecycle requests, by transition and outcome.");

    private static readonly Counter<long> Transactions = Meter.CreateCounter<long>(TransactionsInstrument, "{transaction}", "Write transactions, by outcome.");

    private static readonly Histogram<double> TransactionDuration = Meter.CreateHistogram<double>(TransactionDurationInstrument, "s", "Write transaction time, by outcome.");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesInstrument, "{retry}", "Attempts repeated after a transient failure, by operation.");

    private static readonly KeyValuePair<string, object?> WriteRetry = new(OperationTag, "write");

    private static readonly KeyValuePair<string, object?> ReadRetry = new(OperationTag, "read");

    // ---- The ledger's commands (called by ReservationLedger) --------------------------------------------------

    /// <summary>Starts a command's activity, <c>ksbb.ledger.</c> + <paramref name="command"/> (for example <c>reserve</c>), or <see langword="null"/> when nobody listens.</summary>
    internal static Activity? StartCommand(string command) => Source.StartActivity("ksbb.ledger." + command);

    /// <summary>Starts a command's activity tagged with the item it concerns.</summary>
    internal static Activity? StartCommand(string command, ItemCode item)
    {
        var activity = StartCommand(command);
        activity?.SetTag(ItemTag, item.ToString());
        return activity;
    }

    /// <summary>Records a reservation request's outcome: <paramref name="outcome"/> is the snake-case kind, <paramref name="rule"/> the refusing rule's name or <see langword="null"/>.</summary>
    internal static void Reserved(Activity? activity, string outcome, bool succeeded, string? rule, bool planned)
    {
        Finish(activity, outcome, succeeded, rule);
        Reservations.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome), new KeyValuePair<string, object?>(PlannedTag, planned));
        CountRefusal(outcome, succeeded, rule);
    }

    /// <summary>Records a reservation request's outcome.</summary>
    internal static void Reserved(Activity? activity, LedgerOutcome outcome, LocalDate? deliverBy = null) =>
        Reserved(activity, Snake(outcome.Kind.ToString()), outcome.Succeeded, outcome.Refusal?.RuleName, deliverBy is not null);

    /// <summary>Records a pledge request's outcome.</summary>
    internal static void Pledged(Activity? activity, string outcome, bool succeeded, string? rule)
    {
        Finish(activity, outcome, succeeded, rule);
        Pledges.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        CountRefusal(outcome, succeeded, rule);
    }

    /// <summary>Records a pledge request's outcome.</summary>
    internal static void Pledged(Activity? activity, LedgerOutcome outcome) =>
        Pledged(activity, Snake(outcome.Kind.ToString()), outcome.Succeeded, outcome.Refusal?.RuleName);

    /// <summary>Records a lifecycle request's outcome; <paramref name="proof"/> is <see langword="true"/> for a delivery with proof.</summary>
    internal static void Transitioned(Activity? activity, string transition, string outcome, bool succeeded, string? rule, bool proof = false)
    {
        Finish(activity, outcome, succeeded, rule);
        var tags = new TagList { { TransitionTag, transition }, { OutcomeTag, outcome } };
        if (transition == "deliver")
        {
            tags.Add(ProofTag, proof);
        }

        Transitions.Add(1, tags);
        CountRefusal(outcome, succeeded, rule);
    }

    /// <summary>Records a lifecycle request's outcome.</summary>
    internal static void Transitioned(Activity? activity, string transition, LedgerOutcome outcome, bool proof = false) =>
        Transitioned(activity, transition, Snake(outcome.Kind.ToString()), outcome.Succeeded, outcome.Refusal?.RuleName, proof);

    // ---- The store's transaction loop (LedgerStore) ---------------------------------------------------------

    internal static Activity? StartTransaction(int batchSize)
    {
        var activity = Source.StartActivity("ksbb.ledger.transaction");
        activity?.SetTag("ksbb.batch.size", batchSize);
        return activity;
    }

    internal static void TransactionEnded(Activity? activity, string outcome, long startedTimestamp)
    {
        activity?.SetTag(OutcomeTag, outcome);
        if (outcome == "failed")
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }

        var tag = new KeyValuePair<string, object?>(OutcomeTag, outcome);
        Transactions.Add(1, tag);
        TransactionDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tag);
    }

    internal static void Retried(bool write) => Retries.Add(1, write ? WriteRetry : ReadRetry);

    // "RuleRefused" -> "rule_refused".
    internal static string Snake(string kind)
    {
        var text = new System.Text.StringBuilder(kind.Length + 4);
        for (var i = 0; i < kind.Length; i++)
        {
            if (char.IsUpper(kind[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(kind[i]));
        }

        return text.ToString();
    }

    private static void Finish(Activity? activity, string outcome, bool succeeded, string? rule)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, outcome);
        if (rule is not null)
        {
            activity.SetTag(RuleTag, rule);
        }

        // A refusal is an answer, not a failure: the activity keeps status Unset and says why in its tags.
        activity.SetTag("ksbb.succeeded", succeeded);
    }

    private static void CountRefusal(string outcome, bool succeeded, string? rule)
    {
        if (!succeeded)
        {
            Refusals.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome), new KeyValuePair<string, object?>(RuleTag, rule ?? "none"));
        }
    }
}
