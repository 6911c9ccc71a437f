using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Documents;
using Ksbb.Model.Formats;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Model.Tests.Formats;

public sealed class KsbbCsvTests
{
    private static string Write<T>(Action<TextWriter, IEnumerable<T>> write, IEnumerable<T> values)
    {
        using var writer = new StringWriter();
        write(writer, values);
        return writer.ToString();
    }

    private static CsvFormatException Bad<T>(Func<TextReader, string, T> read, string csv) =>
        Assert.Throws<CsvFormatException>(() => read(new StringReader(csv), "in.csv"));

    [Fact]
    public void Needs_RoundTrip_Property()
    {
        Prop.ForAll(Generators.Needs().ListOf().ToArbitrary(), needs =>
        {
            var distinct = needs.DistinctBy(n => (n.Unit, n.Item, n.Period)).ToList();
            var back = KsbbCsv.ReadNeeds(new StringReader(Write<Need>(KsbbCsv.WriteNeeds, distinct)));
            return back.Select(n => n.ToString()).SequenceEqual(distinct.Select(n => n.ToString()));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Pledges_RoundTrip_Property()
    {
        Prop.ForAll(Generators.Pledges().ListOf().ToArbitrary(), pledges =>
        {
            var distinct = pledges.DistinctBy(o => o.Id).ToList();
            var back = KsbbCsv.ReadPledges(new StringReader(Write<Pledge>(KsbbCsv.WritePledges, distinct)));
            return back.Count == distinct.Count && back.Zip(distinct).All(p =>
                p.First.Id == p.Second.Id && p.First.Collaborator == p.Second.Collaborator && p.First.Item == p.Second.Item
                && p.First.Quantity == p.Second.Quantity && p.First.Period == p.Second.Period && p.First.PledgedAt == p.Second.PledgedAt
                && p.First.Aggregator == p.Second.Aggregator && p.First.Origin == p.Second.Origin && p.First.Areas.SequenceEqual(p.Second.Areas));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Collaborators_RoundTrip_Property()
    {
        Prop.ForAll(Generators.Collaborators().ListOf().ToArbitrary(), collaborators =>
        {
            var distinct = collaborators.DistinctBy(c => c.Id).ToList();
            var back = KsbbCsv.ReadCollaborators(new StringReader(Write<Collaborator>(KsbbCsv.WriteCollaborators, distinct)));
            return back.Count == distinct.Count && back.Zip(distinct).All(p =>
                p.First.Id == p.Second.Id && p.First.Name == p.Second.Name && p.First.Category == p.Second.Category
                && p.First.SubKind == p.Second.SubKind && p.First.PublishName == p.Second.PublishName
                && p.First.Contact?.Phone == p.Second.Contact?.Phone && p.First.Contact?.Email == p.Second.Contact?.Email
                && p.First.Contact?.ContactPerson == p.Second.Contact?.ContactPerson && p.First.Contact?.Address == p.Second.Contact?.Address);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PublicCollaborators_RoundTrip_WithoutContactDetails()
    {
        var c = Collaborator.Create(CollaboratorId.Parse("c-1"), "Yayasan \"Peduli\", Jakarta", CollaboratorCategory.LsmOmsPbbUniversitas, contact: ContactDetails.Create(phone: "+62 21 555"));
        var csv = Write<PublicCollaborator>(KsbbCsv.WritePublicCollaborators, [c.ToPublic()]);
        Assert.DoesNotContain("555", csv, StringComparison.Ordinal);
        Assert.Contains("\"Yayasan \"\"Peduli\"\", Jakarta\"", csv, StringComparison.Ordinal);
        var back = Assert.Single(KsbbCsv.ReadPublicCollaborators(new StringReader(csv)));
        Assert.Equal("Yayasan \"Peduli\", Jakarta", back.DisplayName);
    }

    [Fact]
    public void ReadNeeds_ColumnsInAnyOrderAndCase_BlankLinesAndSpacesIgnored()
    {
        var needs = KsbbCsv.ReadNeeds(new StringReader("Need, Period ,ITEM,unit\r\n\r\n 12 ,2020-11,pangan.paket-sembako,31.71.01.1001.005.003\r\n"));
        var need = Assert.Single(needs);
        Assert.Equal("31.71.01.1001.005.003 pangan.paket-sembako 2020-11: 12", need.ToString());
    }

    [Fact]
    public void ReadNeeds_QuotedFieldSpanningLines_NextErrorHasTheRightLine()
    {
        var csv = "unit,item,period,need\n\"31.71.01.1001.005.003\",pangan.paket-sembako,2020-11,1\n31.71.01.1001.005.004,pangan.paket-sembako,2020-13,2\n";
        var ex = Bad(KsbbCsv.ReadNeeds, csv);
        Assert.Equal(3, ex.Line);
        Assert.Equal(3, ex.Column);
        Assert.Equal("period", ex.ColumnName);
        Assert.StartsWith("in.csv, line 3, column 3 (period): ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, 0, "empty")]
    [InlineData("unit,item,period\n", 1, 0, "no 'need' column")]
    [InlineData("unit,item,period,need,extra\n", 1, 5, "unknown column 'extra'")]
    [InlineData("unit,item,period,need,unit\n", 1, 5, "appears twice")]
    [InlineData("unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-11\n", 2, 4, "3 fields but the header has 4")]
    [InlineData("unit,item,period,need\n31.71,pangan.paket-sembako,2020-11,x\n", 2, 4, "not a whole number")]
    [InlineData("unit,item,period,need\n31.71,pangan.paket-sembako,2020-11,-1\n", 2, 4, "not a whole number")]
    [InlineData("unit,item,period,need\n31.7,pangan.paket-sembako,2020-11,1\n", 2, 1, "31.7")]
    [InlineData("unit,item,period,need\n31.71,Pangan,2020-11,1\n", 2, 2, "Pangan")]
    [InlineData("unit,item,period,need\n31.71,pangan.beras,2020-11,1\n\n31.71,pangan.beras,2020-11,2\n", 4, 1, "repeats line 2")]
    [InlineData("unit,item,period,need\n,pangan.beras,2020-11,1\n", 2, 1, "empty")]
    public void ReadNeeds_BadInput_NamesLineAndColumn(string csv, int line, int column, string detail)
    {
        var ex = Bad(KsbbCsv.ReadNeeds, csv);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
        Assert.Equal("in.csv", ex.SourceName);
    }

    private const string PledgeHeader = "id,collaborator,item,quantity,period,pledged_at,via,origin_lon,origin_lat,areas\n";

    [Theory]
    [InlineData("o-1,c-1,pangan.beras,0,2020-11,2020-11-26T03:00:00Z,,,,\n", 4, "quantity", "1 or more")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,26/11/2020,,,,\n", 6, "pledged_at", "ISO 8601")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,106.8,,\n", 9, "origin_lat", "empty")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,106.8,-96,\n", 9, "origin_lat", "-90 to 90")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,agg-1,106.8,-6.2,\n", 8, "origin_lon", "no origin")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,agg-1,,,31.71\n", 10, "areas", "cannot name areas")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,,,31.71 3x\n", 10, "areas", "3x")]
    [InlineData("o 1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,,,\n", 1, "id", "contains ' '")]
    [InlineData("o-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,,,\no-1,c-2,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,,,\n", 1, "id", "repeats line 2")]
    public void ReadPledges_BadInput_NamesLineAndColumn(string rows, int column, string columnName, string detail)
    {
        var ex = Bad(KsbbCsv.ReadPledges, PledgeHeader + rows);
        Assert.Equal(rows.Count(c => c == '\n') + 1, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Equal(columnName, ex.ColumnName);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPledges_OptionalColumnsLeftOut_DirectPledgeToAnywhere()
    {
        var pledge = Assert.Single(KsbbCsv.ReadPledges(new StringReader("id,collaborator,item,quantity,period,pledged_at\no-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z\n")));
        Assert.Equal(PledgeChannel.Direct, pledge.Channel);
        Assert.Empty(pledge.Areas);
        Assert.Null(pledge.Origin);
        Assert.Equal(Instant.FromUtc(2020, 11, 26, 3, 0), pledge.PledgedAt);
    }

    [Theory]
    [InlineData("c-1,Ani,dermawan,,,,,,\n", 3, "unknown category 'dermawan'")]
    [InlineData("c-1,Ani,lembaga-usaha,universitas,,,,,\n", 2, "belongs to category")]
    [InlineData("c-1,Ani,perorangan,,maybe,,,,\n", 5, "not true or false")]
    [InlineData("c-1,,perorangan,,,,,,\n", 2, "empty")]
    public void ReadCollaborators_BadInput_NamesLineAndColumn(string row, int column, string detail)
    {
        var ex = Bad(KsbbCsv.ReadCollaborators, "id,name,category,sub_kind,publish_name,contact_person,phone,email,address\n" + row);
        Assert.Equal(2, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPublicCollaborators_ContactColumn_IsRefused()
    {
        var ex = Bad(KsbbCsv.ReadPublicCollaborators, "id,name,category,phone\nc-1,Ani,perorangan,+62 21 555\n");
        Assert.Equal(1, ex.Line);
        Assert.Equal(4, ex.Column);
        Assert.Contains("unknown column 'phone'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteNeedsHxl_HeaderThenHashtagRowThenRecords()
    {
        var need = Need.Create(RegionCode.Parse("31.71.01.1001.005.003"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-11"), 12);
        var kota = Need.Create(RegionCode.Parse("31.72"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-11"), 3);
        var lines = Write<Need>(KsbbCsv.WriteNeedsHxl, [need, kota]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("unit,kota,kecamatan,kelurahan,item,programme,period,need", lines[0].TrimEnd('\r'));
        Assert.Equal("#loc+code,#adm2+code,#adm3+code,#adm4+code,#item+code,#sector,#date+period,#targeted", lines[1].TrimEnd('\r'));
        Assert.Equal("31.71.01.1001.005.003,31.71,31.71.01,31.71.01.1001,pangan.paket-sembako,pangan,2020-11,12", lines[2].TrimEnd('\r'));
        Assert.Equal("31.72,31.72,,,pangan.paket-sembako,pangan,2020-11,3", lines[3].TrimEnd('\r'));
    }

    [Fact]
    public void WritePledgesHxl_TagsEveryColumn_LeavesOutTheOrigin()
    {
        var pledge = Pledge.Direct(PledgeId.Parse("o-1"), CollaboratorId.Parse("c-1"), ItemCode.Parse("pangan.beras"), 5, DistributionPeriod.Parse("2020-11"), Instant.FromUtc(2020, 11, 26, 3, 0), GeoPoint.Create(106.123456, -6.2), [RegionCode.Parse("31.71")]);
        var lines = Write<Pledge>(KsbbCsv.WritePledgesHxl, [pledge]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[0].Split(',').Length, lines[1].Split(',').Length);
        Assert.All(lines[1].TrimEnd('\r').Split(','), tag => Assert.StartsWith("#", tag, StringComparison.Ordinal));
        Assert.Equal("o-1,c-1,,pangan.beras,pangan,5,2020-11,2020-11-26T03:00:00Z,31.71", lines[2].TrimEnd('\r'));
        Assert.DoesNotContain("106.12", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void WritePublicCollaboratorsHxl_FormulaLikeNames_AreDefused()
    {
        var c = PublicCollaborator.Create(CollaboratorId.Parse("c-1"), "=HYPERLINK(\"x\")", CollaboratorCategory.LembagaUsaha);
        var lines = Write<PublicCollaborator>(KsbbCsv.WritePublicCollaboratorsHxl, [c]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#org+code,#org+name,#org+type,#org+type+sub", lines[1].TrimEnd('\r'));
        Assert.Equal("c-1,\"'=HYPERLINK(\"\"x\"\")\",lembaga-usaha,", lines[2].TrimEnd('\r'));
    }
}
