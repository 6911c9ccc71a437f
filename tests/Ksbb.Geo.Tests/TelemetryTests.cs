using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.Geo.Tests;

/// <summary>Lookups through <see cref="BoundaryIndex"/> alone are counted and batches traced, and a hot point lookup
/// neither allocates nor starts an activity, even while a listener is enabled.</summary>
public class GeoTelemetryTests
{
    private static BoundaryIndex Index(string name) => BoundaryIndex.Create(BoundaryLayer.Create(name,
    [
        BoundaryFeature.FromRectangle("31.71.01.1001.001", RegionCode.Parse("31.71.01.1001.001"), "RW 01", 106.81, -6.18, 106.82, -6.17),
        BoundaryFeature.FromRectangle("31.71.01.1001.002", RegionCode.Parse("31.71.01.1001.002"), "RW 02", 106.82, -6.18, 106.83, -6.17),
    ]));

    [Fact]
    public void IndexAlone_CountsPointLookups_AndTracesOneActivityPerBatch()
    {
        var index = Index("telemetry " + Guid.NewGuid().ToString("N"));
        using var observed = new Observed();

        Assert.True(index.TryLocate(106.815, -6.175, out _));
        Assert.Equal(-1, index.LocateIndex(106.9, -6.175));
        Assert.Equal(2, index.LocateMany([106.815, 106.825, 107.0], [-6.175, -6.175, -6.175], new int[3]));
        Assert.Equal(1, index.LocateManyParallel(new double[] { 106.815, 107.0 }, new double[] { -6.175, -6.175 }, new int[2], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1 + 2 + 1, observed.Sum(GeoTelemetry.LookupsInstrument, GeoTelemetry.ResultTag, "found"));
        Assert.Equal(1 + 1 + 1, observed.Sum(GeoTelemetry.LookupsInstrument, GeoTelemetry.ResultTag, "not_found"));
        var batches = observed.Named("ksbb.geo.locate_many").ToList();
        Assert.Equal(2, batches.Count); // single lookups start no activity
        Assert.Contains(batches, b => Equals(b.GetTagItem("ksbb.points"), 3) && Equals(b.GetTagItem("ksbb.found"), 2));
    }

    [Fact]
    public void HotPointLookup_AllocatesNothing_WhileCounted()
    {
        var index = Index("hot " + Guid.NewGuid().ToString("N"));
        long counted = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == GeoTelemetry.LookupsInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        index.TryLocate(106.815, -6.175, out _); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            index.TryLocate(106.815, -6.175, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(counted >= 1001);
    }
}
