using System.CommandLine;
using System.Text;
using Ksbb.Geo;
using Ksbb.Model.Formats;

namespace Ksbb.Cli;

/// <summary><c>ksbb locate</c>: the unit (a property value) of every point of a CSV, for systems not written in .NET.</summary>
/// <remarks>
/// Contract (kept exactly; external systems call it): <c>ksbb locate --boundaries FILE --key PROPERTY --points IN.csv
/// --out OUT.csv</c>. FILE is GeoJSON or <c>.shp</c>; IN.csv has the header <c>lon,lat</c> and one point per row; OUT.csv
/// has the header <c>lon,lat,PROPERTY</c> and the same rows in the same order (the lon and lat text as given), with the
/// value of PROPERTY of the feature containing the point, empty when none. Both files go through Ksbb.Model's CSV layer
/// (<see cref="KsbbCsv.ReadPoints"/>: quoting, BOM and CRLF accepted, errors naming line and column; text cells of the
/// output guarded against spreadsheet formulas); the points are streamed, so memory does not grow with the file.
/// </remarks>
internal static class LocateCommand
{
    public static Command Create()
    {
        var boundaries = new Option<FileInfo>("--boundaries") { Description = "Boundary file: GeoJSON (RFC 7946, lon/lat) or an Esri .shp.", Required = true };
        var key = new Option<string>("--key") { Description = "The feature property written for each point (for example OBJECTID or kode).", Required = true };
        var points = new Option<FileInfo>("--points") { Description = "Input CSV with the header lon,lat and one point per row (decimal degrees).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Output CSV: lon,lat,PROPERTY with the same rows in the same order; empty PROPERTY where no feature contains the point.", Required = true };
        var command = new Command(
            "locate",
            """
            Find the boundary feature containing each point of a CSV (exact; a point on a shared edge goes to the feature
            east of it, or north of a horizontal edge). Examples:
              ksbb locate --boundaries kelurahan.geojson --key kode --points recipients.csv --out located.csv
              ksbb locate --boundaries rw.shp --key OBJECTID --points points.csv --out points-rw.csv
            """);
        command.Options.Add(boundaries);
        command.Options.Add(key);
        command.Options.Add(points);
        command.Options.Add(output);
        command.SetAction(r => Run(r.GetValue(boundaries)!, r.GetValue(key)!, r.GetValue(points)!, r.GetValue(output)!));
        return command;
    }

    private static int Run(FileInfo boundaries, string key, FileInfo points, FileInfo output)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new CliInputException("--key must name a feature property.");
        }

        // Every feature stays its own unit (named by the property), so overlapping features resolve to the earlier one.
        var layer = GeoCommandSupport.LoadBoundaries(boundaries, FeatureKeying.PerFeature(key));
        if (!points.Exists)
        {
            throw new CliInputException($"points file '{points.FullName}' does not exist.");
        }

        // A coarser grid builds in half the time; it pays for itself only beyond a few million points (about 100 MB).
        BoundaryIndex index;
        try
        {
            index = BoundaryIndex.Create(layer, cellsPerUnit: points.Length > 100_000_000 ? 256 : 64);
        }
        catch (ArgumentException ex)
        {
            throw new CliInputException($"{boundaries.FullName}: {ex.Message}", ex);
        }

        var values = layer.Units.Select(u => u.Name).ToArray();
        AtomicFile.Write(output, stream =>
        {
            // The points are streamed in batches: memory stays flat whatever the size of the file.
            using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
            using var csv = KsbbCsv.CreateLocatedPointsWriter(text, key);
            using var reader = new StreamReader(points.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
            var batch = new Batch(1 << 16);
            foreach (var (_, lon, lat, lonText, latText) in KsbbCsv.ReadPoints(reader, points.FullName))
            {
                if (batch.Add(lon, lat, lonText, latText))
                {
                    batch.Locate(index, csv, values);
                }
            }

            batch.Locate(index, csv, values);
        });
        return ExitCodes.Ok;
    }

    /// <summary>A batch of points located in parallel, then written in order.</summary>
    private sealed class Batch(int capacity)
    {
        private readonly double[] _lon = new double[capacity];
        private readonly double[] _lat = new double[capacity];
        private readonly string[] _lonText = new string[capacity];
        private readonly string[] _latText = new string[capacity];
        private readonly int[] _found = new int[capacity];
        private int _count;

        /// <summary>Adds a point; <see langword="true"/> when the batch is full.</summary>
        public bool Add(double lon, double lat, string lonText, string latText)
        {
            _lon[_count] = lon;
            _lat[_count] = lat;
            _lonText[_count] = lonText;
            _latText[_count] = latText;
            return ++_count == _lon.Length;
        }

        public void Locate(BoundaryIndex index, CsvRecordWriter csv, string[] values)
        {
            index.LocateManyParallel(_lon.AsMemory(0, _count), _lat.AsMemory(0, _count), _found.AsMemory(0, _count));
            for (var i = 0; i < _count; i++)
            {
                csv.WriteRow(_lonText[i], _latText[i], _found[i] >= 0 ? values[_found[i]] : string.Empty);
            }

            _count = 0;
        }
    }
}
