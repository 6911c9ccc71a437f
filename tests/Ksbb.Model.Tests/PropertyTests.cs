using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Tests;

/// <summary>Invariants checked on generated data against simple oracles.</summary>
public class PropertyTests
{
    private static IEnumerable<RegionCode> WithAncestors(RegionCode code)
    {
        for (RegionCode? c = code; c is { } x; c = x.Parent)
        {
            yield return x;
        }
    }

    [Fact]
    public void Property_RegistryFromShuffledCsv_MatchesTheCodesHierarchy() =>
        Prop.ForAll(Generators.Units().ListOf().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (units, seed) =>
        {
            var codes = units.SelectMany(WithAncestors).Distinct().ToArray();
            new Random(seed).Shuffle(codes);
            var csv = "kode,kode_digits,nama,level,kode_parent\n" + string.Join('\n', codes.Select(c =>
                $"{c},{c.ToDigitsString()},\"Unit {c}\",{(c.Level == RegionLevel.Kota ? "kabkota" : c.Level.ToString().ToLowerInvariant())},{c.Parent}"));
            var registry = RegionRegistry.LoadCsv(new StringReader(csv), "generated.csv");

            return registry.Regions.Select(r => r.Code).SequenceEqual(codes.Order())
                && codes.All(c => registry.GetAncestors(c).Select(a => a.Code).SequenceEqual(WithAncestors(c).Skip(1))
                    && registry.GetChildren(c).Select(k => k.Code).SequenceEqual(codes.Where(k => k.Parent == c).Order())
                    && registry[c].Name == $"Unit {c}");
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_AreaListFindsTheNearestListedAncestor() =>
        Prop.ForAll(Generators.Areas().ListOf().ToArbitrary(), Generators.Units().ToArbitrary(), (areas, unit) =>
        {
            var distinct = areas.Distinct().ToArray();
            var list = AreaList.Create("cap-2019", distinct.Select(a => AreaListEntry.Create(a, [])));
            var expected = distinct.Where(a => a.Contains(unit)).OrderByDescending(a => a.Level).Select(a => (RegionCode?)a).FirstOrDefault();
            var found = list.TryFindArea(unit, out var area, out _);
            return found == expected.HasValue && (!found || area == expected);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_ServiceAreasAndPledgeAreasFollowTheAreaRule() =>
        Prop.ForAll(Generators.Aggregators().ToArbitrary(), Generators.Units().ToArbitrary(), (aggregator, unit) =>
        {
            var textRule = aggregator.ServiceAreas.Count == 0
                || aggregator.ServiceAreas.Any(a => unit.ToString() == a.ToString() || unit.ToString().StartsWith(a + ".", StringComparison.Ordinal));
            var pledge = Pledge.Direct(PledgeId.Parse("o-1"), Collaborators.CollaboratorId.Parse("c-1"), ItemCode.Parse("pangan.paket-sembako"), 1,
                Model.Time.DistributionPeriod.ForMonth(2020, 11), NodaTime.Instant.FromUtc(2020, 11, 1, 0, 0), null, aggregator.ServiceAreas);
            return aggregator.Serves(unit) == textRule && pledge.Reaches(unit) == textRule;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_EligibleExactlyWhenNoRuleFails() =>
        Prop.ForAll(
            (from item in Generators.Items()
             from unit in Generators.Units()
             from roles in Gen.SubListOf(["peserta-didik", "pendidik", "umkm"])
             from jakpreneur in Gen.Elements(true, false)
             select (item, unit, roles, jakpreneur)).ToArbitrary(), sample =>
        {
            var (item, unit, roles, jakpreneur) = sample;
            var cap = AreaList.Create("cap-2019", [AreaListEntry.Create(unit.AncestorAt(RegionLevel.Rw), [ItemCode.Parse("permukiman.sanitasi")])]);
            var result = new EligibilityEvaluator(ProgrammeCatalog.Default, [cap]).Evaluate(item, Beneficiary.Create(unit, roles, jakpreneur ? ["jakpreneur"] : null));
            var studentDevice = item.Programme == "pendidikan" && ProgrammeCatalog.Default.GetItem(item).Recipient == "peserta-didik";
            var teacherDevice = item.Programme == "pendidikan" && !studentDevice;
            var expected = item.Programme switch
            {
                "umkm" => jakpreneur,
                "pendidikan" => (studentDevice && roles.Contains("peserta-didik")) || (teacherDevice && roles.Contains("pendidik")),
                "permukiman" => item.Item == "sanitasi",
                _ => true,
            };
            return result.IsEligible == expected && result.IsEligible == (result.Failures.Count == 0);
        }).QuickCheckThrowOnFailure();
}
