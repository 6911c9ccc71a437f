using System.Security.Cryptography;
using Ksbb.Model.Distribution;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Tests;

public sealed class DeliveryProofTests
{
    private static readonly DeliveryEvidence Photo = DeliveryEvidence.Create(new string('A', 64), 10);

    [Fact]
    public async Task Evidence_OfAStream_IsItsSha256AndLength_Lowercase()
    {
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31)).ToArray();
        using var stream = new MemoryStream(bytes);
        var evidence = await DeliveryEvidence.ComputeAsync(stream, TestContext.Current.CancellationToken);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), evidence.Sha256);
        Assert.Equal(bytes.Length, evidence.Size);
        Assert.Equal(new string('a', 64), Photo.Sha256);
        Assert.Equal(evidence, DeliveryEvidence.Create(evidence.Sha256.ToUpperInvariant(), bytes.Length));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Evidence_NotASha256_IsRefused(string hash) =>
        Assert.Equal("sha256", Assert.Throws<ArgumentException>(() => DeliveryEvidence.Create(hash, 1)).ParamName);

    [Fact]
    public void Proof_RefusesRepeatedEvidence_TooMuchEvidence_NegativeCounts_AndBadDistances()
    {
        Assert.Contains("#2", Assert.Throws<ArgumentException>(() => DeliveryProof.Create([Photo, DeliveryEvidence.Create(Photo.Sha256, 10)])).Message, StringComparison.Ordinal);
        var many = Enumerable.Range(0, DeliveryProof.MaxEvidence + 1).Select(i => DeliveryEvidence.Create(i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), i));
        Assert.Throws<ArgumentException>(() => DeliveryProof.Create(many));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryProof.Create(acknowledgements: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryGeotag.Create(GeoPoint.Create(106.8, -6.2), null, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryGeotag.Create(GeoPoint.Create(106.8, -6.2), null, double.NaN));
        Assert.Throws<ArgumentException>(() => DeliveryGeotag.Create(GeoPoint.Create(106.8, -6.2), default(RegionCode), 0));
    }

    [Theory]
    [InlineData(ReservationStatus.Reserved, false, false, DeliveryStanding.None)]
    [InlineData(ReservationStatus.Cancelled, true, false, DeliveryStanding.None)]
    [InlineData(ReservationStatus.Delivered, false, false, DeliveryStanding.Delivered)]
    [InlineData(ReservationStatus.Delivered, true, false, DeliveryStanding.DeliveredWithEvidence)]
    [InlineData(ReservationStatus.Verified, false, false, DeliveryStanding.Verified)]
    [InlineData(ReservationStatus.Verified, true, false, DeliveryStanding.VerifiedWithEvidence)]
    [InlineData(ReservationStatus.Verified, true, true, DeliveryStanding.LocatedOutsideClaimedUnit)]
    [InlineData(ReservationStatus.Delivered, false, true, DeliveryStanding.LocatedOutsideClaimedUnit)]
    public void Standing_FollowsStatusEvidenceAndGeotag(ReservationStatus status, bool evidence, bool outside, DeliveryStanding expected)
    {
        var geotag = DeliveryGeotag.Create(GeoPoint.Create(106.8, -6.2), RegionCode.Parse("31.71.01.1001.005"), outside ? 12.5 : 0);
        var proof = DeliveryProof.Create(evidence ? [Photo] : [], geotag);
        Assert.Equal(expected, DeliveryProof.StandingOf(status, proof));
        if (!outside)
        {
            // Acknowledgements alone are evidence too; no proof at all is the bare standing.
            Assert.Equal(expected, DeliveryProof.StandingOf(status, evidence ? DeliveryProof.Create(acknowledgements: 4) : null));
        }
    }

    [Fact]
    public void Delivery_CarriesItsProof()
    {
        var delivery = Delivery.Create(DeliveryId.Parse("d-1"), Collaborators.CollaboratorId.Parse("c-17"), RegionCode.Parse("31.71.01.1001.005.003"),
            Catalog.ItemCode.Parse("pangan.paket-sembako"), Time.DistributionPeriod.Parse("2020-11"), 5, NodaTime.Instant.FromUtc(2020, 11, 3, 4, 0));
        var proof = DeliveryProof.Create([Photo], acknowledgements: 5);
        Assert.Null(delivery.Proof);
        var proven = delivery.WithProof(proof);
        Assert.Same(proof, proven.Proof);
        Assert.Equal((delivery.Id, delivery.Quantity, delivery.Unit), (proven.Id, proven.Quantity, proven.Unit));
        Assert.Equal("d-1 c-17 31.71.01.1001.005.003 pangan.paket-sembako 2020-11 ×5", proven.ToString());
    }
}
