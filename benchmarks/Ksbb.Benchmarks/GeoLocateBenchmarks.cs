using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Ksbb.Geo;

namespace Ksbb.Benchmarks;

/// <summary>
/// Point-in-unit lookups per second on one thread: Ksbb's <see cref="BoundaryIndex"/> against NetTopologySuite's
/// STR-tree of prepared polygons (the baseline), on the real RW layer (2,700 units) and the synthetic 30,000-RT layer.
/// 100,000 uniform random points over mainland Jakarta's bounding box; the per-lookup time is per point.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GeoLocateBenchmarks
{
    private const int Points = 100_000;
    private BoundaryIndex _index = null!;
    private NtsPreparedLocator _nts = null!;
    private double[] _lon = [];
    private double[] _lat = [];
    private int[] _out = [];

    /// <summary>Gets or sets the layer: RW (real) or RT (synthetic, 30,045 units).</summary>
    [Params("RW", "RT")]
    public string Layer { get; set; } = "RW";

    [GlobalSetup]
    public void Setup()
    {
        var layer = GeoBenchmarkLayers.Load(Layer);
        _index = BoundaryIndex.Create(layer);
        _nts = new NtsPreparedLocator([.. layer.Units.Select(u => u.Geometry)]);
        (_lon, _lat) = GeoBenchmarkLayers.RandomPoints(Points, seed: 20200424);
        _out = new int[Points];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public int NtsStrTreePrepared()
    {
        var found = 0;
        for (var i = 0; i < _lon.Length; i++)
        {
            found += _nts.Locate(_lon[i], _lat[i]) >= 0 ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int KsbbTryLocate()
    {
        var found = 0;
        for (var i = 0; i < _lon.Length; i++)
        {
            found += _index.TryLocate(_lon[i], _lat[i], out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Points)]
    public int KsbbLocateManySpan() => _index.LocateMany(_lon, _lat, _out);

    [Benchmark(OperationsPerInvoke = Points)]
    public int KsbbLocateManyParallel() => _index.LocateManyParallel(_lon, _lat, _out);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new IndexMemoryColumn());
    }

    /// <summary>Retained memory of the structure each benchmark queries (measured in the host process, GC.GetTotalMemory before and after building).</summary>
    private sealed class IndexMemoryColumn : IColumn
    {
        private static readonly Dictionary<string, (long Ksbb, long Nts)> Cache = [];

        public string Id => nameof(IndexMemoryColumn);

        public string ColumnName => "Index memory";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Memory retained by the lookup structure (index or STR-tree of prepared geometries), excluding the layer itself";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var layer = (string)benchmarkCase.Parameters["Layer"];
            if (!Cache.TryGetValue(layer, out var sizes))
            {
                var units = GeoBenchmarkLayers.Load(layer);
                var before = GC.GetTotalMemory(true);
                var index = BoundaryIndex.Create(units);
                var afterIndex = GC.GetTotalMemory(true);
                var nts = new NtsPreparedLocator([.. units.Units.Select(u => u.Geometry)]);
                nts.Locate(106.8, -6.2); // build the tree
                var afterNts = GC.GetTotalMemory(true);
                GC.KeepAlive(index);
                GC.KeepAlive(nts);
                Cache[layer] = sizes = (afterIndex - before, afterNts - afterIndex);
            }

            var bytes = benchmarkCase.Descriptor.WorkloadMethod.Name.StartsWith("Nts", StringComparison.Ordinal) ? sizes.Nts : sizes.Ksbb;
            return $"{bytes / 1048576.0:F1} MB";
        }
    }
}
