using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Ksbb.Benchmarks;

/// <summary>
/// The whole-process peer of <c>ksbb locate</c> written the usual NetTopologySuite way (GeoJSON4STJ, STR-tree of
/// prepared polygons, one thread): <c>dotnet Ksbb.Benchmarks.dll nts-locate BOUNDARIES.geojson PROPERTY IN.csv OUT.csv</c>.
/// Timed against <c>ksbb locate</c> in benchmarks/README.md.
/// </summary>
public static class NtsLocateProgram
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A benchmark program, not trimmed.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "A benchmark program, not AOT-compiled.")]
    public static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: nts-locate BOUNDARIES.geojson PROPERTY IN.csv OUT.csv");
            return 2;
        }

        using var file = File.OpenRead(args[0]);
        var features = JsonSerializer.Deserialize<FeatureCollection>(file, Options)!;
        var values = features.Select(f => f.Attributes.Exists(args[1]) ? Convert.ToString(f.Attributes[args[1]], CultureInfo.InvariantCulture) ?? string.Empty : string.Empty).ToArray();
        var locator = new NtsPreparedLocator([.. features.Select(f => f.Geometry)]);
        using var writer = new StreamWriter(args[3]);
        writer.Write($"lon,lat,{args[1]}\n");
        foreach (var line in File.ReadLines(args[2]).Skip(1))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            var lon = double.Parse(line.AsSpan(0, comma), CultureInfo.InvariantCulture);
            var lat = double.Parse(line.AsSpan(comma + 1), CultureInfo.InvariantCulture);
            var unit = locator.Locate(lon, lat);
            writer.Write(line);
            writer.Write(',');
            writer.Write(unit >= 0 ? values[unit] : string.Empty);
            writer.Write('\n');
        }

        return 0;
    }
}
