using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;

namespace Ksbb.Geo.Tests;

public class BoundaryIndexTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    [Fact]
    public void Interior_Points_LocateToTheirSquare()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());

        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.True(index.TryLocate(106.805 + (c * 0.01), -6.195 + (r * 0.01), out var unit));
                Assert.Equal($"r{r}c{c}", unit.Key);
            }
        }
    }

    [Fact]
    public void PointOnSharedVerticalEdge_BelongsToTheEasternUnit()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());

        Assert.True(index.TryLocate(106.81, -6.195, out var unit));

        Assert.Equal("r0c1", unit.Key);
    }

    [Fact]
    public void PointOnSharedHorizontalEdge_BelongsToTheNorthernUnit()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());

        Assert.True(index.TryLocate(106.805, -6.19, out var unit));

        Assert.Equal("r1c0", unit.Key);
    }

    [Fact]
    public void SharedCorner_BelongsToTheNorthEasternUnit_AndOuterEdgesAreHalfOpen()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());

        Assert.Equal("r1c1", index.TryLocate(106.81, -6.19, out var corner) ? corner.Key : null);
        Assert.Equal("r0c0", index.TryLocate(106.80, -6.20, out var southWest) ? southWest.Key : null); // west and south edges are owned
        Assert.False(index.TryLocate(106.83, -6.185, out _)); // the east edge of the layer is not
        Assert.False(index.TryLocate(106.815, -6.17, out _)); // nor the north edge
    }

    [Fact]
    public void EveryPointOnEveryGridLine_BelongsToExactlyOneUnitInsideTheLayer()
    {
        var layer = SyntheticLayers.Grid3x3();
        var index = BoundaryIndex.Create(layer);
        var oracle = new NtsOracle(layer);

        for (var i = 0; i <= 300; i++)
        {
            foreach (var line in new[] { 0.0, 0.01, 0.02 })
            {
                var along = i * 0.0001;
                var onVertical = index.LocateIndex(106.80 + line, -6.20 + (along * 0.99999));
                var onHorizontal = index.LocateIndex(106.80 + (along * 0.99999), -6.20 + line);
                Assert.True(onVertical >= 0 && onHorizontal >= 0, $"grid line point {i} on line {line} found no unit");
                Assert.NotEqual(-1, oracle.Locate(106.80 + line, -6.20 + (along * 0.99999)));
            }
        }
    }

    [Fact]
    public void Hole_IsOutside_AndAUnitFillingTheHoleOwnsIt()
    {
        var shell = Ring(106.80, -6.20, 106.83, -6.17);
        var hole = Ring(106.81, -6.19, 106.82, -6.18);
        var donut = new BoundaryFeature("donut", default, "donut", Factory.CreatePolygon(shell, [hole]));
        var withoutFill = BoundaryIndex.Create(BoundaryLayer.Create("donut", [donut]));
        var withFill = BoundaryIndex.Create(BoundaryLayer.Create("filled", [donut, BoundaryFeature.FromRectangle("fill", default, "fill", 106.81, -6.19, 106.82, -6.18)]));

        Assert.False(withoutFill.TryLocate(106.815, -6.185, out _));
        Assert.Equal("donut", withoutFill.TryLocate(106.805, -6.185, out var ring) ? ring.Key : null);
        Assert.Equal("fill", withFill.TryLocate(106.815, -6.185, out var fill) ? fill.Key : null);
        Assert.Equal(Geodesy.AreaSquareMetres(donut.Geometry), withFill.Layer.Units.Single(u => u.Key == "donut").AreaSquareMetres);
    }

    [Fact]
    public void FeaturesSharingAKey_BecomeOneMultiPolygonUnit()
    {
        var layer = BoundaryLayer.Create("parts",
        [
            BoundaryFeature.FromRectangle("a", default, "A", 106.80, -6.20, 106.81, -6.19),
            BoundaryFeature.FromRectangle("b", default, "B", 106.81, -6.20, 106.82, -6.19),
            BoundaryFeature.FromRectangle("a", default, "A", 106.82, -6.20, 106.83, -6.19),
        ]);
        var index = BoundaryIndex.Create(layer);

        Assert.Equal(2, layer.Units.Count);
        var a = layer.Units.Single(u => u.Key == "a");
        Assert.IsType<MultiPolygon>(a.Geometry);
        Assert.Equal([0, 2], a.FeatureIndexes);
        Assert.Same(a, index.TryLocate(106.805, -6.195, out var west) ? west : null);
        Assert.Same(a, index.TryLocate(106.825, -6.195, out var east) ? east : null);
        Assert.Equal("b", index.TryLocate(106.815, -6.195, out var middle) ? middle.Key : null);
    }

    [Fact]
    public void SelfIntersectingBowtie_NeverThrows_AndFollowsTheEvenOddRule()
    {
        // A bow-tie: two triangles meeting at (106.81, -6.19).
        var bowtie = BoundaryFeature.FromPolygon("bowtie", default, "bowtie", [106.80, -6.20, 106.82, -6.18, 106.82, -6.20, 106.80, -6.18]);
        var index = BoundaryIndex.Create(BoundaryLayer.Create("bowtie", [bowtie]));
        var oracle = new NtsOracle(index.Layer);

        Assert.True(index.TryLocate(106.801, -6.19, out _)); // west triangle
        Assert.True(index.TryLocate(106.819, -6.19, out _)); // east triangle
        Assert.False(index.TryLocate(106.81, -6.181, out _)); // above the crossing, between the triangles
        var (xs, ys) = Square(20_000, 106.795, -6.205, 0.03, seed: 1);
        Assert.Empty(oracle.Compare(index, xs, ys).Failures);
    }

    [Fact]
    public void NonFiniteOrFarAwayPoints_AreInNoUnit()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());

        Assert.False(index.TryLocate(double.NaN, -6.19, out _));
        Assert.False(index.TryLocate(106.81, double.PositiveInfinity, out _));
        Assert.False(index.TryLocate(0, 0, out _));
        Assert.Equal(-1, index.LocateIndex(-180, 90));
    }

    [Fact]
    public void BatchAndParallelBatch_AgreeWithSingleLookups()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());
        var (xs, ys) = Square(50_000, 106.795, -6.205, 0.04, seed: 7);
        var single = xs.Select((x, i) => index.LocateIndex(x, ys[i])).ToArray();
        var batch = new int[xs.Length];
        var parallel = new int[xs.Length];

        var found = index.LocateMany(xs, ys, batch);
        var foundParallel = index.LocateManyParallel(xs, ys, parallel, maxDegreeOfParallelism: 4, TestContext.Current.CancellationToken);

        Assert.Equal(single, batch);
        Assert.Equal(single, parallel);
        Assert.Equal(single.Count(u => u >= 0), found);
        Assert.Equal(found, foundParallel);
        Assert.Throws<ArgumentException>(() => index.LocateMany(xs, ys.AsSpan(1), batch));
    }

    [Fact]
    public void Nearest_FindsTheClosestUnitWithinTheRadius_AndMeasuresHaversineMetres()
    {
        var index = BoundaryIndex.Create(SyntheticLayers.Grid3x3());
        // 0.001° east of the layer's east edge at latitude -6.185: on a sphere, two points on one parallel are
        // 2 R asin(cos φ sin(Δλ / 2)) apart (about 110.6 m), computed here, not by the library's haversine.
        var expected = 2 * GeoPoint.EarthRadiusMetres * Math.Asin(Math.Cos(-6.185 * Math.PI / 180) * Math.Sin(0.001 * Math.PI / 180 / 2));

        Assert.True(index.TryNearest(106.831, -6.185, 200, out var unit, out var metres));

        Assert.Equal("r1c2", unit.Key);
        Assert.Equal(expected, metres, 0.01);
        Assert.InRange(metres, 110, 111);
        Assert.Null(index.Nearest(106.831, -6.185, 100));
        Assert.True(index.TryNearest(106.805, -6.195, 0, out var inside, out var zero));
        Assert.Equal(("r0c0", 0.0), (inside.Key, zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Nearest(106.8, -6.2, -1));
    }

    [Fact]
    public void RepresentativePoints_LieInsideTheirUnits_EvenForAnLShape()
    {
        var l = BoundaryFeature.FromPolygon("L", default, "L", [106.80, -6.20, 106.83, -6.20, 106.83, -6.19, 106.81, -6.19, 106.81, -6.17, 106.80, -6.17]);
        var layer = BoundaryLayer.Create("l", [l, .. SyntheticLayers.Cells(1, 1, 106.81, -6.19, 0.02)]);
        var index = BoundaryIndex.Create(layer);

        foreach (var unit in layer.Units)
        {
            Assert.Same(unit, index.TryLocate(unit.RepresentativePoint.Longitude, unit.RepresentativePoint.Latitude, out var found) ? found : null);
        }
    }

    [Fact]
    public void Create_RejectsABadCellDensity() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BoundaryIndex.Create(SyntheticLayers.Grid3x3(), cellsPerUnit: 0));

    internal static (double[] Xs, double[] Ys) Square(int n, double west, double south, double size, int seed)
    {
        var random = new Random(seed);
        var xs = new double[n];
        var ys = new double[n];
        for (var i = 0; i < n; i++)
        {
            xs[i] = west + (random.NextDouble() * size);
            ys[i] = south + (random.NextDouble() * size);
        }

        return (xs, ys);
    }

    private static LinearRing Ring(double west, double south, double east, double north) =>
        Factory.CreateLinearRing([new(west, south), new(east, south), new(east, north), new(west, north), new(west, south)]);
}
