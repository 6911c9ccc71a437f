using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ksbb.Extensions.Hosting.Tests;

/// <summary>A container with metrics and a capturing logger, and a listener that records the measurements of this
/// container's meters only (tests run in parallel, each with its own <see cref="IMeterFactory"/>).</summary>
internal sealed class Telemetry : IDisposable
{
    private readonly MeterListener _listener = new();

    public Telemetry(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddLogging();
        register(services);
        Services = services.BuildServiceProvider();
        var factory = Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public double Sum(string instrument, string tag, string value) =>
        Measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        Services.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

/// <summary>Records the activities of one source started on the current test's async flow.</summary>
internal sealed class Activities : IDisposable
{
    private readonly ActivityListener _listener;

    public Activities(string source, string operation)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == operation && a.GetBaggageItem("test") == Marker)
                {
                    Stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        Parent = new Activity("test").AddBaggage("test", Marker).Start();
    }

    public string Marker { get; } = Guid.NewGuid().ToString("N");

    public Activity Parent { get; }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public void Dispose()
    {
        Parent.Stop();
        _listener.Dispose();
    }
}
