// Embedding the Ksbb allocation engine in a host: build the engine once (immutable, thread-safe), then allocate one
// item's pledges to the units in need and read the lines, the summary and an explanation.
using Ksbb.Allocation;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

var engine = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(2).Build();

// Four RWs of Kelurahan Gambir (31.71.01.1001) with their need of food packages in November 2020 and a point inside each.
var item = ItemCode.Parse("pangan.paket-sembako");
var november = DistributionPeriod.Parse("2020-11");
var pledgedAt = Instant.FromUtc(2020, 11, 2, 3, 0);
(RegionCode Rw, int Need, GeoPoint Point)[] rws =
[
    (RegionCode.Parse("31.71.01.1001.001"), 120, GeoPoint.Create(106.8166, -6.1702)),
    (RegionCode.Parse("31.71.01.1001.002"), 80, GeoPoint.Create(106.8213, -6.1731)),
    (RegionCode.Parse("31.71.01.1001.003"), 150, GeoPoint.Create(106.8260, -6.1765)),
    (RegionCode.Parse("31.71.01.1001.004"), 50, GeoPoint.Create(106.8302, -6.1789)),
];
var needs = rws.Select(r => Need.Create(r.Rw, item, november, r.Need)).ToArray();
var points = rws.ToDictionary(r => r.Rw, r => r.Point);

// A food bank (aggregator) with a depot and a capacity, serving the whole kelurahan.
var foodBank = Aggregator.Create(AggregatorId.Parse("agg-1"), "Bank Pangan Gambir", GeoPoint.Create(106.8190, -6.1750), capacity: 150, [RegionCode.Parse("31.71.01.1001")]);

// Two direct pledges (one restricted to RW 003 and 004) and one pledge through the food bank.
Pledge[] pledges =
[
    Pledge.Direct(PledgeId.Parse("o-1"), CollaboratorId.Parse("c-lembaga-usaha-7"), item, 100, november, pledgedAt, origin: GeoPoint.Create(106.8150, -6.1690)),
    Pledge.Direct(PledgeId.Parse("o-2"), CollaboratorId.Parse("c-perorangan-12"), item, 60, november, pledgedAt, areas: [RegionCode.Parse("31.71.01.1001.003"), RegionCode.Parse("31.71.01.1001.004")]),
    Pledge.ViaAggregator(PledgeId.Parse("o-3"), CollaboratorId.Parse("c-luar-negeri-2"), item, 200, november, pledgedAt, foodBank.Id),
];

// The one adapter from the domain's vocabulary to the engine's problem.
var problem = AllocationProblem.From(needs, unit => points[unit], pledges, [foodBank], AllocationPolicy.Default);
var result = engine.Allocate(problem);

Console.WriteLine($"need {problem.TotalNeed}, supply {problem.TotalSupply}");
foreach (var line in result.Allocations.OrderBy(l => l.Unit).ThenBy(l => l.Pledge))
{
    Console.WriteLine($"  {line.Pledge,-4} -> {line.Unit}  {line.Quantity,4}  ({line.Distance / 10.0:0.0} km)");   // distances are in hectometres
}

foreach (var need in needs)
{
    var received = result.ReceivedBy(need.Unit);
    Console.WriteLine($"  {need.Unit}: {received}/{need.Quantity} = {(double)received / need.Quantity:P0}");
}

var summary = result.Summary;
Console.WriteLine($"allocated {summary.Allocated}, unmet need {summary.UnmetNeed}, undistributed {summary.UndistributedSupply}, minimum fill rate {summary.MinimumFillRate:P0}");
foreach (var unallocated in result.Unallocated)
{
    Console.WriteLine($"  not allocated: {unallocated.Pledge} x{unallocated.Quantity} ({UnallocatedPledge.JsonName(unallocated.Reason)})");
}

var first = result.Allocations[0];
Console.WriteLine($"why: {result.Explain(first.Pledge, first.Unit).Text}");
