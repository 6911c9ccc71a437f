using System.Text;
using System.Text.Json.Nodes;
using Ksbb.Model.Catalog;
using Ksbb.Model.Documents;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Model.Tests;

/// <summary>A programme's dates (<c>openedOn</c> … <c>openUntil</c>).</summary>
public class ProgrammeDatesTests
{
    private static Programme Uji(ProgrammeStatus status = ProgrammeStatus.Open, LocalDate? openedOn = null, LocalDate? openUntil = null) =>
        Programme.Create("uji", BilingualText.Create("Uji", "Test"), status, openedOn, [], openUntil: openUntil);

    [Fact]
    public void IsOpenOn_IsTheStatusAndTheDaysFromOpeningToTheLastOpenDay_Inclusive()
    {
        var p = Uji(openedOn: new LocalDate(2020, 5, 1), openUntil: new LocalDate(2020, 5, 10));
        Assert.False(p.IsOpenOn(new LocalDate(2020, 4, 30)));
        Assert.True(p.IsOpenOn(new LocalDate(2020, 5, 1)));
        Assert.True(p.IsOpenOn(new LocalDate(2020, 5, 10)));
        Assert.False(p.IsOpenOn(new LocalDate(2020, 5, 11)));
        Assert.True(Uji().IsOpenOn(new LocalDate(2030, 1, 1)));
        Assert.False(Uji(ProgrammeStatus.Closed).IsOpenOn(new LocalDate(2020, 5, 5)));
        Assert.False(Uji(ProgrammeStatus.UnderDiscussion).IsOpenOn(new LocalDate(2020, 5, 5)));
    }

    [Fact]
    public void Covers_APeriodOverlappingTheDates_NotOneWhollyOutside()
    {
        var p = Uji(openedOn: new LocalDate(2020, 4, 24), openUntil: new LocalDate(2020, 6, 1));
        Assert.True(p.Covers(DistributionPeriod.Parse("2020-04")));
        Assert.True(p.Covers(DistributionPeriod.Parse("2020-06")));
        Assert.False(p.Covers(DistributionPeriod.Parse("2020-03")));
        Assert.False(p.Covers(DistributionPeriod.Parse("2020-07")));
        Assert.False(p.Covers(default));
        Assert.True(Uji().Covers(DistributionPeriod.Parse("1999-01")));
    }

    [Fact]
    public void OpenUntil_BeforeOpening_IsRefused_AndRoundTripsThroughTheCatalogueJson()
    {
        Assert.Throws<ArgumentException>(() => Uji(openedOn: new LocalDate(2020, 5, 2), openUntil: new LocalDate(2020, 5, 1)));

        using var stream = new MemoryStream();
        ProgrammeCatalog.Default.WriteTo(stream);
        var node = JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!;
        node["programmes"]![0]!["openUntil"] = "2021-03-31";
        var loaded = ProgrammeCatalog.Parse(node.ToJsonString());
        Assert.Equal(new LocalDate(2021, 3, 31), loaded.GetProgramme("pangan").OpenUntil);
        using var again = new MemoryStream();
        loaded.WriteTo(again);
        Assert.Contains("\"openUntil\": \"2021-03-31\"", Encoding.UTF8.GetString(again.ToArray()), StringComparison.Ordinal);

        node["programmes"]![0]!["openUntil"] = "2020-01-01";
        var ex = Assert.Throws<DocumentException>(() => ProgrammeCatalog.Parse(node.ToJsonString()));
        Assert.Contains("$.programmes[0]", ex.Message, StringComparison.Ordinal);
    }
}
