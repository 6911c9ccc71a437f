using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ksbb.Extensions.Hosting.Tests;

/// <summary>A container with a capturing logger, and what the Ksbb meters and sources publish on the test's flow.</summary>
internal sealed class Telemetry : IDisposable
{
    public Telemetry(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddLogging();
        register(services);
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public Ksbb.Tests.Observed Observed { get; } = new();

    public double Sum(string instrument, string tag, string value) => Observed.Sum(instrument, tag, value);

    public void Dispose()
    {
        Observed.Dispose();
        Services.Dispose();
    }
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
