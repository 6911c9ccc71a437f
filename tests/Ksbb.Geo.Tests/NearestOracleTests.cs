using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Ksbb.Geo.Tests;

/// <summary>
/// The nearest-unit search (<see cref="BoundaryIndex.TryNearest"/>) against an independent oracle: a brute-force scan
/// of every unit with NetTopologySuite's <see cref="DistanceOp"/> (nearest boundary point in a local frame around the
/// query, scaled by the cosine of its latitude) and a haversine written here, on random layers of separate polygons
/// with gaps between them.
/// </summary>
public sealed class NearestOracleTests
{
    private const double Tolerance = 1e-3; // metres

    [Fact]
    public void RandomLayersAndPoints_NearestAgreesWithABruteForceNtsScan()
    {
        var gen = Gen.Choose(1, int.MaxValue - 1);
        Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var layer = ScatteredPolygons(random);
            var index = BoundaryIndex.Create(layer, cellsPerUnit: 1 + random.Next(256));
            var maxMetres = 200 + (random.NextDouble() * 2000);
            for (var i = 0; i < 150; i++)
            {
                var lon = 106.79 + (random.NextDouble() * 0.07);
                var lat = -6.21 + (random.NextDouble() * 0.07);
                var (expectedUnit, expected) = Oracle(layer, lon, lat);
                var found = index.TryNearest(lon, lat, maxMetres, out var unit, out var metres);
                if (expected > maxMetres + Tolerance)
                {
                    Assert.False(found, $"({lon}, {lat}): found {unit} at {metres} m, but the nearest unit is {expected} m away (radius {maxMetres} m)");
                }
                else if (expected < maxMetres - Tolerance)
                {
                    Assert.True(found, $"({lon}, {lat}): nothing found, but unit {expectedUnit} is {expected} m away (radius {maxMetres} m)");
                    Assert.InRange(metres, expected - Tolerance, expected + Tolerance);
                    // Ties: the unit found must itself be at the nearest distance.
                    Assert.InRange(Metres(unit!, lon, lat), expected - Tolerance, expected + Tolerance);
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DistanceToAGivenUnit_AgreesWithTheBruteForceNtsOracle_AndIsZeroInside()
    {
        var gen = Gen.Choose(1, int.MaxValue - 1);
        Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var layer = ScatteredPolygons(random);
            for (var i = 0; i < 60; i++)
            {
                var lon = 106.79 + (random.NextDouble() * 0.07);
                var lat = -6.21 + (random.NextDouble() * 0.07);
                foreach (var unit in layer.Units)
                {
                    var expected = Metres(unit, lon, lat);
                    Assert.InRange(unit.DistanceMetres(lon, lat), expected - Tolerance, expected + Tolerance);
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void UnitOrAncestor_FindsTheCodeItself_OrTheNearestAncestorTheLayerHolds()
    {
        var rw = RegionCode.Parse("31.71.01.1001.005");
        var layer = BoundaryLayer.Create("rw", [BoundaryFeature.FromPolygon("rw5", rw, "RW 05", [106.80, -6.20, 106.81, -6.20, 106.81, -6.19, 106.80, -6.19])]);

        Assert.True(layer.TryGetUnitOrAncestor(rw, out var same));
        Assert.Equal(rw, same.Code);
        Assert.True(layer.TryGetUnitOrAncestor(RegionCode.ForRt(rw, 3), out var parent));
        Assert.Equal(rw, parent.Code);
        Assert.False(layer.TryGetUnitOrAncestor(RegionCode.Parse("31.71.01.1001.006.003"), out _));
        Assert.False(layer.TryGetUnitOrAncestor(RegionCode.Parse("31.71.01.1001"), out _));
        Assert.Equal(0, parent.DistanceMetres(106.805, -6.195));
    }

    /// <summary>Up to 12 convex polygons, each in its own 0.012° cell of a 4 × 4 grid, so they never overlap and leave gaps.</summary>
    private static BoundaryLayer ScatteredPolygons(Random random)
    {
        var features = new List<BoundaryFeature>();
        var cells = Enumerable.Range(0, 16).OrderBy(_ => random.Next()).Take(random.Next(1, 13)).ToList();
        foreach (var cell in cells)
        {
            var cx = 106.80 + ((cell % 4) * 0.012) + 0.006;
            var cy = -6.20 + ((cell / 4) * 0.012) + 0.006;
            // A convex polygon: vertices on a circle at increasing angles, with random radii within the cell.
            var vertices = random.Next(3, 8);
            var angles = Enumerable.Range(0, vertices).Select(_ => random.NextDouble() * 2 * Math.PI).Order().ToArray();
            var radius = 0.001 + (random.NextDouble() * 0.004);
            var coordinates = angles.SelectMany(a => new[] { cx + (radius * Math.Cos(a)), cy + (radius * Math.Sin(a)) }).ToArray();
            features.Add(BoundaryFeature.FromPolygon($"u{cell}", default, $"unit {cell}", coordinates));
        }

        return BoundaryLayer.Create("scattered", features);
    }

    /// <summary>The brute-force answer: 0 inside a unit, else the smallest distance to any unit's boundary.</summary>
    private static (int Unit, double Metres) Oracle(BoundaryLayer layer, double lon, double lat)
    {
        var best = (Unit: -1, Metres: double.PositiveInfinity);
        foreach (var unit in layer.Units)
        {
            var d = Metres(unit, lon, lat);
            if (d < best.Metres)
            {
                best = (unit.Index, d);
            }
        }

        return best;
    }

    private static double Metres(BoundaryUnit unit, double lon, double lat) =>
        unit.Geometry.Covers(new Point(lon, lat)) ? 0 : Distance(unit.Geometry, lon, lat);

    /// <summary>Distance in metres from a point to a geometry's boundary: NTS finds the nearest point in a frame centred
    /// on the point with longitudes scaled by cos(latitude); the haversine formula measures it.</summary>
    private static double Distance(Geometry geometry, double lon, double lat)
    {
        var kx = Math.Cos(lat * Math.PI / 180);
        var local = geometry.Boundary.Copy();
        local.Apply(new Scale(lon, lat, kx));
        var nearest = DistanceOp.NearestPoints(local, new Point(0, 0))[0];
        return Haversine(lon, lat, lon + (nearest.X / kx), lat + nearest.Y);
    }

    private static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2));
        return 2 * GeoPoint.EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private sealed class Scale(double lon, double lat, double kx) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, (seq.GetX(i) - lon) * kx);
                seq.SetY(i, seq.GetY(i) - lat);
            }
        }
    }
}
