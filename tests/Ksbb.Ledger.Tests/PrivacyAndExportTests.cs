using System.Text;
using System.Text.Json;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Regions;
using Ksbb.Tests;
using NodaTime;
using NodaTime.Testing;

using static Ksbb.Ledger.Tests.TestCollaborators;
using static Ksbb.Ledger.Tests.TestActors;

namespace Ksbb.Ledger.Tests;

/// <summary>No raw household identifier anywhere in the store or the exports; the public view suppresses small counts.</summary>
public sealed class PrivacyAndExportTests : IDisposable
{
    private static readonly string[] Niks = ["3171014107800001", "3171010101900002", "3171015203850003", "3171012712700004", "3171014408650005", "3171010909990006"];
    private const string Kk = "3171010203040506";
    private static readonly string KeyHex = Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static NeedKey Rt(int rw, int rt) => LedgerStoreContractNeeds.A with { Unit = RegionCode.Parse($"31.71.01.1001.{rw:000}.{rt:000}") };

    private async Task<(string Db, ReservationLedger Ledger)> BuildAsync()
    {
        var db = _folder.File("privacy.db");
        var store = SqliteLedgerStore.Open(db);
        await store.InitializeAsync();
        var ledger = ReservationLedger.Create(store, new LedgerOptions
        {
            // The CLI runs on the system clock, so the reservations it delivers must not be expired by then.
            Clock = new FakeClock(SystemClock.Instance.GetCurrentInstant()),
            Households = HouseholdHasher.FromText(KeyHex),
        });
        await ledger.SetNeedsAsync(SetUp, [new(Rt(5, 1), 10), new(Rt(5, 2), 10), new(Rt(5, 3), 10), new(Rt(6, 1), 10)]);
        // Only a recorded collaborator reserves, even while the ledger records no collaborators at all.
        AssertRefused(LedgerRule.CollaboratorNotRecorded, await ledger.ReserveAsync("unlisted-donor", Rt(6, 1), 1, "e"));
        await ledger.SetCollaboratorsAsync(SetUp,
        [
            Kolaborator("pt-andalan", "PT Andalan Pangan", "lembaga-usaha"),
            Kolaborator("ibu-sari", "Sari Wulandari", "perorangan"),
            Kolaborator("baznas", "BAZNAS DKI", "lsm-oms-pbb-universitas"),
        ]);

        // RT 5/1: 6 households (published); RT 5/2: 2 and RT 5/3: 1 (suppressed, rolled up to RW 5 = 3, still suppressed);
        // RT 6/1: reserved only.
        var a = (await ledger.ReserveAsync("pt-andalan", Rt(5, 1), 6, "a")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(a, Niks.Select(n => HouseholdId.Parse(n, HouseholdIdKind.Nik)).ToList());
        var b = (await ledger.ReserveAsync("ibu-sari", Rt(5, 2), 2, "b")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(b, [HouseholdId.Parse(Kk, HouseholdIdKind.Kk), HouseholdId.Parse("3171016006600007", HouseholdIdKind.Nik)]);
        var c = (await ledger.ReserveAsync("baznas", Rt(5, 3), 1, "c")).Reservation!.Id;
        await ledger.DeliverAsOwnerAsync(c, [HouseholdId.Parse("3171016106600008", HouseholdIdKind.Nik)]);
        await ledger.ReserveAsync("baznas", Rt(6, 1), 4, "d");
        return (db, ledger);
    }

    [Fact]
    public async Task RawIdentifiers_AppearNowhere_InTheStoreFilesOrAnyExport()
    {
        var (db, ledger) = await BuildAsync();

        // The CLI too: a delivery naming a household through the command line.
        var id = (await ledger.ReserveAsync("baznas", Rt(6, 1), 1, "f")).Reservation!.Id;
        var env = new Dictionary<string, string> { ["KSBB_HOUSEHOLD_KEY"] = KeyHex };
        // The operator's input file (kept outside the folder scanned below: it is input, not a store file or export).
        using var input = new TempFolder();
        var households = input.File("households.txt");
        await File.WriteAllTextAsync(households, "kk:3171019988776655\n");
        var (code, output, error) = await KsbbCli.RunAsync(["ledger", "deliver", "--db", db, "--id", id.Value, "--households", households, "--actor", "baznas"], env);
        Assert.True(code == 0, output + error);
        foreach (var format in new[] { "json", "csv", "properties" })
        {
            (code, output, error) = await KsbbCli.RunAsync(["ledger", "public-export", "--db", db, "--out", _folder.File($"public.{format}"), "--format", format]);
            Assert.True(code == 0, output + error);
        }

        (code, output, error) = await KsbbCli.RunAsync(["ledger", "export", "--db", db, "--out", _folder.File("state.json")]);
        Assert.True(code == 0, output + error);

        var secrets = Niks.Append(Kk).Append("3171016006600007").Append("3171016106600008").Append("3171019988776655").ToList();
        var files = Directory.GetFiles(_folder.Path);
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in secrets)
            {
                Assert.True(IndexOf(bytes, Encoding.ASCII.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} contains a raw identifier");
                Assert.True(IndexOf(bytes, Encoding.Unicode.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} contains a raw identifier (UTF-16)");
            }
        }

        // Nor hashes, keys, reservation ids or individuals' names in the public files.
        foreach (var file in files.Where(f => Path.GetFileName(f).StartsWith("public.", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(id.Value, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sari Wulandari", text, StringComparison.Ordinal);
            Assert.DoesNotMatch("[0-9a-f]{64}", text);
            Assert.DoesNotContain("\"key\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublicExport_SuppressesSmallRtCounts_RollsThemUpToTheRw_AndNamesHelpers()
    {
        var (_, ledger) = await BuildAsync();
        var export = await PublicExport.CreateAsync(ledger);
        var byUnit = export.Needs.ToDictionary(n => n.Unit.ToString());
        Assert.Equal(6, byUnit["31.71.01.1001.005.001"].Households);
        Assert.Null(byUnit["31.71.01.1001.005.002"].Households);
        Assert.Null(byUnit["31.71.01.1001.005.003"].Households);
        Assert.Equal(0, byUnit["31.71.01.1001.006.001"].Households);
        var rollup = Assert.Single(export.RwRollups);
        Assert.Equal("31.71.01.1001.005", rollup.Rw.ToString());
        Assert.Equal(2, rollup.SuppressedRts);
        Assert.Null(rollup.Households); // 3 households < 5: still suppressed

        var lower = await PublicExport.CreateAsync(ledger, new PublicExportOptions { HouseholdThreshold = 3 });
        Assert.Equal(3, Assert.Single(lower.RwRollups).Households);
        Assert.Null(lower.Needs.Single(n => n.Unit.Rt == 3 && n.Unit.Rw == 5).Households);
        Assert.Equal(2, lower.Needs.Single(n => n.Unit.Rt == 2 && n.Unit.Rw == 5).Households is null ? 2 : -1);

        Assert.Equal([new PublicHelper("PT Andalan Pangan", "lembaga-usaha", 0, 6)], byUnit["31.71.01.1001.005.001"].Helpers);
        Assert.Equal([new PublicHelper(PublicCollaborator.AnonymousName, "perorangan", null, null)], byUnit["31.71.01.1001.005.002"].Helpers);
        Assert.Equal(
            [new PublicHelper("BAZNAS DKI", "lsm-oms-pbb-universitas", 4, 0)],
            byUnit["31.71.01.1001.006.001"].Helpers);
        var named = await PublicExport.CreateAsync(ledger, new PublicExportOptions { NameIndividuals = true });
        Assert.Equal("Sari Wulandari", named.Needs.Single(n => n.Unit.Rt == 2).Helpers.Single().Name);
    }

    [Fact]
    public async Task PublicExport_Formats_HaveTheHxlRowAndJoinableUnitProperties()
    {
        var (_, ledger) = await BuildAsync();
        var export = await PublicExport.CreateAsync(ledger);
        using var csv = new StringWriter();
        export.WriteHxlCsv(csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("unit,provinsi,kota,kecamatan,kelurahan,rw,rt,", lines[0], StringComparison.Ordinal);
        var tags = lines[1].Split(',');
        Assert.Equal(lines[0].Split(',').Length, tags.Length);
        Assert.Contains("#adm1+code", tags);
        Assert.Contains("#org+name", tags);
        Assert.Contains("#sector", tags);
        Assert.Contains("#targeted", tags);
        Assert.Contains("#reached", tags);
        Assert.Contains("31.71.01.1001.006.001,31,31.71,31.71.01,31.71.01.1001,31.71.01.1001.006,31.71.01.1001.006.001,pangan.paket-sembako,pangan,2020-05,BAZNAS DKI,lsm-oms-pbb-universitas,10,4,0,0,,10", lines);
        Assert.Equal(2 + 4, lines.Length);

        using var stream = new MemoryStream();
        export.WriteUnitPropertiesJson(stream);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var units = doc.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(4, units.Count);
        var rw6 = units.Single(u => u.GetProperty("unit").GetString() == "31.71.01.1001.006.001");
        Assert.Equal("rt", rw6.GetProperty("level").GetString());
        Assert.Equal(6, rw6.GetProperty("remaining").GetInt64());
        Assert.Equal(0.4, rw6.GetProperty("fillRate").GetDouble());
        Assert.Equal("BAZNAS DKI", rw6.GetProperty("helpers").GetString());
        Assert.Equal(JsonValueKind.Null, units.Single(u => u.GetProperty("unit").GetString() == "31.71.01.1001.005.002").GetProperty("households").ValueKind);
        Assert.Contains("#inneed+households", tags);
        Assert.Equal(10, rw6.GetProperty("householdsInNeed").GetInt64());
    }

    [Fact]
    public async Task PublicExport_ShowsTheNeedInHouseholds_ByTheCatalogueRule_EvenWhereCountsAreSuppressed()
    {
        var (_, ledger) = await BuildAsync();
        var export = await PublicExport.CreateAsync(ledger);
        Assert.All(export.Needs, n => Assert.Equal(10, n.HouseholdsInNeed));          // one staple-food package per household
        Assert.Null(export.Needs.Single(n => n.Unit == Rt(5, 2).Unit).Households);     // the small count of households reached stays suppressed
        Assert.All(export.UnitProperties(), u => Assert.Equal(10, u.HouseholdsInNeed));
        using (var stream = new MemoryStream())
        {
            export.WriteJson(stream);
            using var doc = JsonDocument.Parse(stream.ToArray());
            Assert.All(doc.RootElement.GetProperty("needs").EnumerateArray(), n => Assert.Equal(10, n.GetProperty("householdsInNeed").GetInt64()));
        }

        // Another catalogue's rule (two packages per household) halves it; an item not counted per household has none.
        var sembako = Ksbb.Model.Catalog.ProgrammeCatalog.Default.GetItem(Rt(5, 1).Item);
        var pangan = Ksbb.Model.Catalog.ProgrammeCatalog.Default.Programmes.Single(p => p.Code == "pangan");
        var twoEach = Ksbb.Model.Catalog.ProgrammeCatalog.Create([Ksbb.Model.Catalog.Programme.Create(pangan.Code, pangan.Name, pangan.Status, pangan.OpenedOn, pangan.Items.Select(i => i.Code == sembako.Code ? i.WithQuantityPerHousehold(2) : i), pangan.Rules, pangan.Description)]);
        Assert.All((await PublicExport.CreateAsync(ledger, new PublicExportOptions { Catalog = twoEach })).Needs, n => Assert.Equal(5, n.HouseholdsInNeed));
        await ledger.SetNeedAsync(SetUp, Rt(5, 1) with { Item = Ksbb.Model.Catalog.ItemCode.Parse("pangan.makanan-siap-saji") }, 30);
        var meals = (await PublicExport.CreateAsync(ledger)).Needs.Single(n => n.Item.Value == "pangan.makanan-siap-saji");
        Assert.Null(meals.HouseholdsInNeed);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
