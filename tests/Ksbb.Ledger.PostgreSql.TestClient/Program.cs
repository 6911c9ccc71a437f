// A ledger client for the multi-process fault tests (PostgreSQL and SQLite): reserves with keys "c<client>-<n>" for
// n = 0, 1, 2, … on the given needs as collaborator "donor-<client>" (recorded by the parent) and prints one line as each request starts and one per answer, so the parent
// knows exactly what was acknowledged, refused or in flight when it kills this process with SIGKILL.
//
//   Ksbb.Ledger.PostgreSql.TestClient CONNECTION SCHEMA CLIENT COUNT UNIT[,UNIT…]     (CLIENT: a number)
//
// CONNECTION is an Npgsql connection string, or sqlite:PATH for a SQLite ledger file (SCHEMA is then ignored).
// Output: "BEGIN <key>" (the request is about to open its transaction), then "ACK <key> <id> <quantity>" (reserved
// or replayed), "REFUSED <key> <remaining>" or "ERR <key> <message>".
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;

if (args.Length != 5)
{
    await Console.Error.WriteLineAsync("usage: CONNECTION SCHEMA CLIENT COUNT UNIT[,UNIT…]");
    return 2;
}

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
        await output.WriteLineAsync(outcome.Succeeded
            ? $"ACK {key} {outcome.Reservation!.Id} {quantity}"
            : $"REFUSED {key} {outcome.Remaining}");
    }
    catch (LedgerStoreException ex)
    {
        await output.WriteLineAsync($"ERR {key} {ex.Message.ReplaceLineEndings(" ")}");
    }
}

return 0;
