using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ksbb.Tests;

/// <summary>
/// Records what the Ksbb meters and activity sources publish on the current test's flow only: a parent activity
/// carries a marker in its baggage, and an activity or measurement counts when the marker is on the flow it happens
/// on (tests run in parallel and the meters are static, as Npgsql's are).
/// </summary>
internal sealed class Observed : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly Activity _parent;

    public Observed()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Ksbb.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetBaggageItem("test") == Marker)
                {
                    Activities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Ksbb.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
        _parent = new Activity("test").AddBaggage("test", Marker).Start();
    }

    public string Marker { get; } = Guid.NewGuid().ToString("N");

    public ConcurrentQueue<Activity> Activities { get; } = new();

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public IEnumerable<Activity> Named(string operation) => Activities.Where(a => a.OperationName == operation);

    public double Sum(string instrument, string? tag = null, object? value = null) =>
        Measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    public void Dispose()
    {
        _parent.Stop();
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Activity.Current?.GetBaggageItem("test") == Marker)
        {
            Measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        }
    }
}
