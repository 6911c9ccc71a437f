using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ksbb.Geo;

/// <summary>The meter, activity source and instrument names of boundary lookups (<see cref="BoundaryIndex"/>), for
/// OpenTelemetry's <c>AddMeter(GeoTelemetry.Name)</c> and <c>AddSource(GeoTelemetry.Name)</c>.</summary>
/// <remarks>
/// <para>
/// Every <see cref="BoundaryIndex"/> publishes, with no host and no registration: <see cref="LookupsInstrument"/>, a
/// counter of point lookups tagged <see cref="ResultTag"/> = <c>found</c> or <c>not_found</c> and
/// <see cref="LayerTag"/> = the layer's name; and one <c>ksbb.geo.locate_many</c> activity per batch
/// (<see cref="BoundaryIndex.LocateMany"/>, <see cref="BoundaryIndex.LocateManyParallel"/>) with the point and found
/// counts.
/// </para>
/// <para>
/// A single lookup (<see cref="BoundaryIndex.TryLocate"/>, <see cref="BoundaryIndex.LocateIndex"/>) starts no
/// activity and allocates nothing; it adds to the counter only while a listener has enabled it. A batch adds once.
/// </para>
/// </remarks>
public static class GeoTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Ksbb.Geo";

    /// <summary>The counter of point lookups (unit <c>{lookup}</c>).</summary>
    public const string LookupsInstrument = "ksbb.geo.lookups";

    /// <summary>The tag of <see cref="LookupsInstrument"/>: <c>found</c> or <c>not_found</c>.</summary>
    public const string ResultTag = "ksbb.result";

    /// <summary>The tag naming the indexed layer (<see cref="BoundaryLayer.Name"/>).</summary>
    public const string LayerTag = "ksbb.layer";

    internal static readonly ActivitySource Source = new(Name, typeof(GeoTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(GeoTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>(LookupsInstrument, "{lookup}", "Point lookups, by result and layer.");

    private static readonly KeyValuePair<string, object?> Found = new(ResultTag, "found");

    private static readonly KeyValuePair<string, object?> NotFound = new(ResultTag, "not_found");

    // One point lookup: nothing but a flag test unless a listener enabled the counter; never allocates.
    internal static void CountLookup(bool found, KeyValuePair<string, object?> layer)
    {
        if (Lookups.Enabled)
        {
            Lookups.Add(1, found ? Found : NotFound, layer);
        }
    }

    internal static Activity? StartLocateMany(BoundaryLayer layer, int points)
    {
        var activity = Source.StartActivity("ksbb.geo.locate_many");
        activity?.SetTag(LayerTag, layer.Name);
        activity?.SetTag("ksbb.points", points);
        return activity;
    }

    // One batch: counted once, whatever its size.
    internal static void CountBatch(Activity? activity, int points, int found, KeyValuePair<string, object?> layer)
    {
        activity?.SetTag("ksbb.found", found);
        if (Lookups.Enabled)
        {
            Lookups.Add(found, Found, layer);
            Lookups.Add(points - found, NotFound, layer);
        }
    }
}
