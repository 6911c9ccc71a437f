using Ksbb.Ledger.Sqlite;
using Ksbb.Tests;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>Editing, deleting or reordering a stored event is detected, and the first broken link is named.</summary>
public sealed class ChainTamperTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(string Db, ReservationLedger Ledger)> LedgerWithEventsAsync()
    {
        var db = _folder.File($"chain-{Guid.NewGuid():N}.db");
        var store = SqliteLedgerStore.Open(db);
        await store.InitializeAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = new FakeClock(Instant.FromUtc(2020, 5, 4, 0, 0), Duration.FromSeconds(1)) });
        await ledger.SetNeedAsync(SetUp, LedgerStoreContractNeeds.A, 10);
        await ledger.RecordCollaboratorsAsync("donor-a");
        for (var i = 0; i < 4; i++)
        {
            await ledger.ReserveAsync("donor-a", LedgerStoreContractNeeds.A, 2, $"k{i}");
        }

        return (db, ledger);
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task AlteredPayload_IsNamed()
    {
        var (db, ledger) = await LedgerWithEventsAsync();
        Assert.True((await ledger.VerifyChainAsync()).IsIntact);
        Execute(db, "UPDATE events SET payload = replace(payload, '\"quantity\":2', '\"quantity\":1') WHERE seq = 3");
        var result = await ledger.VerifyChainAsync();
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(2, result.VerifiedCount);
        Assert.Contains("event 3 (reservation.reserved) was altered", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedEvent_IsNamed()
    {
        var (db, ledger) = await LedgerWithEventsAsync();
        Execute(db, "DELETE FROM events WHERE seq = 2");
        var result = await ledger.VerifyChainAsync();
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Contains("event 2 is missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RehashedEvent_BreaksTheNextLink()
    {
        var (db, ledger) = await LedgerWithEventsAsync();
        Execute(db, "UPDATE events SET hash = '" + new string('a', 64) + "' WHERE seq = 4");
        var result = await ledger.VerifyChainAsync();
        Assert.Equal(4, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task Cli_VerifyChain_ExitsThreeAndNamesTheEvent()
    {
        var (db, _) = await LedgerWithEventsAsync();
        var (code, output, _) = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db]);
        Assert.Equal(0, code);
        Assert.Matches("^intact: 6 events, head [0-9a-f]{64}", output); // the need, the collaborator and four reservations
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Execute(db, "UPDATE events SET at = at + 1 WHERE seq = 5");
        (code, output, _) = await KsbbCli.RunAsync(["ledger", "verify-chain", "--db", db]);
        Assert.Equal(3, code);
        Assert.StartsWith("broken at event 5:", output, StringComparison.Ordinal);
    }
}
