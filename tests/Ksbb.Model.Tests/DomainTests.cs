using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;
using NodaTime.Testing;
using Ksbb.Model.Time;

namespace Ksbb.Model.Tests;

public class DomainTests
{
    private static readonly RegionCode Rt = RegionCode.Parse("31.71.01.1001.005.003");
    private static readonly ItemCode Sembako = ItemCode.Parse("pangan.paket-sembako");
    private static readonly DistributionPeriod November = DistributionPeriod.ForMonth(2020, 11);
    private static readonly CollaboratorId C17 = CollaboratorId.Parse("c-17");
    private static readonly Instant At = Instant.FromUtc(2020, 11, 26, 3, 0);

    [Theory]
    [InlineData("c-17")]
    [InlineData("C.17:x_y")]
    [InlineData("7")]
    public void Ids_ValidTextRoundTrips(string text)
    {
        Assert.Equal(text, CollaboratorId.Parse(text).Value);
        Assert.Equal(text, PledgeId.Parse(text).ToString());
        Assert.True(ReservationId.TryParse(text, out var id));
        Assert.Equal(ReservationId.Parse(text), id);
    }

    [Theory]
    [InlineData("", "Pledge id cannot be empty")]
    [InlineData("-o1", "Pledge id '-o1' is not valid")]
    [InlineData("o/1", "Pledge id 'o/1' contains '/'")]
    [InlineData("o 1", "Pledge id 'o 1' contains ' '")]
    public void Ids_BadText_SaysWhy(string text, string message)
    {
        Assert.Contains(message, Assert.Throws<FormatException>(() => PledgeId.Parse(text)).Message, StringComparison.Ordinal);
        Assert.False(PledgeId.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_CompareOrdinallyAndDefaultIsEmpty()
    {
        Assert.True(AggregatorId.Parse("A") < AggregatorId.Parse("a"));
        Assert.NotEqual(DeliveryId.Parse("d-1"), DeliveryId.Parse("D-1"));
        Assert.True(default(DeliveryId).IsDefault);
        Assert.Equal(string.Empty, default(CollaboratorId).ToString());
        Assert.False(CollaboratorId.TryParse(new string('x', 65), out _));
    }

    [Fact]
    public void Need_ValidatesAndChangesQuantity()
    {
        var need = Need.Create(Rt, Sembako, November, 12);
        Assert.Equal(20, need.WithQuantity(20).Quantity);
        Assert.Equal("31.71.01.1001.005.003 pangan.paket-sembako 2020-11: 12", need.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => Need.Create(Rt, Sembako, November, -1));
        Assert.Throws<ArgumentException>(() => Need.Create(default, Sembako, November, 1));
        Assert.Throws<ArgumentException>(() => Need.Create(Rt, default, November, 1));
        Assert.Throws<ArgumentException>(() => Need.Create(Rt, Sembako, default, 1));
    }

    [Fact]
    public void Pledge_ChannelsAndValidation()
    {
        var direct = Pledge.Direct(PledgeId.Parse("o-1"), C17, Sembako, 300, November, At, areas: [RegionCode.Parse("31.71.01"), RegionCode.Parse("31.71.01")]);
        Assert.Equal(PledgeChannel.Direct, direct.Channel);
        Assert.Single(direct.Areas);
        Assert.Null(direct.Aggregator);
        var via = Pledge.ViaAggregator(PledgeId.Parse("o-2"), C17, Sembako, 500, November, At, AggregatorId.Parse("agg-1"));
        Assert.Equal(PledgeChannel.Aggregator, via.Channel);
        Assert.Empty(via.Areas);
        Assert.True(via.Reaches(RegionCode.Parse("31.75")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pledge.Direct(PledgeId.Parse("o-3"), C17, Sembako, 0, November, At));
        Assert.Throws<ArgumentException>(() => Pledge.ViaAggregator(PledgeId.Parse("o-4"), C17, Sembako, 1, November, At, default));
        Assert.Throws<ArgumentException>(() => Pledge.Direct(default, C17, Sembako, 1, November, At));
    }

    [Fact]
    public void Aggregator_ServesItsAreasOrEverywhere()
    {
        var depot = GeoPoint.Create(106.80, -6.20);
        var pusatBarat = Aggregator.Create(AggregatorId.Parse("agg-1"), "Mitra", depot, 50_000, [RegionCode.Parse("31.71"), RegionCode.Parse("31.73")]);
        Assert.True(pusatBarat.Serves(Rt));
        Assert.False(pusatBarat.Serves(RegionCode.Parse("31.74.01.1001")));
        Assert.True(Aggregator.Create(AggregatorId.Parse("agg-2"), "Mitra", depot, 0).Serves(RegionCode.Parse("31.74")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregator.Create(AggregatorId.Parse("agg-3"), "Mitra", depot, -1));
        Assert.Throws<ArgumentException>(() => Aggregator.Create(AggregatorId.Parse("agg-3"), " ", depot, 1));
    }

    [Fact]
    public void Reservation_AHeldReservationExpiresOnRead_AndFinalStatesStay()
    {
        var need = new NeedKey(Rt, Sembako, November);
        var held = new Reservation(ReservationId.Parse("r-1"), IdempotencyKey.Parse("k-1"), CollaboratorId.Parse("c-17"), need, 20, 0, ReservationStatus.Reserved, At, At + Duration.FromDays(3), At, null);
        Assert.Equal(ReservationStatus.Reserved, held.StatusAt(At + Duration.FromDays(3) - Duration.Epsilon));
        Assert.Equal(ReservationStatus.Expired, held.StatusAt(At + Duration.FromDays(3)));

        var delivered = held with { Status = ReservationStatus.Delivered, DeliveredQuantity = 20 };
        Assert.Equal(ReservationStatus.Delivered, delivered.StatusAt(Instant.MaxValue));
        var released = held with { Status = ReservationStatus.Released };
        Assert.Equal(ReservationStatus.Released, released.StatusAt(Instant.MaxValue));
    }

    [Fact]
    public void Delivery_ChannelFollowsTheAggregator()
    {
        var direct = Delivery.Create(DeliveryId.Parse("d-1"), C17, Rt, Sembako, November, 20, At);
        var via = Delivery.Create(DeliveryId.Parse("d-2"), C17, Rt, Sembako, November, 20, At, AggregatorId.Parse("agg-1"), ReservationId.Parse("r-1"));
        Assert.Equal(PledgeChannel.Direct, direct.Channel);
        Assert.Equal(PledgeChannel.Aggregator, via.Channel);
        Assert.Throws<ArgumentException>(() => Delivery.Create(DeliveryId.Parse("d-3"), C17, Rt, Sembako, November, 20, At, default(AggregatorId)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Delivery.Create(DeliveryId.Parse("d-4"), C17, Rt, Sembako, November, -2, At));
    }

    [Theory]
    [InlineData(181, 0)]
    [InlineData(0, -90.5)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void GeoPoint_OutOfRange_IsRefused(double lon, double lat) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoPoint.Create(lon, lat));

    [Fact]
    public void GeoPoint_FormatsLonLat() => Assert.Equal("106.8271,-6.1754", GeoPoint.Create(106.8271, -6.1754).ToString());
}
