using Ksbb.Model.Regions;

namespace Ksbb.Geo.Tests;

public class LayerValidatorTests
{
    [Fact]
    public void Coverage_FindsAnEnclosedGapAndAnOverlap()
    {
        // A 3 × 3 grid without its middle square (a gap), plus a square overlapping the south-west corner.
        var features = SyntheticLayers.Cells(3, 3, 106.80, -6.20, 0.01).Where(f => f.Key != "r1c1")
            .Append(BoundaryFeature.FromRectangle("extra", default, "extra", 106.805, -6.195, 106.815, -6.185));
        var layer = BoundaryLayer.Create("holey", features);

        var report = LayerValidator.Validate(layer, samplesPerSide: 300);

        Assert.Empty(report.InvalidGeometries);
        Assert.Equal(1, report.Coverage.GapCount);
        var cell = Geodesy.AreaSquareMetres(BoundaryFeature.FromRectangle("x", default, "x", 106.81, -6.19, 106.82, -6.18).Geometry);
        // The middle square minus the quarter the extra square covers is a gap; a quarter of each of four squares overlaps.
        Assert.Equal(cell * 0.75, report.Coverage.GapAreaSquareMetres, cell * 0.03);
        Assert.Equal(cell * 0.75, report.Coverage.OverlapAreaSquareMetres, cell * 0.03);
        Assert.Contains(("r0c0", "extra"), report.Coverage.OverlappingPairs);
    }

    [Fact]
    public void InvalidGeometry_IsReportedWithItsLocation()
    {
        var bowtie = BoundaryFeature.FromPolygon("bowtie", default, "bowtie", [106.80, -6.20, 106.82, -6.18, 106.82, -6.20, 106.80, -6.18]);

        var report = LayerValidator.Validate(BoundaryLayer.Create("bowtie", [bowtie]), samplesPerSide: 20);

        var invalid = Assert.Single(report.InvalidGeometries);
        Assert.Equal(106.81, invalid.Location!.Value.Longitude, 9);
        Assert.Equal(-6.19, invalid.Location!.Value.Latitude, 9);
    }

    [Fact]
    public void Nesting_ReportsUnitsOutsideTheirParentBeyondTheTolerance()
    {
        var kelurahan = RegionCode.Parse("31.71.01.1001");
        var parent = BoundaryLayer.Create("kelurahan", [BoundaryFeature.FromRectangle(kelurahan.ToString(), kelurahan, "GAMBIR", 106.80, -6.20, 106.82, -6.19)]);
        var rws = SyntheticLayers.CodedRws(3); // the third RW lies east of the parent (106.82 to 106.83)

        var report = LayerValidator.Validate(rws, parent, toleranceMetres: 10, samplesPerSide: 20);

        var problem = Assert.Single(report.NestingProblems);
        Assert.Equal("31.71.01.1001.003", problem.Key);
        Assert.Equal(kelurahan.ToString(), problem.ParentKey);
        Assert.InRange(problem.MaxDistanceOutsideMetres, 1000, 1200);
    }

    [Fact]
    public void DuplicateKeys_ListTheMergedFeatures()
    {
        var layer = BoundaryLayer.Create("dup", [.. SyntheticLayers.Cells(1, 2, 106.80, -6.20, 0.01), BoundaryFeature.FromRectangle("r0c0", default, "again", 106.9, -6.2, 106.91, -6.19)]);

        var report = LayerValidator.Validate(layer, samplesPerSide: 20);

        var duplicate = Assert.Single(report.DuplicateKeys);
        Assert.Equal("r0c0", duplicate.Key);
        Assert.Equal([0, 2], duplicate.FeatureIndexes);
    }
}
