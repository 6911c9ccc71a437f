// A ledger client for the multi-process fault tests (PostgreSQL and SQLite): reserves with keys "c<client>-<n>" for
// n = 0, 1, 2, … on the given needs as collaborator "donor-<client>" (recorded by the parent) and prints one line as each request starts and one per answer, so the parent
// knows exactly what was acknowledged, refused or in flight when it kills this process with SIGKILL.
//
//   Ksbb.Ledger.PostgreSql.TestClient CONNECTION SCHEMA CLIENT COUNT UNIT[,UNIT…] [ANSWER-DELAY-MS]     (CLIENT: a number)
//
// ANSWER-DELAY-MS (default 0) holds each answer that long before printing it, as a slow way back to the caller would,
// after printing "ANSWERING <key> <kind>" (not an answer): a kill in that window lands after the request committed and
// before anyone was told.
//
// CONNECTION is an Npgsql connection string, or sqlite:PATH for a SQLite ledger file (SCHEMA is then ignored).
// Output: "BEGIN <key>" (the request is about to open its transaction), then "ACK <key> <id> <quantity> <kind>"
// (kind Reserved, or Replayed: the key was already stored), "REFUSED <key> <remaining>" or "ERR <key> <message>".
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;

if (args.Length is not (5 or 6))
{
    await Console.Error.WriteLineAsync("usage: CONNECTION SCHEMA CLIENT COUNT UNIT[,UNIT…] [ANSWER-DELAY-MS]");
    return 2;
}

var answerDelay = TimeSpan.FromMilliseconds(args.Length == 6 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 0);

var client = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var needs = args[4].Split(',').Select(u => new NeedKey(RegionCode.Parse(u), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05"))).ToArray();
await using LedgerStore store = args[0].StartsWith("sqlite:", StringComparison.Ordinal)
    ? Ksbb.Ledger.Sqlite.SqliteLedgerStore.Open(args[0]["sqlite:".Length..])
    : PostgreSqlLedgerStore.Open(args[0], new PostgreSqlLedgerStoreOptions { Schema = args[1] });
var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = SystemClock.Instance, ReservationLifetime = Duration.FromDays(30) });
using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
for (var n = 0; n < count; n++)
{
    // The same key always asks for the same need and quantity, so a restarted client replays its earlier requests.
    var keyed = new Random((client * 100_003) + n);
    var need = needs[keyed.Next(needs.Length)];
    var quantity = keyed.Next(1, 4);
    var key = $"c{client}-{n}";
    await output.WriteLineAsync($"BEGIN {key}");
    try
    {
        var outcome = await ledger.ReserveAsync(LedgerActor.Of(CollaboratorId.Parse($"donor-{client}")), need, quantity, IdempotencyKey.Parse(key));
        if (answerDelay > TimeSpan.Zero)
        {
            // Not an answer: the request is over (committed or refused) and its answer is on its way.
            await output.WriteLineAsync($"ANSWERING {key} {Kind(outcome)}");
            await Task.Delay(answerDelay);
        }

        await output.WriteLineAsync(outcome.Succeeded
            ? $"ACK {key} {outcome.Reservation!.Id} {quantity} {Kind(outcome)}"
            : $"REFUSED {key} {outcome.Remaining}");
    }
    catch (LedgerStoreException ex)
    {
        await output.WriteLineAsync($"ERR {key} {ex.Message.ReplaceLineEndings(" ")}");
    }
}

return 0;

// The protocol's kinds: Reserved (a new reservation) or Replayed (the key was already stored).
static string Kind(LedgerOutcome outcome) => outcome.Kind == LedgerOutcomeKind.Applied ? "Reserved" : outcome.Kind.ToString();
