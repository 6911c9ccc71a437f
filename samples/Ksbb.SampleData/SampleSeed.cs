namespace Ksbb.SampleData;

/// <summary>The fixed seed of every synthetic data set, so the demo, tests and benchmarks see the same city.</summary>
public static class SampleSeed
{
    /// <summary>The default seed.</summary>
    public const int Default = 20201126;
}
