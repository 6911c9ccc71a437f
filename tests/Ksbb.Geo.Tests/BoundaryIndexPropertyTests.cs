using FsCheck;
using FsCheck.Fluent;

namespace Ksbb.Geo.Tests;

/// <summary>Properties against the NetTopologySuite oracle on random layers: overlapping and self-intersecting
/// polygons and random tilings, with no data files.</summary>
public class BoundaryIndexPropertyTests
{
    [Fact]
    public void RandomPolygons_IncludingOverlappingAndSelfIntersecting_AgreeWithTheOracle()
    {
        var gen = Gen.Choose(1, int.MaxValue - 1);
        Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var features = new List<BoundaryFeature>();
            var count = random.Next(1, 12);
            for (var i = 0; i < count; i++)
            {
                // Random quadrilaterals and pentagons in a 0.05° box: some convex, some overlapping, some bow-ties.
                var vertices = random.Next(3, 6);
                var coordinates = new double[vertices * 2];
                for (var v = 0; v < vertices; v++)
                {
                    coordinates[2 * v] = 106.80 + (random.NextDouble() * 0.05);
                    coordinates[(2 * v) + 1] = -6.20 + (random.NextDouble() * 0.05);
                }

                features.Add(BoundaryFeature.FromPolygon($"u{i}", default, $"unit {i}", coordinates));
            }

            var layer = BoundaryLayer.Create("random", features);
            var index = BoundaryIndex.Create(layer, cellsPerUnit: 1 + random.Next(512));
            var (xs, ys) = BoundaryIndexTests.Square(3_000, 106.79, -6.21, 0.07, seed);
            var (failures, _) = new NtsOracle(layer).Compare(index, xs, ys);
            return failures.Count == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomTilings_GiveEveryPointInsideExactlyOneUnit_AndAgreeWithTheOracle()
    {
        var gen = Gen.Choose(1, int.MaxValue - 1);
        Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            // Irregular column and row cuts: rectangles sharing edges exactly, with random sizes.
            var xCuts = Cuts(random, 106.80, 0.04);
            var yCuts = Cuts(random, -6.20, 0.04);
            var features = new List<BoundaryFeature>();
            for (var c = 0; c + 1 < xCuts.Length; c++)
            {
                for (var r = 0; r + 1 < yCuts.Length; r++)
                {
                    features.Add(BoundaryFeature.FromRectangle($"c{c}r{r}", default, "cell", xCuts[c], yCuts[r], xCuts[c + 1], yCuts[r + 1]));
                }
            }

            var layer = BoundaryLayer.Create("tiling", features);
            var index = BoundaryIndex.Create(layer);
            var (xs, ys) = BoundaryIndexTests.Square(2_000, xCuts[0], yCuts[0], 0.04 * 0.999999, seed);
            // Points exactly on the cuts too: the half-open rule must still give exactly one unit.
            var onCuts = xCuts.Take(xCuts.Length - 1).SelectMany(x => yCuts.Take(yCuts.Length - 1).Select(y => (x, y))).ToArray();
            var inside = xs.Select((x, i) => index.LocateIndex(x, ys[i])).All(u => u >= 0) && onCuts.All(p => index.LocateIndex(p.x, p.y) >= 0);
            return inside && new NtsOracle(layer).Compare(index, xs, ys).Failures.Count == 0;
        }).QuickCheckThrowOnFailure();
    }

    private static double[] Cuts(Random random, double start, double size)
    {
        var n = random.Next(1, 8);
        return [start, .. Enumerable.Range(0, n - 1).Select(_ => start + (random.NextDouble() * size)).Distinct().Order(), start + size];
    }
}
