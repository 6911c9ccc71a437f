using System.Security.Cryptography;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Documents;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.SampleData.Tests;

public class SampleGeneratorTests
{
    private static readonly SampleDataSet Data = SampleGenerator.Generate();

    private static string Hash(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
    }

    private static string Fingerprint(SampleDataSet data) => string.Join('|',
        Hash(s => KsbbDocuments.WriteNeeds(s, data.Needs)),
        Hash(s => KsbbDocuments.WritePledges(s, data.Pledges)),
        Hash(s => KsbbDocuments.WriteCollaborators(s, data.Collaborators)),
        Hash(s => KsbbDocuments.WriteAggregators(s, data.Aggregators)),
        Hash(s => KsbbDocuments.WriteAreaLists(s, [data.Cap2019])),
        string.Join(';', data.City.Units.Select(u => $"{u.Code} {u.Name} {u.Bounds} {u.Households}")));

    [Fact]
    public void City_HasTheRealKotaAndPerKotaCounts()
    {
        var city = Data.City;
        Assert.Equal(["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"], city.Kota.Select(k => k.Code.ToString()));
        Assert.Equal("Kota Administrasi Jakarta Pusat", city[RegionCode.Parse("31.71")].Name);
        Assert.Equal("Kabupaten Administrasi Kepulauan Seribu", city[RegionCode.Parse("31.01")].Name);
        Assert.Equal(44, city.Kecamatan.Count);
        Assert.Equal(267, city.Kelurahan.Count);
        Assert.Equal([2, 8, 6, 8, 10, 10], city.Kota.Select(k => city.Regions.GetChildren(k.Code).Count));
        Assert.Equal([6, 44, 31, 56, 65, 65], city.Kota.Select(k => city.Kelurahan.Count(l => k.Code.IsAncestorOf(l.Code))));
        Assert.InRange(city.Rws.Count, 2_500, 2_900);
        Assert.InRange(city.Rts.Count, 27_000, 33_000);
        Assert.InRange(city.Units[0].Households, 2_500_000, 3_500_000); // about 10.6 to 11 million people
    }

    [Fact]
    public void City_KotaMatchTheRealKemendagriList()
    {
        var real = RegionRegistry.LoadCsv(JakartaData.PathOrSkip("codes/kode_wilayah_kemendagri_31.csv"));
        foreach (var kota in Data.City.Kota)
        {
            Assert.Equal(real[kota.Code].Name, kota.Name);
            Assert.Equal(real.GetChildren(kota.Code).Count, Data.City.Regions.GetChildren(kota.Code).Count);
            Assert.Equal(
                real.GetChildren(kota.Code).Sum(k => real.GetChildren(k.Code).Count),
                Data.City.Regions.GetChildren(kota.Code).Sum(k => Data.City.Regions.GetChildren(k.Code).Count));
        }
    }

    [Fact]
    public void City_CodesNestAndNamesBelowKotaAreUniqueAndSynthetic()
    {
        var city = Data.City;
        Assert.Equal(city.Units.Count, city.Regions.Regions.Count);
        foreach (var unit in city.Units.Where(u => u.Region.Level > RegionLevel.Provinsi))
        {
            var parent = city[unit.Region.Parent!.Value];
            Assert.Equal(unit.Region.Level - 1, parent.Region.Level);
        }

        var names = city.Kecamatan.Concat(city.Kelurahan).Select(u => u.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.DoesNotContain("Gambir", names);
    }

    [Fact]
    public void Geometry_ChildrenTileTheirParentAndPointsLieInside()
    {
        var city = Data.City;
        foreach (var unit in city.Units.Where(u => u.Region.Level < RegionLevel.Rt && u.Region.Level > RegionLevel.Provinsi))
        {
            var children = city.Regions.GetChildren(unit.Code).Select(c => city[c.Code]).ToArray();
            Assert.All(children, c => Assert.True(unit.Bounds.Contains(c.Bounds), $"{c.Code} lies outside {unit.Code}"));
            Assert.Equal(unit.Bounds.Area, children.Sum(c => c.Bounds.Area), 1e-12);
            Assert.Equal(unit.Households, children.Sum(c => c.Households));
        }

        Assert.All(city.Rts, rt => Assert.True(rt.Bounds.Contains(rt.Point.Longitude, rt.Point.Latitude)));
        var mainland = city.Kota.Where(k => k.Code.Kota != 1).ToArray();
        Assert.Equal(SampleCity.MainlandBounds.Area, mainland.Sum(k => k.Bounds.Area), 1e-12);
        Assert.All(mainland, k => Assert.True(SampleCity.MainlandBounds.Contains(k.Bounds)));
        Assert.True(city[RegionCode.Parse("31.01")].Bounds.South > SampleCity.MainlandBounds.North); // Kepulauan Seribu lies to the north
    }

    [Fact]
    public void Collaborators_ReproduceTheCountsOf26November2020()
    {
        var report = CollaboratorCountReport.Create(Data.Collaborators);
        Assert.Equal(222, report.Total);
        Assert.Equal([35, 103, 18, 53, 13], report.Rows.Select(r => r.Count));
        Assert.Equal("222 = 35 + 103 + 18 + 53 + 13", report.ToString());
        // Counted here, not by the report: the programme's 26 November 2020 figures per category.
        CollaboratorCategory[] categories = [CollaboratorCategory.Perorangan, CollaboratorCategory.LembagaUsaha, CollaboratorCategory.LembagaPemerintah, CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorCategory.LuarNegeri];
        Assert.Equal([35, 103, 18, 53, 13], categories.Select(k => Data.Collaborators.Count(c => c.Category == k)));
        Assert.Equal(53, CollaboratorTaxonomy.SubKinds.Sum(report.CountOf));
        Assert.Equal(222, Data.Collaborators.Select(c => c.Id).Distinct().Count());
        Assert.All(Data.Collaborators, c => Assert.NotNull(c.Contact));
        Assert.All(Data.Collaborators.Where(c => c.Category == CollaboratorCategory.Perorangan), c => Assert.Equal(PublicCollaborator.AnonymousName, c.ToPublic().DisplayName));
    }

    [Fact]
    public void Devices_1208CollectedForPendidikan()
    {
        // The programme's 26 November 2020 figure, summed here over the education pledges rather than by the data set.
        var devices = Data.Pledges.Where(o => o.Item.Programme == "pendidikan").ToList();
        Assert.Equal(1208, devices.Sum(o => o.Quantity));
        Assert.Equal(1208, Data.DevicesCollected);
        Assert.All(devices, o => Assert.Equal("2020-12", o.Period.ToString()));
    }

    [Fact]
    public void Pledges_UseBothChannelsAndKnownReferences()
    {
        var collaborators = Data.Collaborators.Select(c => c.Id).ToHashSet();
        var aggregators = Data.Aggregators.Select(a => a.Id).ToHashSet();
        Assert.Contains(Data.Pledges, o => o.Channel == PledgeChannel.Direct);
        Assert.Contains(Data.Pledges, o => o.Channel == PledgeChannel.Aggregator);
        Assert.Equal(Data.Pledges.Count, Data.Pledges.Select(o => o.Id).Distinct().Count());
        foreach (var pledge in Data.Pledges)
        {
            Assert.Contains(pledge.Collaborator, collaborators);
            Assert.True(Data.Catalog.TryGetItem(pledge.Item, out _, out var programme) && programme.IsOpen);
            Assert.True(pledge.Aggregator is null || aggregators.Contains(pledge.Aggregator.Value));
            Assert.All(pledge.Areas, a => Assert.True(Data.City.Regions.Contains(a)));
            Assert.True(pledge.PledgedAt <= SampleDataSet.AsOf);
        }

        Assert.All(Data.Aggregators, a => Assert.All(a.ServiceAreas, s => Assert.True(Data.City.Regions.Contains(s))));
        Assert.Contains(Data.Aggregators, a => a.ServiceAreas.Count == 0);
    }

    [Fact]
    public void Needs_AreOnKnownUnitsAndEveryOneIsEligible()
    {
        var evaluator = new EligibilityEvaluator(Data.Catalog, [Data.Cap2019]);
        var keys = new HashSet<(RegionCode, ItemCode)>();
        foreach (var need in Data.Needs)
        {
            Assert.True(Data.City.Regions.Contains(need.Unit), $"{need.Unit} is not in the city");
            Assert.True(need.Quantity > 0);
            Assert.True(keys.Add((need.Unit, need.Item)), $"{need.Unit} {need.Item} appears twice");
            var recipient = Data.Catalog.GetItem(need.Item).Recipient;
            var beneficiary = Beneficiary.Create(need.Unit, [recipient], need.Item.Programme == "umkm" ? ["jakpreneur"] : null);
            var verdict = evaluator.Evaluate(need.Item, beneficiary);
            Assert.True(verdict.IsEligible, verdict.ToString());
        }

        Assert.InRange(Data.Needs.Where(n => n.Item.Programme == "pangan").Sum(n => n.Quantity), 300_000, 700_000);
        Assert.All(Data.Needs.Where(n => n.Item.Programme == "pangan"), n => Assert.Equal(RegionLevel.Rt, n.Unit.Level));
        Assert.All(Data.Needs.Where(n => n.Item.Programme == "permukiman"), n => Assert.True(Data.Cap2019.TryFindArea(n.Unit, out _, out _)));
        Assert.InRange(Data.Cap2019.Count, 100, 400);
    }

    [Fact]
    public void Generate_IsDeterministicPerSeed()
    {
        Assert.Equal(Fingerprint(Data), Fingerprint(SampleGenerator.Generate(SampleSeed.Default)));
        Assert.NotEqual(Fingerprint(Data), Fingerprint(SampleGenerator.Generate(7)));
    }

    [Fact]
    public void Generate_OtherSeed_KeepsTheFixedFacts()
    {
        var other = SampleGenerator.Generate(12345);
        Assert.Equal(267, other.City.Kelurahan.Count);
        Assert.Equal([35, 103, 18, 53, 13], CollaboratorCountReport.Create(other.Collaborators).Rows.Select(r => r.Count));
        Assert.Equal(1208, other.DevicesCollected);
    }

    [Fact]
    public void Generate_ReportsProgressForEachStage()
    {
        var stages = new List<SampleProgress>();
        SampleGenerator.Generate(3, new SyncProgress(stages.Add));
        Assert.Equal(["city", "collaborators", "needs", "offers"], stages.Select(s => s.Stage));
        Assert.Equal([1, 2, 3, 4], stages.Select(s => s.Completed));
    }

    [Fact]
    public void Partition_SumsExactlyAndRespectsTheMinimum()
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var parts = random.Next(1, 60);
            var total = parts + random.Next(0, 5000);
            var result = SampleGenerator.Partition(random, total, parts, 1);
            Assert.Equal(total, result.Sum());
            Assert.All(result, r => Assert.True(r >= 1));
        }
    }

    private sealed class SyncProgress(Action<SampleProgress> report) : IProgress<SampleProgress>
    {
        public void Report(SampleProgress value) => report(value);
    }
}
