using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Documents;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Tests;

public class DocumentTests
{
    private static MemoryStream Utf8(string json) => new(Encoding.UTF8.GetBytes(json));

    private static T RoundTrip<T>(T value, Action<Stream, T> write, Func<Stream, T> read)
    {
        using var stream = new MemoryStream();
        write(stream, value);
        stream.Position = 0;
        return read(stream);
    }

    private static string Key(Need n) => $"{n.Unit}|{n.Item}|{n.Period}|{n.Quantity}";

    private static string Key(Pledge o) => $"{o.Id}|{o.Collaborator}|{o.Item}|{o.Quantity}|{o.Period}|{o.PledgedAt}|{o.Channel}|{o.Aggregator}|{o.Origin}|{string.Join(',', o.Areas)}";

    private static string Key(Aggregator a) => $"{a.Id}|{a.Name}|{a.Depot}|{a.Capacity}|{string.Join(',', a.ServiceAreas)}";

    private static string Key(Collaborator c) => $"{c.Id}|{c.Name}|{c.Category}|{c.SubKind}|{c.PublishName}|{c.Contact?.ContactPerson}|{c.Contact?.Phone}|{c.Contact?.Email}|{c.Contact?.Address}";


    private static string Key(Delivery d) => $"{d.Id}|{d.Collaborator}|{d.Unit}|{d.Item}|{d.Period}|{d.Quantity}|{d.DeliveredAt}|{d.Aggregator}|{d.Reservation}|{d.Channel}";

    [Fact]
    public void Property_NeedsRoundTrip() =>
        Prop.ForAll(Generators.Needs().ListOf().ToArbitrary(), needs =>
            RoundTrip<IReadOnlyList<Need>>([.. needs], KsbbDocuments.WriteNeeds, KsbbDocuments.ReadNeeds).Select(Key).SequenceEqual(needs.Select(Key)))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void Property_PledgesRoundTrip() =>
        Prop.ForAll(Generators.Pledges().ListOf().ToArbitrary(), pledges =>
            RoundTrip<IReadOnlyList<Pledge>>([.. pledges], KsbbDocuments.WritePledges, KsbbDocuments.ReadPledges).Select(Key).SequenceEqual(pledges.Select(Key)))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void Property_AggregatorsRoundTrip() =>
        Prop.ForAll(Generators.Aggregators().ListOf().ToArbitrary(), aggregators =>
            RoundTrip<IReadOnlyList<Aggregator>>([.. aggregators], KsbbDocuments.WriteAggregators, KsbbDocuments.ReadAggregators).Select(Key).SequenceEqual(aggregators.Select(Key)))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void Property_CollaboratorsRoundTrip() =>
        Prop.ForAll(Generators.Collaborators().ListOf().ToArbitrary(), collaborators =>
            RoundTrip<IReadOnlyList<Collaborator>>([.. collaborators], KsbbDocuments.WriteCollaborators, KsbbDocuments.ReadCollaborators).Select(Key).SequenceEqual(collaborators.Select(Key)))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void Property_PublicCollaboratorsRoundTripAndCarryNoContact() =>
        Prop.ForAll(Generators.Collaborators().ListOf().ToArbitrary(), collaborators =>
        {
            var views = collaborators.Select(c => c.ToPublic()).ToArray();
            using var stream = new MemoryStream();
            KsbbDocuments.WritePublicCollaborators(stream, views);
            var json = Encoding.UTF8.GetString(stream.ToArray());
            stream.Position = 0;
            var back = KsbbDocuments.ReadPublicCollaborators(stream);
            return !json.Contains("example.org", StringComparison.Ordinal) && !json.Contains("\"contact\"", StringComparison.Ordinal)
                && back.Select(v => $"{v.Id}|{v.DisplayName}|{v.Category}|{v.SubKind}").SequenceEqual(views.Select(v => $"{v.Id}|{v.DisplayName}|{v.Category}|{v.SubKind}"));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_DeliveriesRoundTrip() =>
        Prop.ForAll(Generators.Deliveries().ListOf().ToArbitrary(), deliveries =>
            RoundTrip<IReadOnlyList<Delivery>>([.. deliveries], KsbbDocuments.WriteDeliveries, KsbbDocuments.ReadDeliveries).Select(Key).SequenceEqual(deliveries.Select(Key)))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void AreaLists_RoundTrip()
    {
        var list = AreaList.Create("cap-2019",
        [
            AreaListEntry.Create(RegionCode.Parse("31.75.03.1002.004"), [Model.Catalog.ItemCode.Parse("permukiman.sanitasi")]),
            AreaListEntry.Create(RegionCode.Parse("31.71.01.1001.001"), []),
        ]);
        var back = Assert.Single(RoundTrip<IReadOnlyList<AreaList>>([list], KsbbDocuments.WriteAreaLists, KsbbDocuments.ReadAreaLists));
        Assert.Equal("cap-2019", back.Name);
        Assert.Equal(list.Entries.Select(e => $"{e.Area}:{string.Join(',', e.Items)}"), back.Entries.Select(e => $"{e.Area}:{string.Join(',', e.Items)}"));
    }

    [Fact]
    public void Needs_DocumentShape_IsTheContract()
    {
        var need = Need.Create(RegionCode.Parse("31.71.01.1001.002.003"), Model.Catalog.ItemCode.Parse("pangan.paket-sembako"), Model.Time.DistributionPeriod.Parse("2020-11"), 42);
        using var stream = new MemoryStream();
        KsbbDocuments.WriteNeeds(stream, [need]);
        var json = Encoding.UTF8.GetString(stream.ToArray()).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        Assert.Equal("{\"schema\":\"ksbb.needs/1\",\"needs\":[{\"unit\":\"31.71.01.1001.002.003\",\"item\":\"pangan.paket-sembako\",\"period\":\"2020-11\",\"need\":42}]}", json);
    }

    [Fact]
    public void Pledges_DocumentShape_MatchesTheAllocationContract()
    {
        const string Json = """
            { "schema": "ksbb.offers/1", "offers": [
              { "id": "o-1", "collaborator": "c-17", "item": "pangan.paket-sembako", "quantity": 300, "period": "2020-W18",
                "pledgedAt": "2020-04-27T02:00:00Z", "origin": [106.81, -6.21], "areas": ["31.71.01"] },
              { "id": "o-2", "collaborator": "c-18", "item": "pangan.paket-sembako", "quantity": 500, "period": "2020-05-01/2020-05-15",
                "pledgedAt": "2020-04-28T02:00:00.5Z", "via": "agg-1" } ] }
            """;
        var pledges = KsbbDocuments.ReadPledges(Utf8(Json));
        Assert.Equal(PledgeChannel.Direct, pledges[0].Channel);
        Assert.Equal(GeoPoint.Create(106.81, -6.21), pledges[0].Origin);
        Assert.True(pledges[0].Reaches(RegionCode.Parse("31.71.01.1001.005")));
        Assert.False(pledges[0].Reaches(RegionCode.Parse("31.72.01.1001")));
        Assert.Equal(PledgeChannel.Aggregator, pledges[1].Channel);
        Assert.Equal("agg-1", pledges[1].Aggregator!.Value.Value);
        Assert.Equal(Time.PeriodKind.DateRange, pledges[1].Period.Kind);
    }

    [Theory]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ { "unit": "31.71.01.1001.002.003", "item": "pangan.paket-sembako", "period": "2020-11", "need": 1 }, { "unit": "31.7", "item": "pangan.paket-sembako", "period": "2020-11", "need": 1 } ] }""",
        "$.needs[1].unit", "kota part '7' must have exactly 2 digits")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ { "unit": "31.71", "item": "pangan.paket-sembako", "period": "2020-11", "need": -3 } ] }""",
        "$.needs[0].need", "must be a whole number ≥ 0, not -3")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ { "unit": "31.71", "item": "pangan.paket-sembako", "period": "2020-13", "need": 3 } ] }""",
        "$.needs[0].period", "month 13 of year 2020 does not exist")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ { "unit": "31.71", "item": "pangan.paket-sembako", "need": 3 } ] }""",
        "$.needs[0].period", "required")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ { "unit": "31.71", "item": "pangan.paket-sembako", "period": "2020-11", "need": 2.5 } ] }""",
        "$.needs[0].need", "the value has the wrong JSON type; expected a whole number.")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ null ] }""", "$.needs[0]", "required")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": { } }""", "$.needs", "the value has the wrong JSON type; expected an array.")]
    [InlineData("""{ "schema": "ksbb.needs/1", "needs": [ 5 ] }""", "$.needs[0]", "the value has the wrong JSON type; expected an object.")]
    public void ReadNeeds_BadValue_ReportsThePath(string json, string path, string reason)
    {
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadNeeds(Utf8(json)));
        Assert.Equal(path, ex.Path);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "via": "agg-1", "areas": ["31.71"] }""", "$.offers[0].areas", "cannot name areas")]
    [InlineData("""{ "via": "agg-1", "origin": [106.8, -6.2] }""", "$.offers[0].origin", "has no origin")]
    [InlineData("""{ "origin": [206.8, -6.2] }""", "$.offers[0].origin", "Longitude must be")]
    [InlineData("""{ "origin": [106.8] }""", "$.offers[0].origin", "[longitude, latitude]")]
    [InlineData("""{ "quantity": 0 }""", "$.offers[0].quantity", "must be a whole number > 0, not 0")]
    [InlineData("""{ "pledgedAt": "2020-04-27 09:00" }""", "$.offers[0].pledgedAt", "ISO 8601 UTC")]
    [InlineData("""{ "collaborator": "c 17" }""", "$.offers[0].collaborator", "Collaborator id 'c 17' contains ' '")]
    [InlineData("""{ "via": "" }""", "$.offers[0].via", "Aggregator id cannot be empty")]
    public void ReadPledges_BadValue_ReportsThePath(string overrides, string path, string reason)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""{ "id": "o-1", "collaborator": "c-17", "item": "pangan.paket-sembako", "quantity": 3, "period": "2020-11", "pledgedAt": "2020-04-27T02:00:00Z" }""")!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overrides)!.AsObject())
        {
            node[key] = value?.DeepClone();
        }

        var json = $$"""{ "schema": "ksbb.offers/1", "offers": [ {{node.ToJsonString()}} ] }""";
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadPledges(Utf8(json)));
        Assert.Equal(path, ex.Path);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPublicCollaborators_WithContact_IsRefused()
    {
        const string Json = """{ "schema": "ksbb.collaborators-public/1", "collaborators": [ { "id": "c-1", "name": "X", "category": "perorangan", "contact": { "phone": "+62 21 5550 1234" } } ] }""";
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadPublicCollaborators(Utf8(Json)));
        Assert.Equal("$.collaborators[0].contact", ex.Path);
    }

    [Theory]
    [InlineData("""{ "id": "c-1", "name": "X", "category": "ngo" }""", "$.collaborators[0].category", "unknown category 'ngo'; expected one of perorangan, lembaga-usaha")]
    [InlineData("""{ "id": "c-1", "name": "X", "category": "lembaga-usaha", "subKind": "lsm" }""", "$.collaborators[0]", "sub-kind 'lsm' belongs to category 'lsm-oms-pbb-universitas'")]
    [InlineData("""{ "id": "c-1", "name": "X", "category": "perorangan", "contact": { "email": "nope" } }""", "$.collaborators[0].contact", "An e-mail address has one '@'")]
    [InlineData("""{ "id": "c-1", "category": "perorangan" }""", "$.collaborators[0].name", "required")]
    public void ReadCollaborators_BadValue_ReportsThePath(string item, string path, string reason)
    {
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadCollaborators(Utf8($$"""{ "schema": "ksbb.collaborators/1", "collaborators": [ {{item}} ] }""")));
        Assert.Equal(path, ex.Path);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongDocumentKind_IsRefusedAtTheSchema()
    {
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadPledges(Utf8("""{ "schema": "ksbb.needs/1", "needs": [] }""")));
        Assert.Equal("$.schema: 'ksbb.needs/1' is not a ksbb.offers document; expected \"ksbb.offers/1\".", ex.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex);
    }

    [Fact]
    public void Read_MalformedJson_ReportsWhere()
    {
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadNeeds(Utf8("""{ "schema": "ksbb.needs/1", "needs": [ { "unit": "31.71" "item": 1 } ] }""")));
        Assert.Equal("$.needs[0]", ex.Path);
        Assert.Contains("is invalid after a value", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(line 1, byte 58)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNeeds_BadCodeOnALaterLine_GivesPathLineAndByte()
    {
        var json = "{\n  \"schema\": \"ksbb.needs/1\",\n  \"needs\": [\n    { \"unit\": \"31.71.01.1001.002.003\", \"item\": \"pangan.paket-sembako\", \"period\": \"2020-11\", \"need\": 1 },\n"
            + "    {\n      \"item\": \"pangan.paket-sembako\",\n      \"period\": \"2020-11\",\n      \"need\": 1,\n      \"unit\": \"31.7\"\n    }\n  ]\n}";
        var ex = Assert.Throws<DocumentException>(() => KsbbDocuments.ReadNeeds(Utf8(json)));
        Assert.Equal("$.needs[1].unit: Region code '31.7': the kota part '7' must have exactly 2 digits. (line 9, byte 21)", ex.Message);
    }

    [Fact]
    public void Read_CommentsAndUnknownPropertiesAreAccepted()
    {
        var needs = KsbbDocuments.ReadNeeds(Utf8("""
            // exported by the kelurahan office
            { "schema": "ksbb.needs/1", "source": "musrenbang", "needs": [ { "unit": "3171011001002003", "item": "pangan.paket-sembako", "period": "2020-W18", "need": 7, "note": "x" } ] }
            """));
        Assert.Equal("31.71.01.1001.002.003", Assert.Single(needs).Unit.ToString());
    }
}
