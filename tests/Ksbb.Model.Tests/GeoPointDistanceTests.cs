using Ksbb.Model.Regions;

namespace Ksbb.Model.Tests;

public class GeoPointDistanceTests
{
    [Fact]
    public void DistanceMetres_OneDegreeOfLatitude_IsTheRadiusTimesPiOver180()
    {
        var a = GeoPoint.Create(106.8, -6.0);
        var b = GeoPoint.Create(106.8, -7.0);
        Assert.Equal(GeoPoint.EarthRadiusMetres * Math.PI / 180, a.DistanceMetres(b), 1e-6);
        Assert.Equal(a.DistanceMetres(b), b.DistanceMetres(a), 1e-9);
        Assert.Equal(0, a.DistanceMetres(a));
    }

    [Fact]
    public void DistanceMetres_MonasToBundaranHi_IsAboutTwoKilometres()
    {
        // Monas (106.82715, -6.17539) and Bundaran HI (106.82297, -6.19495): 2.22 km apart on the sphere.
        var d = GeoPoint.Create(106.82715, -6.17539).DistanceMetres(GeoPoint.Create(106.82297, -6.19495));
        Assert.InRange(d, 2_200, 2_240);
    }

    [Theory]
    [InlineData(181, 0)]
    [InlineData(0, -90.5)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void TryCreate_OutOfRange_Fails(double lon, double lat)
    {
        Assert.False(GeoPoint.IsValid(lon, lat));
        Assert.False(GeoPoint.TryCreate(lon, lat, out var point));
        Assert.Equal(default, point);
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => GeoPoint.Create(lon, lat));
    }

    [Fact]
    public void TryCreate_InRange_GivesThePoint()
    {
        Assert.True(GeoPoint.TryCreate(106.8271, -6.1754, out var point));
        Assert.Equal(GeoPoint.Create(106.8271, -6.1754), point);
    }
}
