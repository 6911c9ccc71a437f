using System.Text;
using System.Text.Json.Nodes;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Documents;
using NodaTime;

namespace Ksbb.Model.Tests;

public class CatalogTests
{
    private static string DefaultJson()
    {
        using var stream = new MemoryStream();
        ProgrammeCatalog.Default.WriteTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Edits the default catalogue's JSON and loads it, returning the error.</summary>
    private static DocumentException LoadBroken(Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(DefaultJson())!;
        edit(node);
        return Assert.Throws<DocumentException>(() => ProgrammeCatalog.Parse(node.ToJsonString()));
    }

    [Fact]
    public void Default_HasTheSixProgrammesOfNovember2020()
    {
        var catalog = ProgrammeCatalog.Default;
        Assert.Equal(["pangan", "umkm", "pendidikan", "permukiman", "persampahan", "tenaga-kerja"], catalog.Programmes.Select(p => p.Code));
        Assert.Equal(
            [ProgrammeStatus.Open, ProgrammeStatus.Open, ProgrammeStatus.Open, ProgrammeStatus.Open, ProgrammeStatus.UnderDiscussion, ProgrammeStatus.UnderDiscussion],
            catalog.Programmes.Select(p => p.Status));
        Assert.Equal(new LocalDate(2020, 4, 24), catalog.GetProgramme("pangan").OpenedOn);
        Assert.Equal(new LocalDate(2020, 11, 26), catalog.GetProgramme("pendidikan").OpenedOn);
        Assert.Null(catalog.GetProgramme("umkm").OpenedOn);
        Assert.Empty(catalog.GetProgramme("persampahan").Items);
        Assert.Equal("KSBB Penataan Permukiman", catalog.GetProgramme("permukiman").Name.Indonesian);
    }

    [Fact]
    public void Default_ItemCodesAndUnits()
    {
        var catalog = ProgrammeCatalog.Default;
        Assert.Equal(
        [
            "pangan.paket-sembako", "pangan.makanan-siap-saji", "pangan.paket-lebaran", "pangan.thr-tunai",
            "umkm.pelatihan-online", "umkm.pelatihan-offline", "umkm.sarana-prasarana", "umkm.permodalan",
            "pendidikan.smartphone", "pendidikan.tablet", "pendidikan.komputer", "pendidikan.laptop", "pendidikan.kartu-internet-belajar",
            "permukiman.penghijauan", "permukiman.sanitasi", "permukiman.sarana",
        ], catalog.Items.Select(i => i.Code.Value));
        var sembako = catalog.GetItem(ItemCode.Parse("pangan.paket-sembako"));
        Assert.Equal(("paket", "keluarga", "package per household"), (sembako.Unit, sembako.Recipient, sembako.UnitName.English));
        var meals = catalog.GetItem(ItemCode.Parse("pangan.makanan-siap-saji"));
        Assert.Equal(("porsi", "orang"), (meals.Unit, meals.Recipient));
        Assert.Equal("rupiah", catalog.GetItem(ItemCode.Parse("pangan.thr-tunai")).Unit);
    }

    [Fact]
    public void Default_StudentDevicesBundleTheInternetCard_TeacherDevicesDoNot()
    {
        var catalog = ProgrammeCatalog.Default;
        var kartu = ItemCode.Parse("pendidikan.kartu-internet-belajar");
        Assert.All(new[] { "smartphone", "tablet" }, d => Assert.Equal([kartu], catalog.GetItem(ItemCode.Create("pendidikan", d)).Bundles));
        Assert.All(new[] { "komputer", "laptop" }, d => Assert.Empty(catalog.GetItem(ItemCode.Create("pendidikan", d)).Bundles));
    }

    [Fact]
    public void Default_RulesAreData()
    {
        var catalog = ProgrammeCatalog.Default;
        Assert.Equal("jakpreneur", Assert.IsType<RegistrationRule>(Assert.Single(catalog.GetProgramme("umkm").Rules)).Registry);
        var cap = Assert.IsType<AreaListRule>(Assert.Single(catalog.GetProgramme("permukiman").Rules));
        Assert.Equal(("cap-2019", true), (cap.List, cap.RequireRecordedItem));
        Assert.Equal(["pendidik"], Assert.IsType<RoleRule>(Assert.Single(catalog.GetItem(ItemCode.Parse("pendidikan.laptop")).Rules)).Roles);
    }

    [Fact]
    public void WriteThenLoad_RoundTripsTheWholeCatalogue()
    {
        var json = DefaultJson();
        var again = ProgrammeCatalog.Parse(json);
        using var stream = new MemoryStream();
        again.WriteTo(stream);
        Assert.Equal(json, Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Contains("\"schema\": \"ksbb.catalog/1\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SeventhProgramme_AddedByDataAlone()
    {
        const string Overlay = """
            {
              "schema": "ksbb.catalog/1",
              "programmes": [
                {
                  "code": "kesehatan",
                  "name": { "id": "KSBB Kesehatan", "en": "KSBB Health" },
                  "status": "open",
                  "openedOn": "2021-02-01",
                  "eligibility": [ { "rule": "registration", "registry": "dtks" } ],
                  "items": [
                    {
                      "code": "kesehatan.paket-vitamin",
                      "name": { "id": "Paket vitamin", "en": "Vitamin package" },
                      "unit": "paket",
                      "unitName": { "id": "paket per keluarga", "en": "package per household" },
                      "recipient": "keluarga"
                    }
                  ]
                }
              ]
            }
            """;
        var catalog = ProgrammeCatalog.Default.With(ProgrammeCatalog.Parse(Overlay));

        Assert.Equal(7, catalog.Programmes.Count);
        Assert.Equal("kesehatan", catalog.Programmes[^1].Code);
        var item = ItemCode.Parse("kesehatan.paket-vitamin");
        var evaluator = new EligibilityEvaluator(catalog);
        var unit = Ksbb.Model.Regions.RegionCode.Parse("31.71.01.1001.001.001");
        Assert.True(evaluator.Evaluate(item, Beneficiary.Create(unit, registrations: ["dtks"])).IsEligible);
        var refused = evaluator.Evaluate(item, Beneficiary.Create(unit));
        Assert.False(refused.IsEligible);
        Assert.Contains("registered in dtks", Assert.Single(refused.Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_ReplacesAProgrammeWithTheSameCode()
    {
        var closedPangan = Programme.Create("pangan", BilingualText.Create("KSBB Pangan", "KSBB Food"), ProgrammeStatus.Closed, new LocalDate(2020, 4, 24),
            ProgrammeCatalog.Default.GetProgramme("pangan").Items);
        var catalog = ProgrammeCatalog.Default.With(ProgrammeCatalog.Create([closedPangan]));
        Assert.Equal(6, catalog.Programmes.Count);
        Assert.Equal(ProgrammeStatus.Closed, catalog.Programmes[0].Status);
    }

    [Fact]
    public void Default_FoodPackagesAreOnePerHousehold_AndNeedInHouseholdsDerivesTheQuantity()
    {
        var sembako = ProgrammeCatalog.Default.GetItem(ItemCode.Parse("pangan.paket-sembako"));
        Assert.Equal(1, sembako.QuantityPerHousehold);
        Assert.Equal(1, ProgrammeCatalog.Default.GetItem(ItemCode.Parse("pangan.paket-lebaran")).QuantityPerHousehold);
        Assert.Equal(37, sembako.QuantityForHouseholds(37));
        Assert.Equal(37, sembako.HouseholdsIn(37));

        // Meals are counted per person and devices per student: no household rule, and asking for one names the item.
        var meals = ProgrammeCatalog.Default.GetItem(ItemCode.Parse("pangan.makanan-siap-saji"));
        Assert.Null(meals.QuantityPerHousehold);
        Assert.Null(meals.HouseholdsIn(10));
        var error = Assert.Throws<InvalidOperationException>(() => meals.QuantityForHouseholds(3));
        Assert.Contains("pangan.makanan-siap-saji is not counted per household", error.Message, StringComparison.Ordinal);

        // A rule of two per household: quantities that are not whole shares give no household count.
        var two = sembako.WithQuantityPerHousehold(2);
        Assert.Equal((14L, 7L, (long?)null), (two.QuantityForHouseholds(7), two.HouseholdsIn(14)!.Value, two.HouseholdsIn(15)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sembako.WithQuantityPerHousehold(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sembako.QuantityForHouseholds(-1));
        Assert.Throws<OverflowException>(() => two.QuantityForHouseholds(long.MaxValue));
    }

    [Fact]
    public void Load_PerHouseholdBelowOne_ReportsThePath()
    {
        var ex = LoadBroken(n => n["programmes"]![0]!["items"]![0]!["perHousehold"] = 0);
        Assert.Equal("$.programmes[0].items[0].perHousehold", ex.Path);
    }

    [Fact]
    public void Load_ItemOfAnotherProgramme_ReportsThePath()
    {
        var ex = LoadBroken(n => n["programmes"]![2]!["items"]![0]!["code"] = "umkm.smartphone");
        Assert.Equal("$.programmes[2].items[0].code", ex.Path);
        Assert.Equal("$.programmes[2].items[0].code: item code 'umkm.smartphone' belongs to programme 'umkm', not 'pendidikan'.", ex.Message);
    }

    [Fact]
    public void Load_MalformedItemCode_ReportsThePath()
    {
        var ex = LoadBroken(n => n["programmes"]![2]!["items"]![0]!["code"] = "Pendidikan.Tablet");
        Assert.Equal("$.programmes[2].items[0].code", ex.Path);
        Assert.StartsWith("$.programmes[2].items[0].code: Item code 'Pendidikan.Tablet'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "\"maybe\"", "$.programmes[1].status", "unknown status 'maybe'")]
    [InlineData("openedOn", "\"24/04/2020\"", "$.programmes[1].openedOn", "A date must be an ISO 8601 string")]
    [InlineData("code", "\"UMKM\"", "$.programmes[1].code", "programme code 'UMKM' must have")]
    [InlineData("name", "null", "$.programmes[1].name", "required")]
    [InlineData("eligibility", "[{\"rule\":\"lottery\"}]", "$.programmes[1].eligibility[0].rule", "unknown rule 'lottery'")]
    [InlineData("eligibility", "[{\"rule\":\"role\",\"roles\":[]}]", "$.programmes[1].eligibility[0].roles", "at least one role")]
    public void Load_BadProgrammeValue_ReportsPathAndReason(string property, string json, string path, string reason)
    {
        var ex = LoadBroken(n => n["programmes"]![1]![property] = JsonNode.Parse(json));
        Assert.Equal(path, ex.Path);
        Assert.Contains(reason, ex.Detail, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateProgramme_NamesTheFirst()
    {
        var ex = LoadBroken(n => n["programmes"]![1] = n["programmes"]![0]!.DeepClone());
        Assert.Equal("$.programmes[1].code: programme 'pangan' already appears at $.programmes[0].", ex.Message);
    }

    [Fact]
    public void Load_BundleOfUnknownItem_ReportsThePath()
    {
        var ex = LoadBroken(n => n["programmes"]![2]!["items"]![1]!["bundles"] = new JsonArray("pendidikan.kuota"));
        Assert.Equal("$.programmes[2].items[1].bundles[0]", ex.Path);
        Assert.Contains("'pendidikan.kuota' is not in the catalogue", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"programmes\": []}", "$.schema", "required; expected \"ksbb.catalog/1\"")]
    [InlineData("{\"schema\": \"ksbb.catalog/2\", \"programmes\": []}", "$.schema", "version 'ksbb.catalog/2' is not supported")]
    [InlineData("{\"schema\": \"ksbb.needs/1\", \"programmes\": []}", "$.schema", "is not a ksbb.catalog document")]
    [InlineData("{\"schema\": \"ksbb.catalog/1\"}", "$.programmes", "required")]
    [InlineData("{\"schema\": \"ksbb.catalog/1\", \"programmes\": [ {\"code\": 5} ] }", "$.programmes[0].code", "expected a string")]
    [InlineData("{\"schema\": \"ksbb.catalog/1\", \"programmes\": [ ", "$.programmes[0]", "")]
    [InlineData("null", "$", "the document is null")]
    public void Load_BadDocument_ReportsThePath(string json, string path, string reason)
    {
        var ex = Assert.Throws<DocumentException>(() => ProgrammeCatalog.Parse(json));
        Assert.Equal(path, ex.Path);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ksbb.Model.Documents", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyCatalogue_IsValid()
    {
        var catalog = ProgrammeCatalog.Parse("{ \"schema\": \"ksbb.catalog/1\", \"programmes\": [] }");
        Assert.Empty(catalog.Programmes);
        Assert.False(catalog.TryGetItem(ItemCode.Parse("pangan.paket-sembako"), out _, out _));
    }

    [Fact]
    public void Create_InCode_ChecksItemsAndBundles()
    {
        var name = BilingualText.Create("Nama", "Name");
        var item = CatalogItem.Create(ItemCode.Parse("a.x"), name, "unit", name, "keluarga", [ItemCode.Parse("a.y")]);
        var programme = Programme.Create("a", name, ProgrammeStatus.Open, null, [item]);
        Assert.Contains("bundles a.y, which is not in the catalogue", Assert.Throws<ArgumentException>(() => ProgrammeCatalog.Create([programme])).Message, StringComparison.Ordinal);
        Assert.Contains("belongs to programme 'a', not 'b'", Assert.Throws<ArgumentException>(() => Programme.Create("b", name, ProgrammeStatus.Open, null, [item])).Message, StringComparison.Ordinal);
        Assert.Contains("lists item a.x twice", Assert.Throws<ArgumentException>(() => Programme.Create("a", name, ProgrammeStatus.Open, null, [item, item])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CatalogItem.Create(ItemCode.Parse("a.x"), name, "Unit!", name, "keluarga"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Programme.Create("a", name, ProgrammeStatus.None, null, []));
    }
}
