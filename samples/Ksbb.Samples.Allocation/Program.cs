// Embedding the Ksbb allocation engine in a host: build the engine once (immutable, thread-safe), then allocate one
// item's offers to the units in need and read the lines, the summary and an explanation.
using Ksbb.Allocation;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;

var engine = new AllocationEngineBuilder().WithMaxDegreeOfParallelism(2).Build();

// Four RWs of Kelurahan Gambir (31.71.01.1001) with their need of food packages and a point inside each.
AllocationUnit[] units =
[
    new(RegionCode.Parse("31.71.01.1001.001"), need: 120, GeoPoint.Create(106.8166, -6.1702)),
    new(RegionCode.Parse("31.71.01.1001.002"), need: 80, GeoPoint.Create(106.8213, -6.1731)),
    new(RegionCode.Parse("31.71.01.1001.003"), need: 150, GeoPoint.Create(106.8260, -6.1765)),
    new(RegionCode.Parse("31.71.01.1001.004"), need: 50, GeoPoint.Create(106.8302, -6.1789)),
];

// A food bank (aggregator) with a depot and a capacity, serving the whole kelurahan.
Aggregator[] aggregators = [new("agg-1", GeoPoint.Create(106.8190, -6.1750), capacity: 150, [RegionCode.Parse("31.71.01.1001")])];

// Two direct pledges (one restricted to RW 003 and 004) and one pledge through the food bank.
Offer[] offers =
[
    Offer.Direct("o-1", "c-lembaga-usaha-7", quantity: 100, origin: GeoPoint.Create(106.8150, -6.1690)),
    Offer.Direct("o-2", "c-perorangan-12", quantity: 60, origin: null, areas: [RegionCode.Parse("31.71.01.1001.003"), RegionCode.Parse("31.71.01.1001.004")]),
    Offer.Via("o-3", "c-luar-negeri-2", quantity: 200, via: "agg-1"),
];

var problem = AllocationProblem.Create(ItemCode.Parse("pangan.paket-sembako"), AllocationPolicy.Default, units, aggregators, offers);
var result = engine.Allocate(problem);

Console.WriteLine($"need {problem.TotalNeed}, supply {problem.TotalSupply}");
foreach (var line in result.Allocations.OrderBy(l => l.Unit).ThenBy(l => l.Offer, StringComparer.Ordinal))
{
    Console.WriteLine($"  {line.Offer,-4} -> {line.Unit}  {line.Quantity,4}  ({line.Distance / 10.0:0.0} km)");   // distances are in hectometres
}

foreach (var unit in units)
{
    var received = result.ReceivedBy(unit.Code);
    Console.WriteLine($"  {unit.Code}: {received}/{unit.Need} = {(double)received / unit.Need:P0}");
}

var summary = result.Summary;
Console.WriteLine($"allocated {summary.Allocated}, unmet need {summary.UnmetNeed}, undistributed {summary.UndistributedSupply}, minimum fill rate {summary.MinimumFillRate:P0}");
foreach (var unallocated in result.Unallocated)
{
    Console.WriteLine($"  not allocated: {unallocated.Offer} x{unallocated.Quantity} ({UnallocatedOffer.JsonName(unallocated.Reason)})");
}

var first = result.Allocations[0];
Console.WriteLine($"why: {result.Explain(first.Offer, first.Unit).Text}");
