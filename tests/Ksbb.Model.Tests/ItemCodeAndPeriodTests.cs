using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Model.Tests;

public class ItemCodeAndPeriodTests
{
    [Theory]
    [InlineData("pangan.paket-sembako", "pangan", "paket-sembako")]
    [InlineData("pendidikan.tablet", "pendidikan", "tablet")]
    public void ItemCode_ParsesSegments(string text, string programme, string item)
    {
        var code = ItemCode.Parse(text);
        Assert.Equal((programme, item), (code.Programme, code.Item));
        Assert.Equal(code, ItemCode.Create(programme, item));
    }

    [Theory]
    [InlineData("pangan", "exactly two segments")]
    [InlineData("a.b.c", "exactly two segments")]
    [InlineData("Pangan.paket", "only lower-case letters")]
    [InlineData("pangan.-x", "must start with a letter or digit")]
    [InlineData(".x", "1 to 64 characters")]
    public void ItemCode_BadText_SaysWhy(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => ItemCode.Parse(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("2020-05", "2020-05-01", "2020-05-31")]
    [InlineData("2020-W18", "2020-04-27", "2020-05-03")]
    [InlineData("2020-05-01/2020-05-15", "2020-05-01", "2020-05-15")]
    public void Period_ParsesTheThreeForms(string text, string start, string end)
    {
        var period = DistributionPeriod.Parse(text);
        Assert.Equal((start, end), (period.Start.ToString("yyyy-MM-dd", null), period.End.ToString("yyyy-MM-dd", null)));
        Assert.Equal(text, period.ToString());
    }

    [Fact]
    public void Period_ContainsInstantsInJakartaTime()
    {
        var may = DistributionPeriod.Parse("2020-05");
        Assert.True(may.Contains(Instant.FromUtc(2020, 5, 31, 16, 59))); // 23:59 WIB
        Assert.False(may.Contains(Instant.FromUtc(2020, 5, 31, 17, 0))); // 1 June 00:00 WIB
    }

    [Fact]
    public void Property_PeriodTextRoundTrips() =>
        Prop.ForAll(Generators.Periods().ToArbitrary(), p => DistributionPeriod.Parse(p.ToString()) == p && p.Days == NodaTime.Period.DaysBetween(p.Start, p.End) + 1)
            .QuickCheckThrowOnFailure();
}
