using NodaTime;

namespace Ksbb.Cli.Demo;

/// <summary>The demo's clock: the sample round's instant, advanced by hand between phases, so every run prints the same.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    private long _ticks = now.ToUnixTimeTicks();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    /// <summary>Moves the clock forward.</summary>
    public void Advance(Duration duration) => Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);
}
