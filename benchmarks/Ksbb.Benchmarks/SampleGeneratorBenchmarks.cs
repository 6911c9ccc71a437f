using BenchmarkDotNet.Attributes;
using Ksbb.Model.Documents;
using Ksbb.SampleData;

namespace Ksbb.Benchmarks;

/// <summary>
/// How long the demo's synthetic round takes to build and to write as JSON. The baseline is the city alone
/// (registry, rectangles, households): the rest of the round costs the ratio minus one.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SampleGeneratorBenchmarks
{
    private SampleDataSet _data = null!;

    [GlobalSetup]
    public void Setup() => _data = SampleGenerator.Generate(SampleSeed.Default);

    [Benchmark(Baseline = true)]
    public SampleCity GenerateCity() => SampleGenerator.GenerateCity(SampleSeed.Default);

    [Benchmark]
    public SampleDataSet GenerateRound() => SampleGenerator.Generate(SampleSeed.Default);

    [Benchmark]
    public long WriteNeedsDocument()
    {
        using var stream = new MemoryStream();
        KsbbDocuments.WriteNeeds(stream, _data.Needs);
        return stream.Length;
    }
}
