using FsCheck;
using FsCheck.Fluent;
using Ksbb.Allocation.Oracle;
using Ksbb.Allocation.Solver;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation.Tests;

/// <summary>
/// The online engine: after every change its total and cost equal OR-Tools' on the changed problem, its lines are
/// feasible, and it is deterministic. The changed problem is the test's own copy (<see cref="OnlineProblemCopy"/>: the
/// first problem with each change applied by the test), never the session's <see cref="OnlineAllocation.Problem"/>.
/// </summary>
public sealed class OnlineAllocationTests
{
    private static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void RandomChanges_MatchOrToolsAfterEveryChange()
    {
        // Every kind of change is applied and checked, each against the test's own copy of the problem.
        var applied = Enum.GetValues<AllocationChangeKind>().ToDictionary(k => k, _ => 0);
        var seeds = Gen.Choose(0, int.MaxValue).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(seeds, seed =>
        {
            var problem = RandomInstances.Create(seed);
            var session = AllocationEngine.Default.StartOnline(problem, Token);
            var copy = new OnlineProblemCopy(problem);
            AssertMatchesOracle(session, copy);
            foreach (var change in RandomChanges.Create(problem, seed, 12))
            {
                var update = Apply(session, copy, change);
                Assert.Equal(session.Allocated, update.Allocated);
                Assert.Equal(session.Cost, update.Cost);
                AssertMatchesOracle(session, copy);
            }

            foreach (var (kind, count) in copy.Applied)
            {
                applied[kind] += count;
            }
        }));

        Assert.All(applied, p => Assert.True(p.Value >= 20, $"only {p.Value} changes of kind {p.Key} were checked"));
    }

    [Fact]
    public void LongSequences_MatchOrToolsAndTheEngine()
    {
        for (var seed = 1; seed <= 6; seed++)
        {
            var problem = RandomInstances.Create(seed * 7919);
            var session = AllocationEngine.Default.StartOnline(problem, Token);
            var copy = new OnlineProblemCopy(problem);
            foreach (var change in RandomChanges.Create(problem, seed, 80))
            {
                Apply(session, copy, change);
                var scratch = AllocationEngine.Default.Allocate(copy.Problem, Token);
                Assert.Equal(scratch.Summary.Allocated, session.Allocated);
                Assert.Equal(scratch.Summary.Cost, session.Cost);
            }

            AssertMatchesOracle(session, copy);
        }
    }

    [Fact]
    public void ChangesPastThePivotBudget_SolveAnew_AndStayExact()
    {
        // Budget 0: a change that needs more than a fifth of the first solve's pivots is solved from scratch.
        var engine = new AllocationEngineBuilder().WithSolverOptions(SolverOptions.Default with { OnlineMinimumPivotBudget = 0 }).Build();
        for (var seed = 100; seed < 130; seed++)
        {
            var problem = RandomInstances.Create(seed);
            var session = engine.StartOnline(problem, Token);
            var copy = new OnlineProblemCopy(problem);
            foreach (var change in RandomChanges.Create(problem, seed, 15))
            {
                Apply(session, copy, change);
                AssertMatchesOracle(session, copy);
            }
        }
    }

    [Fact]
    public void ManyNewPledges_BeyondTheSpareSlots_StayExact()
    {
        var problem = RandomInstances.Create(Enumerable.Range(0, 1000).First(s => RandomInstances.Create(s) is { Units.Count: > 10, TotalNeed: > 100 }));
        var session = AllocationEngine.Default.StartOnline(problem, Token);
        var copy = new OnlineProblemCopy(problem);
        var random = new Random(5);
        for (var i = 0; i < 150; i++)
        {
            var unit = problem.Units[random.Next(problem.Units.Count)];
            Apply(session, copy, AllocationChange.AddPledge(SolverPledge.Direct($"n-{i}", "c", random.Next(1, 5), unit.Location, [unit.Code.Parent!.Value])));
            if (i % 30 == 29)
            {
                AssertMatchesOracle(session, copy);
            }
        }

        Assert.Equal(150, session.Version);
        AssertMatchesOracle(session, copy);
    }

    [Fact]
    public void PricedSetPruned_WithNewPledgesInIt_StaysExact()
    {
        // New pledges' arcs join the priced set and stay in it; the arcs that join at changed nodes make it grow until it is
        // pruned again, with new pledges present. Every change stays exact, before and after each pruning.
        var pruned = 0;
        for (var seed = 200; seed < 212; seed++)
        {
            var problem = RandomInstances.Create(seed);
            if (problem.Units.Count < 4 || problem.Pledges.Count == 0)
            {
                continue;
            }

            var session = AllocationEngine.Default.StartOnline(problem, Token);
            var copy = new OnlineProblemCopy(problem);
            var first = session.PricedSetPrunings;
            var random = new Random(seed);
            var added = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var unit = problem.Units[random.Next(problem.Units.Count)];
                var change = (i % 4) switch
                {
                    0 or 1 => AllocationChange.AddPledge(SolverPledge.Direct($"n-{i}", "c", random.Next(1, 40), unit.Location, [unit.Code.Parent!.Value.Parent!.Value])),
                    2 => AllocationChange.SetNeed(unit.Code, random.Next(3) == 0 ? 0 : random.Next(1, 60)),
                    _ => added.Count > 0 ? AllocationChange.RemovePledge(added[random.Next(added.Count)]) : AllocationChange.SetNeed(unit.Code, 7),
                };
                Apply(session, copy, change);
                if (change.Kind == AllocationChangeKind.AddPledge)
                {
                    added.Add(change.Pledge!.Id);
                }
                else if (change.Kind == AllocationChangeKind.RemovePledge)
                {
                    added.Remove(change.PledgeId!);
                }

                AssertMatchesOracle(session, copy);
            }

            pruned += session.PricedSetPrunings - first;
        }

        Assert.True(pruned > 0, "no change sequence grew the priced set enough to prune it");
    }

    [Fact]
    public void AllNeedRemoved_AllocatesNothing_AndNeedBackUpRefills()
    {
        var problem = RandomInstances.Create(Enumerable.Range(0, 1000).First(s => RandomInstances.Create(s) is { TotalNeed: > 50, TotalSupply: > 50 }));
        var session = AllocationEngine.Default.StartOnline(problem, Token);
        var copy = new OnlineProblemCopy(problem);
        Assert.True(session.Allocated > 0);
        foreach (var unit in problem.Units.Where(u => u.Need > 0))
        {
            Apply(session, copy, AllocationChange.SetNeed(unit.Code, 0));
            AssertMatchesOracle(session, copy);
        }

        Assert.Equal(0, session.Allocated);
        Assert.Empty(session.Result.Allocations);
        foreach (var unit in problem.Units.Where(u => u.Need > 0))
        {
            Apply(session, copy, AllocationChange.SetNeed(unit.Code, unit.Need));
            AssertMatchesOracle(session, copy);
        }

        Assert.Equal(AllocationEngine.Default.Allocate(problem, Token).Summary.Cost, session.Cost);
    }

    [Fact]
    public void PledgeCarryingEveryLine_Removed_OthersTakeOver()
    {
        // One big pledge covers every unit; a small far one covers the same units.
        var units = new[]
        {
            new SolverUnit(RegionCode.Parse("31.71.01.1001.001.001"), 10, GeoPoint.Create(106.80, -6.20)),
            new SolverUnit(RegionCode.Parse("31.71.01.1001.001.002"), 7, GeoPoint.Create(106.81, -6.21)),
            new SolverUnit(RegionCode.Parse("31.71.01.1001.002.001"), 0, GeoPoint.Create(106.82, -6.22)),
        };
        var pledges = new[]
        {
            SolverPledge.Direct("big", "c-1", 100, GeoPoint.Create(106.80, -6.20)),
            SolverPledge.Direct("far", "c-2", 9, GeoPoint.Create(106.95, -6.35)),
        };
        var problem = AllocationProblem.Create(Item, null, units, [], pledges);
        var session = AllocationEngine.Default.StartOnline(problem, Token);
        var copy = new OnlineProblemCopy(problem);
        Assert.All(session.Result.Allocations, l => Assert.Equal("big", l.Pledge.Value));
        Assert.Equal(17, session.Allocated);

        Apply(session, copy, AllocationChange.RemovePledge("big"));
        AssertMatchesOracle(session, copy);
        Assert.Equal(9, session.Allocated);
        Assert.All(session.Result.Allocations, l => Assert.Equal("far", l.Pledge.Value));

        Apply(session, copy, AllocationChange.SetNeed(units[2].Code, 5));
        Apply(session, copy, AllocationChange.SetQuantity("far", 30));
        AssertMatchesOracle(session, copy);
        Assert.Equal(22, session.Allocated);
    }

    [Fact]
    public void CapacityToZero_AndBack_MatchesOrTools()
    {
        var units = new[]
        {
            new SolverUnit(RegionCode.Parse("31.71.01.1001.001.001"), 40, GeoPoint.Create(106.80, -6.20)),
            new SolverUnit(RegionCode.Parse("31.72.01.1001.001.001"), 30, GeoPoint.Create(106.90, -6.10)),
        };
        var aggregators = new[] { new SolverAggregator("agg-1", GeoPoint.Create(106.85, -6.15), 50) };
        var pledges = new[]
        {
            SolverPledge.Via("v-1", "c-1", 35, "agg-1"),
            SolverPledge.Via("v-2", "c-2", 35, "agg-1"),
            SolverPledge.Direct("d-1", "c-3", 10, GeoPoint.Create(106.80, -6.20), [RegionCode.Parse("31.71")]),
        };
        var problem = AllocationProblem.Create(Item, null, units, aggregators, pledges);
        var session = AllocationEngine.Default.StartOnline(problem, Token);
        var copy = new OnlineProblemCopy(problem);
        Assert.Equal(60, session.Allocated);
        foreach (var capacity in new long[] { 0, 70, 5, 0, 200 })
        {
            Apply(session, copy, AllocationChange.SetCapacity("agg-1", capacity));
            AssertMatchesOracle(session, copy);
            Assert.Equal(Math.Min(Math.Min(capacity, 70) + 10, 70), session.Allocated);
        }
    }

    [Fact]
    public void SameChangesTwice_GiveTheSameBytes_OnOneThreadToo()
    {
        // With more than one thread the online layout is built beside the first solve; on one thread after it.
        var oneThread = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(1).Build();
        var twoThreads = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(2).Build();
        for (var seed = 10; seed < 30; seed++)
        {
            var problem = RandomInstances.Create(seed);
            var changes = RandomChanges.Create(problem, seed, 25);
            var bytes = Run(twoThreads);
            Assert.Equal(bytes, Run(twoThreads));
            Assert.Equal(bytes, Run(oneThread));

            string Run(AllocationEngine engine)
            {
                var session = engine.StartOnline(problem, Token);
                foreach (var change in changes)
                {
                    session.Apply(change, Token);
                }

                return Convert.ToBase64String(session.Result.ToUtf8Json());
            }
        }
    }

    [Fact]
    public void FirstSolveInParts_MatchesOrToolsAfterEveryChange_WithTheSameBytesWhateverTheParallelism()
    {
        // Problems that fall apart are solved part by part, and the online network takes the parts' trees over as one basis.
        var options = new SolverOptions(CoarseMinimumUnits: 1, CoarseMinimumGroupSize: 1, VectorPricing: true, ComponentMinimumUnits: 1);
        var oneThread = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(1).WithSolverOptions(options).Build();
        var twoThreads = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(2).WithSolverOptions(options).Build();
        var split = 0;
        for (var seed = 0; seed < 1500 && split < 40; seed++)
        {
            var problem = RandomInstances.Create(seed);
            if (ComponentMap.Split(problem, new ProblemIndex(problem)) is null)
            {
                continue;
            }

            split++;
            var session = twoThreads.StartOnline(problem, Token);
            var single = oneThread.StartOnline(problem, Token);
            var copy = new OnlineProblemCopy(problem);
            AssertMatchesOracle(session, copy);
            Assert.Equal(session.Pivots, single.Pivots);
            Assert.Equal(session.Result.ToUtf8Json(), single.Result.ToUtf8Json());
            foreach (var change in RandomChanges.Create(problem, seed, 10))
            {
                Apply(session, copy, change);
                single.Apply(change, Token);
                AssertMatchesOracle(session, copy);
                Assert.Equal(session.Result.ToUtf8Json(), single.Result.ToUtf8Json());
            }
        }

        Assert.True(split >= 40, $"only {split} instances fell apart; the test needs more");
    }

    [Fact]
    public void ScalarPricing_GivesTheSameBytesAfterEveryChange()
    {
        // The AVX2 loops (distance arcs, tier groups four at a time) only skip items that cannot improve: the same pivots.
        var scalar = new AllocationEngineBuilder().WithSolverOptions(SolverOptions.Default with { VectorPricing = false }).Build();
        for (var seed = 300; seed < 320; seed++)
        {
            var problem = RandomInstances.Create(seed);
            var vectorSession = AllocationEngine.Default.StartOnline(problem, Token);
            var scalarSession = scalar.StartOnline(problem, Token);
            foreach (var change in RandomChanges.Create(problem, seed, 20))
            {
                Assert.Equal(vectorSession.Apply(change, Token).Pivots, scalarSession.Apply(change, Token).Pivots);
                Assert.Equal(scalarSession.Result.ToUtf8Json(), vectorSession.Result.ToUtf8Json());
            }
        }
    }

    [Fact]
    public void PreviewPledge_LeavesTheSessionUnchanged_AndMatchesApplying()
    {
        for (var seed = 40; seed < 80; seed++)
        {
            var problem = RandomInstances.Create(seed);
            var changes = RandomChanges.Create(problem, seed, 10);
            var session = AllocationEngine.Default.StartOnline(problem, Token);
            var twin = AllocationEngine.Default.StartOnline(problem, Token);
            var copy = new OnlineProblemCopy(problem);
            var pledge = SolverPledge.Direct("pledge", "c-9", 25, GeoPoint.Create(106.8, -6.2));
            foreach (var change in changes)
            {
                var before = session.Result.ToUtf8Json();
                var preview = session.PreviewPledge(pledge, Token);
                Assert.Equal(before, session.Result.ToUtf8Json());

                // The preview is what applying the pledge gives; the lines it reports are those of the applied plan.
                var applied = AllocationEngine.Default.StartOnline(copy.Problem, Token);
                applied.Apply(AllocationChange.AddPledge(pledge), Token);
                Assert.Equal(applied.Cost, preview.After.Cost);
                Assert.Equal(applied.Allocated, preview.After.Allocated);
                Assert.Equal(preview.After.Allocated - preview.Before.Allocated, preview.Lines.Sum(l => l.Quantity) + preview.OtherChanges.Sum(c => c.After - c.Before));
                Assert.All(preview.Lines, l => Assert.Equal("pledge", l.Pledge.Value));

                // Previewing does not change what later changes give (same bytes as a session that never previewed).
                Apply(session, copy, change);
                twin.Apply(change, Token);
                Assert.Equal(twin.Result.ToUtf8Json(), session.Result.ToUtf8Json());
            }
        }
    }

    [Fact]
    public void Apply_RejectsChangesThatDoNotFit_AndChangesNothing()
    {
        var problem = RandomInstances.Create(Enumerable.Range(0, 1000).First(s => RandomInstances.Create(s) is { Pledges.Count: > 0, Aggregators.Count: > 0, Units.Count: > 0 }));
        var session = AllocationEngine.Default.StartOnline(problem, Token);
        var bytes = session.Result.ToUtf8Json();
        AssertPath("$.id", AllocationChange.RemovePledge("nope"));
        AssertPath("$.offer", AllocationChange.SetQuantity("nope", 3));
        AssertPath("$.unit", AllocationChange.SetNeed(RegionCode.Parse("31.79.01.1001.001.001"), 3));
        AssertPath("$.aggregator", AllocationChange.SetCapacity("nope", 3));
        AssertPath("$.offer.id", AllocationChange.AddPledge(SolverPledge.Direct(problem.Pledges[0].Id, "c", 3, null)));
        AssertPath("$.offer.via", AllocationChange.AddPledge(SolverPledge.Via("x", "c", 3, "nope")));
        Assert.Equal(0, session.Version);
        Assert.Equal(bytes, session.Result.ToUtf8Json());

        void AssertPath(string path, AllocationChange change) =>
            Assert.Equal(path, Assert.Throws<AllocationProblemException>(() => session.Apply(change, Token)).JsonPath);
    }

    [Theory]
    [InlineData("""{"op":"add-offer","offer":{"id":"o-9","collaborator":"c","quantity":5,"areas":["31.71"]}}""", AllocationChangeKind.AddPledge)]
    [InlineData("""{"op":"remove-offer","id":"o-1"}""", AllocationChangeKind.RemovePledge)]
    [InlineData("""{"op":"set-quantity","offer":"o-1","quantity":40}""", AllocationChangeKind.SetQuantity)]
    [InlineData("""{"op":"set-need","unit":"31.71.01.1001.005.003","need":0}""", AllocationChangeKind.SetNeed)]
    [InlineData("""{"op":"set-capacity","aggregator":"agg-1","capacity":500}""", AllocationChangeKind.SetCapacity)]
    public void Parse_ReadsEveryOp(string json, AllocationChangeKind kind) => Assert.Equal(kind, AllocationChange.Parse(json).Kind);

    [Theory]
    [InlineData("""{"op":"set-need","unit":"31.71.01.1001.005.003","need":-1}""", "$.need")]
    [InlineData("""{"op":"set-need","need":3}""", "$.unit")]
    [InlineData("""{"op":"set-capacity","aggregator":"agg-1"}""", "$.capacity")]
    [InlineData("""{"op":"explode"}""", "$.op")]
    [InlineData("""{"id":"o-1"}""", "$.op")]
    [InlineData("""{"op":"remove-offer"}""", "$.id")]
    [InlineData("""{"op":"set-quantity","offer":"o-1","quantity":0}""", "$.quantity")]
    [InlineData("""{"op":"add-offer","offer":{"id":"o-9","quantity":-5}}""", "$.offer.quantity")]
    [InlineData("""{"op":"add-offer","offer":{"id":"o-9","quantity":"x"}}""", "$.offer.quantity")]
    [InlineData("""{"op":"add-offer"}""", "$.offer")]
    [InlineData("""{"op":"set-need","unit":"31.71.01.1001.005.003","need":1.5}""", "$.need")]
    [InlineData("""{"op":""", "$")]
    public void Parse_NamesTheBadMember(string json, string path) =>
        Assert.StartsWith(path, Assert.Throws<AllocationProblemException>(() => AllocationChange.Parse(json)).JsonPath, StringComparison.Ordinal);

    // The change goes to the session and, separately, to the test's own copy of the problem.
    private static AllocationUpdate Apply(OnlineAllocation session, OnlineProblemCopy copy, AllocationChange change)
    {
        copy.Apply(change);
        return session.Apply(change, Token);
    }

    // OR-Tools solves the test's copy, not session.Problem: the session's lines are checked against the copy too.
    private static void AssertMatchesOracle(OnlineAllocation session, OnlineProblemCopy copy)
    {
        var problem = copy.Problem;
        var oracle = OrToolsOracle.Solve(problem);
        Assert.Equal(oracle.MaximumFlow, session.Allocated);
        Assert.Equal(oracle.OptimalCost, session.Cost);
        var result = session.Result;
        Assert.Equal(oracle.MaximumFlow, result.Summary.Allocated);
        Assert.Equal(oracle.OptimalCost, result.Summary.Cost);
        Feasibility.AssertFeasible(problem, result);
    }
}
