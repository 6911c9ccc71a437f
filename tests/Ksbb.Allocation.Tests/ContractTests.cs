using System.Text;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>The JSON contract: the issue's example reads, bad input names its JSON path, results are deterministic.</summary>
public sealed class ContractTests
{
    internal const string Example = """
        {
          "schema": "ksbb.allocation-problem/1",
          "item": "pangan.paket-sembako",
          "policy": { "fairnessWeight": 1000, "fillRateTiers": 100 },
          "units": [ { "code": "31.71.01.1001.002.003", "need": 42, "location": [106.8271, -6.1754] },
                     { "code": "31.73.01.1001.001.001", "need": 10, "location": [106.75, -6.16] } ],
          "aggregators": [ { "id": "agg-1", "depot": [106.80, -6.20], "capacity": 50000, "serviceAreas": ["31.71", "31.73"] } ],
          "offers": [
            { "id": "o-1", "collaborator": "c-17", "quantity": 300, "origin": [106.81, -6.21], "areas": ["31.71.01"] },
            { "id": "o-2", "collaborator": "c-18", "quantity": 500, "via": "agg-1" }
          ]
        }
        """;

    [Fact]
    public void Parse_IssueExample_ReadsEveryField()
    {
        var problem = AllocationProblem.Parse(Example);
        Assert.Equal(ItemCode.Parse("pangan.paket-sembako"), problem.Item);
        Assert.Equal(1000, problem.Policy.FairnessWeight);
        Assert.Equal(2, problem.Units.Count);
        Assert.Equal(RegionCode.Parse("31.71.01.1001.002.003"), problem.Units[0].Code);
        Assert.Equal(GeoPoint.Create(106.8271, -6.1754), problem.Units[0].Location);
        Assert.Equal("agg-1", problem.Pledges[1].ViaAggregator);
        Assert.Equal([RegionCode.Parse("31.71.01")], problem.Pledges[0].Areas);
        Assert.Equal(52, problem.TotalNeed);
        Assert.Equal(800, problem.TotalSupply);
    }

    [Fact]
    public void Parse_PolicyOmitted_UsesDefaults()
    {
        var problem = AllocationProblem.Parse(Example.Replace("\"policy\": { \"fairnessWeight\": 1000, \"fillRateTiers\": 100 },", string.Empty, StringComparison.Ordinal));
        Assert.Equal(1000, problem.Policy.FairnessWeight);
        Assert.Equal(100, problem.Policy.FillRateTiers);
    }

    [Theory]
    [InlineData("\"ksbb.allocation-problem/1\"", "\"ksbb.allocation-problem/2\"", "$.schema")]
    [InlineData("\"quantity\": 300", "\"quantity\": 0", "$.offers[0].quantity")]
    [InlineData("\"quantity\": 300", "\"quantity\": -5", "$.offers[0].quantity")]
    [InlineData("\"need\": 42", "\"need\": -1", "$.units[0].need")]
    [InlineData("\"capacity\": 50000", "\"capacity\": -1", "$.aggregators[0].capacity")]
    [InlineData("\"via\": \"agg-1\"", "\"via\": \"agg-9\"", "$.offers[1].via")]
    [InlineData("\"via\": \"agg-1\"", "\"via\": \"agg-1\", \"areas\": [\"31.71\"]", "$.offers[1].areas")]
    [InlineData("\"id\": \"o-2\"", "\"id\": \"o-1\"", "$.offers[1].id")]
    [InlineData("\"id\": \"o-2\"", "\"id\": \"o 2\"", "$.offers[1].id")]
    [InlineData("\"code\": \"31.73.01.1001.001.001\"", "\"code\": \"31.71.01.1001.002.003\"", "$.units[1].code")]
    [InlineData("[106.8271, -6.1754]", "[186.8271, -6.1754]", "$.units[0].location")]
    [InlineData("[106.8271, -6.1754]", "[106.8271, -96.1754]", "$.units[0].location")]
    [InlineData("[106.81, -6.21]", "[106.81]", "$.offers[0].origin")]
    [InlineData("\"31.71.01\"]", "\"31.7x\"]", "$.offers[0].areas[0]")]
    [InlineData("\"need\": 42", "\"need\": 99999999999999999999", "$.units[0].need")]
    [InlineData("\"need\": 42", "\"need\": \"many\"", "$.units[0].need")]
    [InlineData("\"pangan.paket-sembako\"", "\"Pangan\"", "$.item")]
    [InlineData("\"fillRateTiers\": 100", "\"fillRateTiers\": 0", "$.policy.fillRateTiers")]
    public void Parse_BadInput_NamesTheJsonPath(string from, string to, string path)
    {
        var json = Example.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Example, json);
        var ex = Assert.Throws<AllocationProblemException>(() => AllocationProblem.Parse(json));
        Assert.Equal(path, ex.JsonPath);
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TotalsThatOverflow_AreRejected()
    {
        var item = ItemCode.Parse("pangan.paket-sembako");
        var units = new[] { new SolverUnit(RegionCode.Parse("31.71.01.1001.001.001"), long.MaxValue - 1, GeoPoint.Create(106.8, -6.2)),
                            new SolverUnit(RegionCode.Parse("31.71.01.1001.001.002"), 10, GeoPoint.Create(106.8, -6.2)) };
        var ex = Assert.Throws<AllocationProblemException>(() => AllocationProblem.Create(item, null, units, [], []));
        Assert.Equal("$.units[1].need", ex.JsonPath);

        var big = new[] { new SolverUnit(RegionCode.Parse("31.71.01.1001.001.001"), long.MaxValue / 2, GeoPoint.Create(106.8, -6.2)) };
        var pledge = SolverPledge.Direct("o", "c", long.MaxValue / 2, null);
        Assert.Equal("$", Assert.Throws<AllocationProblemException>(() => AllocationProblem.Create(item, null, big, [], [pledge])).JsonPath);
    }

    [Fact]
    public void Allocate_SameProblem_SameBytesWhateverTheParallelism()
    {
        var problem = RandomInstances.Create(12345);
        var one = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(1).Build().Allocate(problem, TestContext.Current.CancellationToken).ToUtf8Json();
        var two = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(2).Build().Allocate(problem, TestContext.Current.CancellationToken).ToUtf8Json();
        var again = AllocationEngine.Default.Allocate(AllocationProblem.Parse(Encoding.UTF8.GetBytes(Example)), TestContext.Current.CancellationToken);
        Assert.Equal(one, two);
        Assert.Equal(again.ToUtf8Json(), AllocationEngine.Default.Allocate(AllocationProblem.Parse(Example), TestContext.Current.CancellationToken).ToUtf8Json());
        Assert.Contains("\"schema\": \"ksbb.allocation-result/1\"", Encoding.UTF8.GetString(again.ToUtf8Json()), StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_ReportsProgressAndHonoursCancellation()
    {
        var problem = RandomInstances.Create(777);
        var stages = new List<AllocationStage>();
        var engine = new AllocationEngineBuilder().WithProgressInterval(1).Build();
        var result = engine.Allocate(problem, new SyncProgress(p => stages.Add(p.Stage)), TestContext.Current.CancellationToken);
        // One report when solving starts, then one per pivot (interval 1), across every sifting round.
        Assert.Equal(result.Pivots + 1, stages.Count(s => s == AllocationStage.Solving));
        Assert.Equal(AllocationStage.Building, stages[0]);
        Assert.Equal(AllocationStage.Completed, stages[^1]);
        Assert.Contains(AllocationStage.Solving, stages);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Allocate(problem, cancelled.Token));
    }

    [Fact]
    public void Unallocated_ReasonsAreGiven()
    {
        var item = ItemCode.Parse("pangan.paket-sembako");
        var here = GeoPoint.Create(106.8, -6.2);
        var units = new[] { new SolverUnit(RegionCode.Parse("31.71.01.1001.001.001"), 5, here) };
        var aggregators = new[] { new SolverAggregator("agg", here, 2, [RegionCode.Parse("31.71")]) };
        var pledges = new[]
        {
            SolverPledge.Direct("nowhere", "c", 4, here, [RegionCode.Parse("31.75")]),
            SolverPledge.Via("via", "c", 10, "agg"),
            SolverPledge.Direct("late", "c", 9, GeoPoint.Create(106.9, -6.2), [RegionCode.Parse("31.71.01")]),
        };
        var result = AllocationEngine.Default.Allocate(AllocationProblem.Create(item, null, units, aggregators, pledges), TestContext.Current.CancellationToken);
        Assert.Equal(5, result.Summary.Allocated);
        var reasons = result.Unallocated.ToDictionary(u => u.Pledge.Value, u => u.Reason);
        Assert.Equal(UnallocatedReason.NoEligibleUnit, reasons["nowhere"]);
        Assert.Equal(UnallocatedReason.AggregatorAtCapacity, reasons["via"]);
        Assert.Equal(UnallocatedReason.EveryEligibleUnitFull, reasons["late"]);
        Assert.Equal(1.0, result.Summary.MinimumFillRate);
    }

    [Fact]
    public void Explain_NearerFullUnit_SaysSo()
    {
        var item = ItemCode.Parse("pangan.paket-sembako");
        var units = new[]
        {
            new SolverUnit(RegionCode.Parse("31.71.01.1001.001.001"), 4, GeoPoint.Create(106.80, -6.20)),
            new SolverUnit(RegionCode.Parse("31.71.01.1001.001.002"), 4, GeoPoint.Create(106.85, -6.20)),
        };
        var pledges = new[] { SolverPledge.Direct("o", "c", 6, GeoPoint.Create(106.80, -6.20)) };
        var result = AllocationEngine.Default.Allocate(AllocationProblem.Create(item, new AllocationPolicy(0, 1), units, [], pledges), TestContext.Current.CancellationToken);
        // Distance only: the near unit is filled first, the far one gets the rest.
        Assert.Equal(4, result.ReceivedBy(units[0].Code));
        var explanation = result.Explain(Ksbb.Model.Pledges.PledgeId.Parse("o"), units[1].Code);
        Assert.Equal(0.0, explanation.FillRateBefore);
        Assert.Equal(0.5, explanation.FillRateAfter);
        Assert.NotNull(explanation.Nearer);
        Assert.True(explanation.Nearer!.IsFull);
        Assert.Contains("already receives its full need", explanation.Text, StringComparison.Ordinal);
        Assert.Equal(OracleDistance(units[0], units[1]), explanation.Distance);
    }

    [Fact]
    public void Policy_TiersCoverTheNeedAndMatchTheFormula()
    {
        foreach (var tiers in new[] { 1, 3, 100 })
        {
            var policy = new AllocationPolicy(7, tiers);
            foreach (var need in new long[] { 1, 2, 17, 99, 100, 101, 1234 })
            {
                Assert.Equal(need, policy.Tiers(need).Sum(t => t.Count));
                long naive = 0;
                for (long k = 1; k <= need; k++)
                {
                    naive += 7 * (tiers * (k - 1) / need);
                }

                Assert.Equal(naive, policy.FairnessCost(need, need));
            }
        }
    }

    [Fact]
    public void Distance_IsHaversineInHectometres()
    {
        // Monas to Bundaran HI is about 2.3 km.
        var d = Solver.Geodesy.Hectometres(GeoPoint.Create(106.8272, -6.1754), GeoPoint.Create(106.8230, -6.1950));
        Assert.Equal(Oracle.OrToolsOracle.Haversine(GeoPoint.Create(106.8272, -6.1754), GeoPoint.Create(106.8230, -6.1950)), d);
        Assert.InRange(d, 21, 23);
    }

    private static long OracleDistance(SolverUnit from, SolverUnit to) => Oracle.OrToolsOracle.Haversine(from.Location, to.Location);

    private sealed class SyncProgress(Action<AllocationProgress> report) : IProgress<AllocationProgress>
    {
        public void Report(AllocationProgress value) => report(value);
    }
}
