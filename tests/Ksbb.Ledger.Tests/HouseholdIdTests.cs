using Ksbb.Ledger.Households;

namespace Ksbb.Ledger.Tests;

public sealed class HouseholdIdTests
{
    [Theory]
    [InlineData("3171014107800001", HouseholdIdKind.Nik)]
    [InlineData("3171 0101 0190 0002", HouseholdIdKind.Nik)]
    [InlineData("1101015512990003", HouseholdIdKind.Nik)]
    [InlineData("3171012345678901", HouseholdIdKind.Kk)]
    public void Parse_ValidNumbers(string text, HouseholdIdKind kind)
    {
        var id = HouseholdId.Parse(text, kind);
        Assert.Equal(kind, id.Kind);
        Assert.Equal(16, id.Digits.Length);
    }

    [Theory]
    [InlineData("317101410780000", HouseholdIdKind.Nik, "has 15 digits; it must have 16")]
    [InlineData("31710141078000011", HouseholdIdKind.Nik, "more than 16 digits")]
    [InlineData("31710141078000x1", HouseholdIdKind.Nik, "not a digit")]
    [InlineData("9971014107800001", HouseholdIdKind.Nik, "starts with 99, which is not an Indonesian province code")]
    [InlineData("2071014107800001", HouseholdIdKind.Kk, "starts with 20, which is not an Indonesian province code")]
    [InlineData("3100014107800001", HouseholdIdKind.Nik, "kota/kabupaten 00")]
    [InlineData("3171013507800001", HouseholdIdKind.Nik, "birth day 35")]
    [InlineData("3171014113800001", HouseholdIdKind.Nik, "birth month 13")]
    [InlineData("", HouseholdIdKind.Kk, "is empty")]
    public void TryParse_InvalidNumbers_SayWhyWithoutRepeatingTheNumber(string text, HouseholdIdKind kind, string expected)
    {
        Assert.False(HouseholdId.TryParse(text, kind, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        if (text.Length > 4)
        {
            Assert.DoesNotContain(text, error, StringComparison.Ordinal);
        }

        var ex = Assert.Throws<FormatException>(() => HouseholdId.Parse(text, kind));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void ToString_MasksAllButTheRegionPrefix()
    {
        Assert.Equal("NIK 3171************", HouseholdId.Parse("3171014107800001", HouseholdIdKind.Nik).ToString());
        Assert.Equal("KK 3171************", HouseholdId.Parse("3171012345678901", HouseholdIdKind.Kk).ToString());
    }

    [Fact]
    public void Hasher_IsKeyed_AndSeparatesNikFromKk()
    {
        var key1 = HouseholdHasher.Create(Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray());
        var key2 = HouseholdHasher.Create(Enumerable.Range(0, 32).Select(i => (byte)(i * 5)).ToArray());
        var nik = HouseholdId.Parse("3171012303780001", HouseholdIdKind.Nik);
        var kk = HouseholdId.Parse("3171012303780001", HouseholdIdKind.Kk);
        Assert.Equal(key1.Hash(nik), key1.Hash(HouseholdId.Parse("3171 0123 0378 0001", HouseholdIdKind.Nik)));
        Assert.NotEqual(key1.Hash(nik), key2.Hash(nik));
        Assert.NotEqual(key1.Hash(nik), key1.Hash(kk));
        Assert.Matches("^[0-9a-f]{64}$", key1.Hash(nik));
    }

    [Fact]
    public void Hasher_RefusesShortKeys_AndReadsHexOrBase64()
    {
        Assert.Throws<ArgumentException>(() => HouseholdHasher.Create(new byte[16]));
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var nik = HouseholdId.Parse("3171014107800001", HouseholdIdKind.Nik);
        var expected = HouseholdHasher.Create(bytes).Hash(nik);
        Assert.Equal(expected, HouseholdHasher.FromText(Convert.ToHexString(bytes)).Hash(nik));
        Assert.Equal(expected, HouseholdHasher.FromText(Convert.ToBase64String(bytes)).Hash(nik));
        Assert.Throws<ArgumentException>(() => HouseholdHasher.FromText("not a key!"));
    }
}
