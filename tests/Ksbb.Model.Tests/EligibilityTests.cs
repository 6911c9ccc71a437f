using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Tests;

public class EligibilityTests
{
    private static readonly RegionCode CapRw = RegionCode.Parse("31.75.03.1002.004");
    private static readonly RegionCode OtherRw = RegionCode.Parse("31.75.03.1002.005");
    private static readonly RegionCode Rt = RegionCode.Parse("31.71.01.1001.005.003");

    private static readonly AreaList Cap2019 = AreaList.Create("cap-2019",
    [
        AreaListEntry.Create(CapRw, [ItemCode.Parse("permukiman.sanitasi"), ItemCode.Parse("permukiman.penghijauan")]),
    ]);

    private static readonly EligibilityEvaluator Evaluator = new(ProgrammeCatalog.Default, [Cap2019]);

    private static EligibilityResult Evaluate(string item, Beneficiary beneficiary) => Evaluator.Evaluate(ItemCode.Parse(item), beneficiary);

    [Fact]
    public void Pangan_HasNoRuleBeyondBeingOpen()
    {
        var result = Evaluate("pangan.paket-sembako", Beneficiary.Create(Rt));
        Assert.True(result.IsEligible);
        Assert.Equal(["item", "programme-status"], result.Reasons.Select(r => r.Rule));
        Assert.Equal("pangan.paket-sembako: eligible", result.ToString());
    }

    [Fact]
    public void Umkm_RequiresJakpreneurRegistration()
    {
        Assert.True(Evaluate("umkm.permodalan", Beneficiary.Create(Rt, ["umkm"], ["jakpreneur"])).IsEligible);
        var refused = Evaluate("umkm.permodalan", Beneficiary.Create(Rt, ["umkm"]));
        Assert.False(refused.IsEligible);
        var failure = Assert.Single(refused.Failures);
        Assert.Equal("registration", failure.Rule);
        Assert.Equal("umkm.permodalan is only for beneficiaries registered in jakpreneur; this one is not", failure.Message);
    }

    [Theory]
    [InlineData("pendidikan.smartphone", "peserta-didik", true)]
    [InlineData("pendidikan.tablet", "peserta-didik", true)]
    [InlineData("pendidikan.kartu-internet-belajar", "peserta-didik", true)]
    [InlineData("pendidikan.komputer", "peserta-didik", false)]
    [InlineData("pendidikan.laptop", "peserta-didik", false)]
    [InlineData("pendidikan.smartphone", "pendidik", false)]
    [InlineData("pendidikan.tablet", "pendidik", false)]
    [InlineData("pendidikan.komputer", "pendidik", true)]
    [InlineData("pendidikan.laptop", "pendidik", true)]
    public void Pendidikan_DeviceDependsOnRole(string item, string role, bool eligible) =>
        Assert.Equal(eligible, Evaluate(item, Beneficiary.Create(Rt, [role])).IsEligible);

    [Fact]
    public void Pendidikan_WrongRole_SaysWhichRoleIsNeeded()
    {
        var failure = Assert.Single(Evaluate("pendidikan.laptop", Beneficiary.Create(Rt, ["peserta-didik"])).Failures);
        Assert.Equal("pendidikan.laptop is for role pendidik; the beneficiary has role peserta-didik", failure.Message);
        Assert.Contains("no role", Assert.Single(Evaluate("pendidikan.tablet", Beneficiary.Create(Rt)).Failures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permukiman_OnlyInCapRwsAndOnlyRecordedItems()
    {
        Assert.True(Evaluate("permukiman.sanitasi", Beneficiary.Create(CapRw)).IsEligible);
        Assert.True(Evaluate("permukiman.penghijauan", Beneficiary.Create(RegionCode.ForRt(CapRw, 2))).IsEligible); // an RT inside a CAP RW

        var notRecorded = Assert.Single(Evaluate("permukiman.sarana", Beneficiary.Create(CapRw)).Failures);
        Assert.Equal("list cap-2019 records permukiman.penghijauan, permukiman.sanitasi for 31.75.03.1002.004, not permukiman.sarana", notRecorded.Message);

        var notListed = Assert.Single(Evaluate("permukiman.sanitasi", Beneficiary.Create(OtherRw)).Failures);
        Assert.Equal("31.75.03.1002.005 is not in an area of list cap-2019", notListed.Message);
    }

    [Fact]
    public void Permukiman_WithoutTheList_NoUnitQualifies()
    {
        var evaluator = new EligibilityEvaluator(ProgrammeCatalog.Default);
        var failure = Assert.Single(evaluator.Evaluate(ItemCode.Parse("permukiman.sanitasi"), Beneficiary.Create(CapRw)).Failures);
        Assert.Contains("area list cap-2019 was not given", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownItem_IsNotEligible()
    {
        var result = Evaluate("persampahan.tong-sampah", Beneficiary.Create(Rt));
        Assert.False(result.IsEligible);
        Assert.Equal("item", Assert.Single(result.Reasons).Rule);
        Assert.Contains("not in the catalogue", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProgrammeNotOpen_IsNotEligible()
    {
        var name = BilingualText.Create("KSBB Persampahan", "KSBB Waste");
        var item = CatalogItem.Create(ItemCode.Parse("persampahan.tong-sampah"), name, "unit", name, "rw");
        var catalog = ProgrammeCatalog.Default.With(ProgrammeCatalog.Create([Programme.Create("persampahan", name, ProgrammeStatus.UnderDiscussion, null, [item])]));
        var failure = Assert.Single(new EligibilityEvaluator(catalog).Evaluate(item.Code, Beneficiary.Create(Rt)).Failures);
        Assert.Equal("programme-status", failure.Rule);
        Assert.Equal("programme persampahan is under-discussion and takes no pledges", failure.Message);
    }

    [Fact]
    public void SeveralRules_AllFailuresAreReported()
    {
        var name = BilingualText.Create("Bantuan", "Aid");
        var item = CatalogItem.Create(ItemCode.Parse("uji.paket"), name, "paket", name, "keluarga", rules: [RoleRule.Create(["lansia"])]);
        var catalog = ProgrammeCatalog.Create([Programme.Create("uji", name, ProgrammeStatus.Open, null, [item], [RegistrationRule.Create("dtks"), AreaListRule.Create("cap-2019", requireRecordedItem: false)])]);
        var result = new EligibilityEvaluator(catalog, [Cap2019]).Evaluate(item.Code, Beneficiary.Create(OtherRw));
        Assert.Equal(["registration", "area-list", "role"], result.Failures.Select(f => f.Rule));
        Assert.True(new EligibilityEvaluator(catalog, [Cap2019]).Evaluate(item.Code, Beneficiary.Create(CapRw, ["lansia"], ["dtks"])).IsEligible);
    }

    [Fact]
    public void AreaList_RejectsDuplicatesAndFindsNearestListedAncestor()
    {
        var entry = AreaListEntry.Create(CapRw, []);
        Assert.Throws<ArgumentException>(() => AreaList.Create("cap-2019", [entry, entry]));
        Assert.Throws<ArgumentException>(() => AreaList.Create("CAP 2019", [entry]));
        Assert.True(Cap2019.TryFindArea(RegionCode.ForRt(CapRw, 9), out var area, out _));
        Assert.Equal(CapRw, area);
        Assert.False(Cap2019.TryFindArea(RegionCode.Parse("31.75"), out _, out _));
        Assert.Throws<ArgumentException>(() => new EligibilityEvaluator(ProgrammeCatalog.Default, [Cap2019, Cap2019]));
    }

    [Fact]
    public void Beneficiary_ValidatesCodes()
    {
        Assert.Throws<ArgumentException>(() => Beneficiary.Create(default));
        Assert.Throws<ArgumentException>(() => Beneficiary.Create(Rt, ["Peserta Didik"]));
        var b = Beneficiary.Create(Rt, ["pendidik", "peserta-didik", "pendidik"], ["jakpreneur"]);
        Assert.Equal(["pendidik", "peserta-didik"], b.Roles);
        Assert.True(b.IsRegisteredIn("jakpreneur"));
    }
}
