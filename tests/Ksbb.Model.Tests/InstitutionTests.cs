using Ksbb.Model.Recipients;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Xunit;

namespace Ksbb.Model.Tests;

public sealed class InstitutionTests
{
    private static readonly RegionCode Rw5 = RegionCode.Parse("31.71.01.1001.005");

    [Fact]
    public void ForInstitution_NumbersFrom901InsideTheRw()
    {
        var code = RegionCode.ForInstitution(Rw5, 1);
        Assert.Equal("31.71.01.1001.005.901", code.ToString());
        Assert.True(code.IsInstitution);
        Assert.True(Rw5.Contains(code));
        Assert.Equal("31.71.01.1001.005.999", RegionCode.ForInstitution(Rw5, 99).ToString());
        Assert.False(RegionCode.Parse("31.71.01.1001.005.003").IsInstitution);
        Assert.False(Rw5.IsInstitution);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void ForInstitution_NumberOutOfRange_Throws(int number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionCode.ForInstitution(Rw5, number));

    [Fact]
    public void ForInstitution_NotAnRw_Throws() =>
        Assert.Throws<ArgumentException>(() => RegionCode.ForInstitution(RegionCode.Parse("31.71.01.1001"), 1));

    [Fact]
    public void Create_KeepsThePublicFacts()
    {
        var panti = Institution.Create(RegionCode.ForInstitution(Rw5, 2), InstitutionKind.PantiAsuhan, "  Panti Asuhan Harapan ", GeoPoint.Create(106.8271, -6.1754), 45);
        Assert.Equal("Panti Asuhan Harapan", panti.Name);
        Assert.Equal(Rw5, panti.Rw);
        Assert.Equal(45, panti.Residents);
        Assert.Equal("31.71.01.1001.005.902 panti-asuhan Panti Asuhan Harapan", panti.ToString());
    }

    [Fact]
    public void Create_RejectsAnRtCodeAndAnUndefinedKind()
    {
        var at = GeoPoint.Create(106.8271, -6.1754);
        Assert.Throws<ArgumentException>(() => Institution.Create(RegionCode.Parse("31.71.01.1001.005.003"), InstitutionKind.Pesantren, "x", at, 1));
        Assert.Throws<ArgumentException>(() => Institution.Create(RegionCode.ForInstitution(Rw5, 1), InstitutionKind.None, "x", at, 1));
        Assert.Throws<ArgumentException>(() => Institution.Create(RegionCode.ForInstitution(Rw5, 1), (InstitutionKind)42, "x", at, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Institution.Create(RegionCode.ForInstitution(Rw5, 1), InstitutionKind.Pesantren, "x", at, -1));
    }

    [Theory]
    [InlineData("panti-asuhan", InstitutionKind.PantiAsuhan)]
    [InlineData("panti-lanjut-usia", InstitutionKind.PantiLanjutUsia)]
    [InlineData("panti-disabilitas", InstitutionKind.PantiDisabilitas)]
    [InlineData("pesantren", InstitutionKind.Pesantren)]
    [InlineData("lokasi-prioritas", InstitutionKind.LokasiPrioritas)]
    public void KindCodes_RoundTrip(string code, InstitutionKind kind)
    {
        Assert.True(Institution.TryParseKind(code, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(code, Institution.GetKindCode(kind));
    }

    [Fact]
    public void TryParseKind_UnknownCode_Fails() => Assert.False(Institution.TryParseKind("panti", out _));

    [Fact]
    public void Periods_AMonthAndAWeekInsideItOverlap()
    {
        var november = DistributionPeriod.Parse("2020-11");
        Assert.True(november.Overlaps(DistributionPeriod.Parse("2020-W46")));
        Assert.True(DistributionPeriod.Parse("2020-W46").Overlaps(november));
        Assert.False(november.Overlaps(DistributionPeriod.Parse("2020-W50")));
        Assert.True(DistributionPeriod.Parse("2020-W49").Overlaps(november)); // 30 Nov – 6 Dec 2020 straddles the month end
    }
}
