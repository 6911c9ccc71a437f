using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// <see cref="AllocationProblem.From"/>, the one adapter from Ksbb.Model's vocabulary: the same data as model types and as a
/// <c>ksbb.allocation-problem/1</c> document give the same result bytes, and what does not fit one problem is refused.
/// </summary>
public sealed class ModelAdapterTests
{
    private static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");
    private static readonly DistributionPeriod November = DistributionPeriod.Parse("2020-11");
    private static readonly Instant PledgedAt = Instant.FromUtc(2020, 11, 2, 3, 0);
    private static readonly RegionCode Rt3 = RegionCode.Parse("31.71.01.1001.002.003");
    private static readonly RegionCode Rt1 = RegionCode.Parse("31.73.01.1001.001.001");
    private static readonly Dictionary<RegionCode, GeoPoint> Places = new() { [Rt3] = GeoPoint.Create(106.8271, -6.1754), [Rt1] = GeoPoint.Create(106.75, -6.16) };
    private static readonly Aggregator FoodBank = Aggregator.Create(AggregatorId.Parse("agg-1"), "Bank Pangan", GeoPoint.Create(106.80, -6.20), 50000, [RegionCode.Parse("31.71"), RegionCode.Parse("31.73")]);

    private const string SameAsDocument = """
        {
          "schema": "ksbb.allocation-problem/1",
          "item": "pangan.paket-sembako",
          "units": [ { "code": "31.71.01.1001.002.003", "need": 42, "location": [106.8271, -6.1754] },
                     { "code": "31.73.01.1001.001.001", "need": 10, "location": [106.75, -6.16] } ],
          "aggregators": [ { "id": "agg-1", "depot": [106.80, -6.20], "capacity": 50000, "serviceAreas": ["31.71", "31.73"] } ],
          "offers": [
            { "id": "o-1", "collaborator": "c-17", "quantity": 30, "origin": [106.81, -6.21], "areas": ["31.71.01"] },
            { "id": "o-2", "collaborator": "c-18", "quantity": 15, "via": "agg-1" }
          ]
        }
        """;

    private static Pledge Direct(string id, long quantity, DistributionPeriod? period = null, ItemCode? item = null) =>
        Pledge.Direct(PledgeId.Parse(id), CollaboratorId.Parse("c-17"), item ?? Item, quantity, period ?? November, PledgedAt, GeoPoint.Create(106.81, -6.21), [RegionCode.Parse("31.71.01")]);

    private static Pledge Via(string id, long quantity) =>
        Pledge.ViaAggregator(PledgeId.Parse(id), CollaboratorId.Parse("c-18"), Item, quantity, November, PledgedAt, FoodBank.Id);

    private static Need[] Needs() => [Need.Create(Rt3, Item, November, 42), Need.Create(Rt1, Item, November, 10)];

    private static byte[] Bytes(AllocationResult result)
    {
        using var stream = new MemoryStream();
        result.WriteTo(stream);
        return stream.ToArray();
    }

    [Fact]
    public void From_ModelTypes_GiveTheSameResultAsTheDocument()
    {
        var engine = new AllocationEngineBuilder().Build();
        var fromModel = AllocationProblem.From(Needs(), u => Places[u], [Direct("o-1", 30), Via("o-2", 15)], [FoodBank]);
        var fromDocument = AllocationProblem.Parse(SameAsDocument);

        Assert.Equal((2, 2, 1), (fromModel.UnitCount, fromModel.PledgeCount, fromModel.AggregatorCount));
        Assert.Equal((fromDocument.TotalNeed, fromDocument.TotalSupply), (fromModel.TotalNeed, fromModel.TotalSupply));
        Assert.Equal(Bytes(engine.Allocate(fromDocument, cancellationToken: TestContext.Current.CancellationToken)), Bytes(engine.Allocate(fromModel, cancellationToken: TestContext.Current.CancellationToken)));
        Assert.Equal("agg-1", fromModel.Pledges[1].ViaAggregator);
        Assert.Equal([RegionCode.Parse("31.71.01")], fromModel.Pledges[0].Areas);
    }

    [Fact]
    public void From_AWeekPledgeInsideTheMonth_IsAllocated()
    {
        var week = DistributionPeriod.Parse("2020-W46");
        var problem = AllocationProblem.From(Needs(), u => Places[u], [Direct("o-1", 30, week)], []);
        Assert.Equal(30, new AllocationEngineBuilder().Build().Allocate(problem, cancellationToken: TestContext.Current.CancellationToken).Summary.Allocated);
    }

    [Fact]
    public void From_NeedsOfTwoPeriods_AreRefusedNamingTheNeed()
    {
        Need[] needs = [Need.Create(Rt3, Item, November, 42), Need.Create(Rt1, Item, DistributionPeriod.Parse("2020-12"), 10)];
        var ex = Assert.Throws<AllocationProblemException>(() => AllocationProblem.From(needs, u => Places[u], [], []));
        Assert.Equal("$.needs[1].item", ex.JsonPath);
    }

    [Fact]
    public void From_AnPledgeOfAnotherItemOrPeriod_IsRefusedNamingThePledge()
    {
        var other = Direct("o-9", 5, item: ItemCode.Parse("pangan.paket-lebaran"));
        Assert.Equal("$.offers[1].item", Assert.Throws<AllocationProblemException>(() => AllocationProblem.From(Needs(), u => Places[u], [Direct("o-1", 3), other], [])).JsonPath);
        var december = Direct("o-9", 5, DistributionPeriod.Parse("2020-12"));
        Assert.Equal("$.offers[0].item", Assert.Throws<AllocationProblemException>(() => AllocationProblem.From(Needs(), u => Places[u], [december], [])).JsonPath);
    }

    [Fact]
    public void From_AnUnknownAggregatorOrDuplicatePledge_IsRefused()
    {
        Assert.Equal("$.offers[0].via", Assert.Throws<AllocationProblemException>(() => AllocationProblem.From(Needs(), u => Places[u], [Via("o-2", 5)], [])).JsonPath);
        Assert.Equal("$.offers[1].id", Assert.Throws<AllocationProblemException>(() => AllocationProblem.From(Needs(), u => Places[u], [Direct("o-1", 3), Direct("o-1", 4)], [])).JsonPath);
    }

    [Fact]
    public void From_NoNeeds_IsRefused() =>
        Assert.Equal("$.needs", Assert.Throws<AllocationProblemException>(() => AllocationProblem.From([], u => Places[u], [Direct("o-1", 3)], [])).JsonPath);
}
