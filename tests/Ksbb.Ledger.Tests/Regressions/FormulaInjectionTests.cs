using Ksbb.Model.Collaborators;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Sqlite;
using nietras.SeparatedValues;
using NodaTime;
using NodaTime.Testing;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests.Regressions;

/// <summary>A collaborator named like a spreadsheet formula never reaches the public HXL CSV as a formula.</summary>
public sealed class FormulaInjectionTests : IDisposable
{
    private const string Hostile = "=HYPERLINK(\"http://x\",\"x\")";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task HyperlinkNamedCollaborator_IsNeverAFormulaInThePublicHxlCsv()
    {
        var store = SqliteLedgerStore.Open(_folder.File("formula.db"));
        await store.InitializeAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = new FakeClock(Instant.FromUtc(2020, 5, 1, 0, 0)) });
        await ledger.SetNeedsAsync(SetUp, [new(LedgerStoreContractNeeds.A, 10)]);
        await ledger.SetCollaboratorsAsync(SetUp, [Collaborator.Create(CollaboratorId.Parse("c-1"), Hostile, CollaboratorCategory.LembagaUsaha)]);
        await ledger.ReserveAsync("c-1", LedgerStoreContractNeeds.A, 3, "k-1");

        var export = await PublicExport.CreateAsync(ledger);
        using var text = new StringWriter();
        export.WriteHxlCsv(text);

        // Read as a spreadsheet import would (Sep's own unescaping): the name is there, defused, and no cell is a formula.
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true }).FromText(text.ToString());
        var organisations = new List<string>();
        foreach (var row in reader)
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                Assert.False(row[i].ToString().StartsWith('='), $"cell '{row[i]}' is a formula");
            }

            organisations.Add(row["organisation"].ToString());
        }

        Assert.Contains("'" + Hostile, organisations);
        Assert.DoesNotContain(Hostile, organisations);
    }
}
