using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Documents;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Model.Tests;

/// <summary>Keeps the example of src/Ksbb.Model/README.md compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void PackageReadmeExample_WorksAsWritten()
    {
        var rt = RegionCode.Parse("31.71.01.1001.005.003");   // RT 3 of RW 5 in Gambir, Jakarta Pusat
        var need = Need.Create(rt, ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-11"), 12);

        var evaluator = new EligibilityEvaluator(ProgrammeCatalog.Default);
        var student = Beneficiary.Create(rt, roles: ["peserta-didik"]);
        Assert.Equal("pendidikan.tablet: eligible", evaluator.Evaluate(ItemCode.Parse("pendidikan.tablet"), student).ToString());
        Assert.Equal(
            "pendidikan.laptop: not eligible: pendidikan.laptop is for role pendidik; the beneficiary has role peserta-didik",
            evaluator.Evaluate(ItemCode.Parse("pendidikan.laptop"), student).ToString());

        using var stream = new MemoryStream();
        KsbbDocuments.WriteNeeds(stream, [need]);              // { "schema": "ksbb.needs/1", "needs": [ ... ] }
        stream.Position = 0;
        Assert.Equal(12, Assert.Single(KsbbDocuments.ReadNeeds(stream)).Quantity);
    }
}
