// Locating a batch of geotagged recipients: which kelurahan (or RW, RT) each recipient's point lies in, then the count
// per unit. Usage: Ksbb.Samples.Locate [BOUNDARIES.geojson|.shp CODE_PROPERTY [RECIPIENTS.csv]]
// Without arguments it uses a small built-in layer (four kelurahan-sized squares) and 20,000 synthetic recipients.
// RECIPIENTS.csv has the header id,lon,lat (decimal degrees).
using System.Globalization;
using Ksbb.Geo;

var boundaries = args.Length > 0 ? args[0] : WriteDemoLayer();
var keying = FeatureKeying.ByCodeProperty(args.Length > 1 ? args[1] : "kode", nameProperty: "nama");
var layer = BoundaryReader.Read(boundaries, keying);        // GeoJSON or Shapefile; errors name the file and feature
var index = BoundaryIndex.Create(layer);                     // build once, share: immutable and thread-safe

var (ids, lons, lats) = args.Length > 2 ? ReadRecipients(args[2]) : DemoRecipients(20_000);
var found = new int[ids.Length];                             // unit index per recipient, -1 outside every unit
var located = index.LocateManyParallel(lons, lats, found);

Console.WriteLine($"{layer.Name}: {layer.Units.Count} units; {located:N0} of {ids.Length:N0} recipients located");
foreach (var group in found.Where(i => i >= 0).GroupBy(i => i).OrderBy(g => layer.Units[g.Key].Key, StringComparer.Ordinal))
{
    var unit = layer.Units[group.Key];
    Console.WriteLine($"  {unit.Key} {unit.Name,-12} {group.Count(),7:N0}");
}

var outside = Enumerable.Range(0, ids.Length).Where(i => found[i] < 0).Take(3).Select(i => ids[i]).ToArray();
Console.WriteLine($"  outside every unit: {ids.Length - located:N0}{(outside.Length > 0 ? " (for example " + string.Join(", ", outside) + ")" : string.Empty)}");

if (index.TryLocate(106.8227, -6.1754, out var monas))
{
    Console.WriteLine($"single lookup 106.8227,-6.1754 -> {monas!.Key} {monas.Name}");
}

if (args.Length == 0)
{
    Directory.Delete(Path.GetDirectoryName(boundaries)!, recursive: true);
}

static (string[] Ids, double[] Lons, double[] Lats) ReadRecipients(string path)
{
    var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select((line, i) =>
    {
        var f = line.Split(',');
        return f.Length == 3
            && double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            && double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            ? (Id: f[0], Lon: lon, Lat: lat)
            : throw new FormatException($"{path}, line {i + 2}: expected id,lon,lat, found '{line}'.");
    }).ToArray();
    return ([.. rows.Select(r => r.Id)], [.. rows.Select(r => r.Lon)], [.. rows.Select(r => r.Lat)]);
}

static (string[] Ids, double[] Lons, double[] Lats) DemoRecipients(int count)
{
    var random = new Random(2020);                           // seeded: the same output every run
    var lons = new double[count];
    var lats = new double[count];
    for (var i = 0; i < count; i++)
    {
        lons[i] = 106.80 + (random.NextDouble() * 0.044);  // a little wider than the layer: some fall outside
        lats[i] = -6.19 + (random.NextDouble() * 0.044);
    }

    return ([.. Enumerable.Range(1, count).Select(i => $"r-{i}")], lons, lats);
}

static string WriteDemoLayer()
{
    // Four 0.02-degree squares with Kemendagri-style codes, as a GeoJSON FeatureCollection (lon/lat, RFC 7946).
    string[] names = ["Gambir", "Kebon Kelapa", "Petojo Utara", "Duri Pulo"];
    var features = names.Select((name, i) =>
    {
        var (w, s) = (106.80 + (0.02 * (i % 2)), -6.19 + (0.02 * (i / 2)));
        var ring = FormattableString.Invariant($"[[{w},{s}],[{w + 0.02},{s}],[{w + 0.02},{s + 0.02}],[{w},{s + 0.02}],[{w},{s}]]");
        return $$$"""{"type":"Feature","properties":{"kode":"31.71.01.{{{1001 + i}}}","nama":"{{{name}}}"},"geometry":{"type":"Polygon","coordinates":[{{{ring}}}]}}""";
    });
    var folder = Directory.CreateTempSubdirectory("ksbb-sample-").FullName;
    var path = Path.Combine(folder, "kelurahan.geojson");
    File.WriteAllText(path, $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""");
    return path;
}
