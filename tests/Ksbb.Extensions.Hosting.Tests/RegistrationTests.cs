using Ksbb.Allocation;
using Ksbb.Geo;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ksbb.Extensions.Hosting.Tests;

public class BoundaryIndexRegistrationTests
{
    // Two RWs side by side: 31.71.01.1001.001 west of 106.82, 31.71.01.1001.002 east of it.
    private static BoundaryLayer Layer() => BoundaryLayer.Create("two RWs",
    [
        BoundaryFeature.FromRectangle("31.71.01.1001.001", RegionCode.Parse("31.71.01.1001.001"), "RW 01", 106.81, -6.18, 106.82, -6.17),
        BoundaryFeature.FromRectangle("31.71.01.1001.002", RegionCode.Parse("31.71.01.1001.002"), "RW 02", 106.82, -6.18, 106.83, -6.17),
    ]);

    [Fact]
    public void Lookup_FindsUnits_AndCountsEveryLookupByResult()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbBoundaryIndex(_ => Layer()));
        var lookup = telemetry.Services.GetRequiredService<BoundaryLookup>();

        Assert.True(lookup.TryLocate(106.815, -6.175, out var west));
        Assert.Equal("31.71.01.1001.001", west.Key);
        Assert.True(lookup.TryLocate(106.825, -6.175, out var east));
        Assert.Equal("31.71.01.1001.002", east.Key);
        Assert.False(lookup.TryLocate(106.835, -6.175, out _)); // east of both, no nearest fallback by default
        var indexes = new int[4];
        Assert.Equal(2, lookup.LocateMany([106.815, 106.825, 106.9, 107.0], [-6.175, -6.175, -6.175, -6.175], indexes));

        Assert.Equal(2 + 2, telemetry.Sum(GeoTelemetry.LookupsInstrument, GeoTelemetry.ResultTag, "found"));
        Assert.Equal(1 + 2, telemetry.Sum(GeoTelemetry.LookupsInstrument, GeoTelemetry.ResultTag, "not_found"));
        Assert.All(telemetry.Observed.Measurements, m => Assert.Equal("two RWs", m.Tags[GeoTelemetry.LayerTag]));
        Assert.Same(lookup.Index, telemetry.Services.GetRequiredService<BoundaryIndex>());
        Assert.Contains(telemetry.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("two RWs: 2 units", StringComparison.Ordinal));
    }

    [Fact]
    public void NearestMaxMetres_FindsTheNearestUnitWithinTheDistanceOnly()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbBoundaryIndex(_ => Layer(), o => o.NearestMaxMetres = 2000));
        var lookup = telemetry.Services.GetRequiredService<BoundaryLookup>();

        // 0.005 degrees east of the layer is about 550 m at this latitude; 0.05 degrees is about 5.5 km.
        Assert.True(lookup.TryLocate(106.835, -6.175, out var near));
        Assert.Equal("31.71.01.1001.002", near.Key);
        Assert.False(lookup.TryLocate(106.88, -6.175, out _));
    }

    [Fact]
    public void LocateMany_IsOneActivityWithThePointAndFoundCounts()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbBoundaryIndex(_ => Layer()));
        var lookup = telemetry.Services.GetRequiredService<BoundaryLookup>();
        lookup.LocateMany([106.815, 106.9, 106.825], [-6.175, -6.175, -6.175], new int[3]);

        var activity = Assert.Single(telemetry.Observed.Named("ksbb.geo.locate_many"));
        Assert.Equal(3, activity.GetTagItem("ksbb.points"));
        Assert.Equal(2, activity.GetTagItem("ksbb.found"));
    }

    [Theory]
    [InlineData(-1.0, null, "NearestMaxMetres = -1")]
    [InlineData(60_000.0, null, "NearestMaxMetres = 60000")]
    [InlineData(0.0, 0.0, "CellsPerUnit = 0")]
    [InlineData(0.0, double.NaN, "CellsPerUnit = NaN")]
    public void InvalidOptions_FailAtStartAndOnResolve_NamingTheOptionAndValue(double nearest, double? cells, string expected)
    {
        using var telemetry = new Telemetry(s => s.AddKsbbBoundaryIndex(_ => Layer(), o => (o.NearestMaxMetres, o.CellsPerUnit) = (nearest, cells)));

        var atStart = Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<IStartupValidator>().Validate());
        var onResolve = Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<BoundaryLookup>());

        Assert.Contains(expected, atStart.Message, StringComparison.Ordinal);
        Assert.Contains(expected, onResolve.Message, StringComparison.Ordinal);
    }
}

public class AllocationRegistrationTests
{
    private static AllocationProblem Problem()
    {
        var item = ItemCode.Parse("pangan.paket-sembako");
        var november = DistributionPeriod.Parse("2020-11");
        var pledgedAt = NodaTime.Instant.FromUtc(2020, 11, 2, 3, 0);
        var rw1 = RegionCode.Parse("31.71.01.1001.001");
        var rw2 = RegionCode.Parse("31.71.01.1001.002");
        var points = new Dictionary<RegionCode, GeoPoint> { [rw1] = GeoPoint.Create(106.8166, -6.1702), [rw2] = GeoPoint.Create(106.8213, -6.1731) };
        Pledge[] pledges =
        [
            Pledge.Direct(PledgeId.Parse("o-1"), CollaboratorId.Parse("c-1"), item, 100, november, pledgedAt, origin: GeoPoint.Create(106.8150, -6.1690)),
            Pledge.Direct(PledgeId.Parse("o-2"), CollaboratorId.Parse("c-2"), item, 60, november, pledgedAt),
        ];
        return AllocationProblem.From([Need.Create(rw1, item, november, 120), Need.Create(rw2, item, november, 80)], u => points[u], pledges, []);
    }

    [Fact]
    public void RegisteredEngine_AllocatesLikeTheEngine_AndTheRunIsTracedAndCountedByTheEngine()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbAllocation(o => o.MaxDegreeOfParallelism = 1));
        var engine = telemetry.Services.GetRequiredService<AllocationEngine>();

        var result = engine.Allocate(Problem(), TestContext.Current.CancellationToken);

        Assert.Equal(160, result.Summary.Allocated); // supply 160 < need 200, and every pledge can reach every unit
        Assert.Equal(1, engine.MaxDegreeOfParallelism);
        Assert.Equal(1, telemetry.Sum(AllocationTelemetry.RunsInstrument, AllocationTelemetry.OutcomeTag, "ok"));
        Assert.Equal(160, telemetry.Sum(AllocationTelemetry.AllocatedInstrument, AllocationTelemetry.ItemTag, "pangan.paket-sembako"));
        var activity = Assert.Single(telemetry.Observed.Named("ksbb.allocation.run"));
        Assert.Equal(160L, activity.GetTagItem("ksbb.allocated"));
    }

    [Fact]
    public void Defaults_AreTheEnginesDefaults()
    {
        using var telemetry = new Telemetry(s => s.AddKsbbAllocation());

        var engine = telemetry.Services.GetRequiredService<AllocationEngine>();

        Assert.Equal(AllocationEngine.Default.MaxDegreeOfParallelism, engine.MaxDegreeOfParallelism);
        Assert.Equal(AllocationEngine.Default.ProgressInterval, engine.ProgressInterval);
        Assert.Equal(KsbbHostingDefaults.ProgressInterval, engine.ProgressInterval);
    }

    [Theory]
    [InlineData(0, 20_000L, "MaxDegreeOfParallelism = 0")]
    [InlineData(2, 0L, "ProgressInterval = 0")]
    public void InvalidOptions_FailAtStartAndOnResolve_NamingTheOptionAndValue(int threads, long interval, string expected)
    {
        using var telemetry = new Telemetry(s => s.AddKsbbAllocation(o => (o.MaxDegreeOfParallelism, o.ProgressInterval) = (threads, interval)));

        var atStart = Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<IStartupValidator>().Validate());
        var onResolve = Assert.Throws<OptionsValidationException>(() => telemetry.Services.GetRequiredService<AllocationEngine>());

        Assert.Contains(expected, atStart.Message, StringComparison.Ordinal);
        Assert.Contains(expected, onResolve.Message, StringComparison.Ordinal);
    }
}
