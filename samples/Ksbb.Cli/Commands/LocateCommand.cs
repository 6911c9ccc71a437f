using System.Buffers.Text;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Ksbb.Geo;

namespace Ksbb.Cli;

/// <summary><c>ksbb locate</c>: the unit (a property value) of every point of a CSV, for systems not written in .NET.</summary>
/// <remarks>
/// Contract (kept exactly; external systems call it): <c>ksbb locate --boundaries FILE --key PROPERTY --points IN.csv
/// --out OUT.csv</c>. FILE is GeoJSON or <c>.shp</c>; IN.csv has the header <c>lon,lat</c> and one point per row; OUT.csv
/// has the header <c>lon,lat,PROPERTY</c> and the same rows in the same order (the lon and lat text as given), with the
/// value of PROPERTY of the feature containing the point, empty when none.
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

        var input = File.ReadAllBytes(points.FullName);
        var rows = PointsCsv.Parse(input, points.FullName);

        // A coarser grid builds in half the time; it pays for itself only beyond a few million points.
        var index = BoundaryIndex.Create(layer, cellsPerUnit: rows.Count > 5_000_000 ? 256 : 64);
        var found = new int[rows.Count];
        index.LocateManyParallel(rows.Longitudes.AsMemory(0, rows.Count), rows.Latitudes.AsMemory(0, rows.Count), found);

        var values = layer.Units.Select(u => Encoding.UTF8.GetBytes(CsvField(u.Name))).ToArray();
        AtomicFile.Write(output, stream =>
        {
            var buffer = new byte[1 << 20];
            var used = 0;
            void Put(ReadOnlySpan<byte> bytes)
            {
                if (used + bytes.Length > buffer.Length)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                    if (bytes.Length > buffer.Length)
                    {
                        stream.Write(bytes);
                        return;
                    }
                }

                bytes.CopyTo(buffer.AsSpan(used));
                used += bytes.Length;
            }

            Put(Encoding.UTF8.GetBytes($"lon,lat,{CsvField(key)}\n"));
            for (var i = 0; i < rows.Count; i++)
            {
                Put(input.AsSpan(rows.TextStart[i], rows.TextLength[i]));
                Put(","u8);
                if (found[i] >= 0)
                {
                    Put(values[found[i]]);
                }

                Put("\n"u8);
            }

            stream.Write(buffer, 0, used);
        });
        return ExitCodes.Ok;
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>The parsed <c>lon,lat</c> rows, with where each row's text is in the input (to copy it unchanged).</summary>
    private sealed class PointsCsv(int capacity)
    {
        public double[] Longitudes { get; private set; } = new double[capacity];

        public double[] Latitudes { get; private set; } = new double[capacity];

        public int[] TextStart { get; private set; } = new int[capacity];

        public int[] TextLength { get; private set; } = new int[capacity];

        public int Count { get; private set; }

        public static PointsCsv Parse(byte[] input, string path)
        {
            ReadOnlySpan<byte> data = input;
            var position = data.StartsWith("\uFEFF"u8) ? 3 : 0;
            var lineNumber = 0;
            PointsCsv? rows = null;
            while (position < data.Length)
            {
                lineNumber++;
                var rest = data[position..];
                var newline = rest.IndexOf((byte)'\n');
                var length = newline < 0 ? rest.Length : newline;
                var line = rest[..length];
                if (line.EndsWith("\r"u8))
                {
                    line = line[..^1];
                }

                if (lineNumber == 1)
                {
                    if (!IsHeader(line))
                    {
                        throw new CliInputException($"{path}: line 1: expected the header 'lon,lat', found '{Text(line)}'.");
                    }

                    rows = new PointsCsv(Math.Max(16, data.Length / 20));
                }
                else if (line.IsEmpty)
                {
                    if (newline >= 0 && position + newline + 1 < data.Length)
                    {
                        throw new CliInputException($"{path}: line {lineNumber}: empty row; expected 'lon,lat'.");
                    }
                }
                else
                {
                    rows!.Add(line, position, lineNumber, path);
                }

                position += newline < 0 ? rest.Length : newline + 1;
            }

            return rows ?? throw new CliInputException($"{path}: the file is empty; expected the header 'lon,lat'.");
        }

        private static bool IsHeader(ReadOnlySpan<byte> line)
        {
            var comma = line.IndexOf((byte)',');
            return comma > 0
                && Ascii.EqualsIgnoreCase(Trim(line[..comma]), "lon"u8)
                && Ascii.EqualsIgnoreCase(Trim(line[(comma + 1)..]), "lat"u8);
        }

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim(" \t\""u8);

        private static string Text(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(line.Length > 80 ? line[..80] : line);

        private void Add(ReadOnlySpan<byte> line, int start, int lineNumber, string path)
        {
            var comma = line.IndexOf((byte)',');
            if (comma < 0 || line[(comma + 1)..].IndexOf((byte)',') >= 0)
            {
                throw new CliInputException($"{path}: line {lineNumber}: expected two values 'lon,lat', found '{Text(line)}'.");
            }

            var lon = Number(line[..comma], "lon", -180, 180, lineNumber, path);
            var lat = Number(line[(comma + 1)..], "lat", -90, 90, lineNumber, path);
            if (Count == Longitudes.Length)
            {
                var size = Count * 2;
                Longitudes = Grow(Longitudes, size);
                Latitudes = Grow(Latitudes, size);
                TextStart = Grow(TextStart, size);
                TextLength = Grow(TextLength, size);
            }

            Longitudes[Count] = lon;
            Latitudes[Count] = lat;
            TextStart[Count] = start;
            TextLength[Count] = line.Length;
            Count++;
        }

        private static T[] Grow<T>(T[] array, int size)
        {
            var bigger = new T[size];
            array.CopyTo(bigger, 0);
            return bigger;
        }

        private static double Number(ReadOnlySpan<byte> field, string name, double min, double max, int lineNumber, string path)
        {
            var text = Trim(field);
            if (!Utf8Parser.TryParse(text, out double value, out var consumed) || consumed != text.Length || !double.IsFinite(value))
            {
                throw new CliInputException($"{path}: line {lineNumber}: {name} '{Text(field)}' is not a decimal number.");
            }

            if (value < min || value > max)
            {
                throw new CliInputException(string.Create(CultureInfo.InvariantCulture, $"{path}: line {lineNumber}: {name} {value} is outside {min} to {max} degrees."));
            }

            return value;
        }
    }
}
