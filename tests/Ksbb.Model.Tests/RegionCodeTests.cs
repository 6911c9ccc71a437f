using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Tests;

public class RegionCodeTests
{
    [Theory]
    [InlineData("31", RegionLevel.Provinsi)]
    [InlineData("31.71", RegionLevel.Kota)]
    [InlineData("31.71.01", RegionLevel.Kecamatan)]
    [InlineData("31.71.01.1001", RegionLevel.Kelurahan)]
    [InlineData("31.71.01.1001.005", RegionLevel.Rw)]
    [InlineData("31.71.01.1001.005.003", RegionLevel.Rt)]
    public void Parse_DottedForm_GivesLevelAndRoundTrips(string text, RegionLevel level)
    {
        var code = RegionCode.Parse(text);
        Assert.Equal(level, code.Level);
        Assert.Equal(text, code.ToString());
        Assert.Equal(code, RegionCode.Parse(code.ToDigitsString()));
    }

    [Fact]
    public void Parts_AreReadBack()
    {
        var code = RegionCode.Parse("3171011001005003");
        Assert.Equal((31, 71, 1, 1001, 5, 3), (code.Provinsi, code.Kota, code.Kecamatan, code.Kelurahan, code.Rw, code.Rt));
        Assert.Equal("31.71.01.1001.005", code.Parent!.Value.ToString());
        Assert.Equal("31.71", code.AncestorAt(RegionLevel.Kota).ToString());
        Assert.Null(RegionCode.Parse("31").Parent);
    }

    [Theory]
    [InlineData("31.71.01.101", "kelurahan part '101' must have exactly 4 digits")]
    [InlineData("31.71.01.1001.5", "RW part '5' must have exactly 3 digits")]
    [InlineData("31.71.01.1001.000", "RW part '000' must not be zero")]
    [InlineData("31.7", "kota part '7' must have exactly 2 digits")]
    [InlineData("31.7a.01", "kota part '7a' must contain only digits")]
    [InlineData("31.71.01.1001.005.003.001", "more than six parts")]
    [InlineData("317", "has 3 digits")]
    [InlineData("", "cannot be empty")]
    public void Parse_BadInput_NamesThePart(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => RegionCode.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(RegionCode.TryParse(text, out _));
    }

    [Fact]
    public void Ancestry_FollowsTheHierarchy()
    {
        var kota = RegionCode.Parse("31.71");
        var rt = RegionCode.Parse("31.71.01.1001.005.003");
        var other = RegionCode.Parse("31.72.01.1001");
        Assert.True(kota.IsAncestorOf(rt));
        Assert.True(kota.Contains(rt));
        Assert.True(rt.Contains(rt));
        Assert.False(rt.IsAncestorOf(rt));
        Assert.False(kota.Contains(other));
        Assert.False(rt.Contains(kota));
        Assert.False(default(RegionCode).Contains(rt));
    }

    [Fact]
    public void Ordering_PutsParentsBeforeChildren()
    {
        var codes = new[] { "31.72", "31.71.01.1001.005", "31.71", "31.71.01.1001.004.010", "31" }.Select(RegionCode.Parse).Order().Select(c => c.ToString());
        Assert.Equal(new[] { "31", "31.71", "31.71.01.1001.004.010", "31.71.01.1001.005", "31.72" }, codes);
    }

    [Fact]
    public void Factories_BuildRwAndRt()
    {
        var kel = RegionCode.Parse("31.71.01.1001");
        var rt = RegionCode.ForRt(RegionCode.ForRw(kel, 5), 3);
        Assert.Equal("31.71.01.1001.005.003", rt.ToString());
        Assert.Throws<ArgumentException>(() => RegionCode.ForRt(kel, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionCode.ForRw(kel, 1000));
    }

    [Fact]
    public void Default_IsNoRegion()
    {
        Assert.True(default(RegionCode).IsDefault);
        Assert.Equal(string.Empty, default(RegionCode).ToString());
    }

    private static Gen<RegionCode> Codes() =>
        from level in Gen.Choose(1, 6)
        from p in Gen.Choose(11, 99)
        from k in Gen.Choose(1, 99)
        from c in Gen.Choose(1, 99)
        from l in Gen.Choose(1001, 9999)
        from rw in Gen.Choose(1, 999)
        from rt in Gen.Choose(1, 999)
        select RegionCode.Parse(string.Join('.', new[] { $"{p:D2}", $"{k:D2}", $"{c:D2}", $"{l:D4}", $"{rw:D3}", $"{rt:D3}" }.Take(level)));

    [Fact]
    public void Property_TextAndPackedRoundTrip() =>
        Prop.ForAll(Codes().ToArbitrary(), code =>
            RegionCode.Parse(code.ToString()) == code
            && RegionCode.Parse(code.ToDigitsString()) == code
            && RegionCode.FromPackedValue(code.PackedValue) == code).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_OrderingMatchesPackedValueAndAncestorsSortFirst() =>
        Prop.ForAll(Codes().ToArbitrary(), Codes().ToArbitrary(), (a, b) =>
            Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a))
            && (!a.IsAncestorOf(b) || a < b)
            && (a.Level == RegionLevel.Provinsi || a.Parent!.Value.IsAncestorOf(a))).QuickCheckThrowOnFailure();
}
