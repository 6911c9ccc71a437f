using Ksbb.Model.Regions;

namespace Ksbb.Geo.Tests;

/// <summary><see cref="BoundaryLayer.TryGetPosition"/>: a unit's own point, else its nearest ancestor's in the layer.</summary>
public sealed class PositionTests
{
    [Fact]
    public void TryGetPosition_GivesTheUnitOrItsNearestAncestorInTheLayer_AndNothingOutsideIt()
    {
        var layer = SyntheticLayers.CodedRws(3);
        var rw2 = RegionCode.Parse("31.71.01.1001.002");
        Assert.True(layer.TryGetUnit(rw2, out var unit));

        Assert.True(layer.TryGetPosition(rw2, out var own));
        Assert.Equal(unit.RepresentativePoint, own);
        Assert.True(layer.TryGetPosition(RegionCode.Parse("31.71.01.1001.002.007"), out var rt));
        Assert.Equal(unit.RepresentativePoint, rt);
        Assert.True(layer.TryGetPosition(RegionCode.ForInstitution(rw2, 1), out var institution));
        Assert.Equal(unit.RepresentativePoint, institution);
        Assert.InRange(own.Longitude, 106.81, 106.82);

        Assert.False(layer.TryGetPosition(RegionCode.Parse("31.71.01.1001.009.001"), out _));   // an RW the layer lacks
        Assert.False(layer.TryGetPosition(RegionCode.Parse("31.71.01.1001"), out _));           // a parent is not a unit of it
        Assert.False(layer.TryGetPosition(default, out _));
    }
}
