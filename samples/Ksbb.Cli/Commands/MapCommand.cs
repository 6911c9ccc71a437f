using Ksbb.Model.Needs;
using System.CommandLine;
using Ksbb.Geo;

namespace Ksbb.Cli;

/// <summary><c>ksbb map</c>: the public need map (choropleth GeoJSON and/or SVG) from a boundary file and per-unit figures.</summary>
internal static class MapCommand
{
    public static Command Create()
    {
        var boundaries = new Option<FileInfo>("--boundaries") { Description = "Boundary file: GeoJSON (lon/lat) or an Esri .shp.", Required = true };
        var key = new Option<string?>("--key") { Description = "The feature property holding the unit code that the values' code column matches." };
        var crosswalk = new Option<FileInfo?>("--rw-crosswalk") { Description = "Instead of --key: key RW features (KAB_NAME, KEC_NAME, KEL_NAME, RW) by RW code through this kelurahan crosswalk CSV." };
        var values = new Option<FileInfo>("--values") { Description = "Per-unit figures: CSV with the header code,need,reserved,delivered (non-negative integers).", Required = true };
        var geojson = new Option<FileInfo?>("--geojson") { Description = "Write the choropleth GeoJSON here (per unit: code, name, need, reserved, delivered, fill_rate)." };
        var svg = new Option<FileInfo?>("--svg") { Description = "Write the SVG map here (fill by fill rate, legend, title, kota outlines)." };
        var title = new Option<string>("--title") { Description = "Map title.", DefaultValueFactory = _ => "KSBB need map" };
        var command = new Command(
            "map",
            """
            Draw the public need map: fill rate = (reserved + delivered) / need per unit. No personal data goes in or out.
            Examples:
              ksbb map --boundaries kelurahan.geojson --key kode --values figures.csv --svg need-map.svg
              ksbb map --boundaries rw.geojson --rw-crosswalk kelurahan.csv --values rw.csv --geojson map.geojson --svg map.svg
            """);
        foreach (var option in new Option[] { boundaries, key, crosswalk, values, geojson, svg, title })
        {
            command.Options.Add(option);
        }

        command.SetAction(r =>
        {
            var keyValue = r.GetValue(key);
            var crosswalkFile = r.GetValue(crosswalk);
            var geojsonFile = r.GetValue(geojson);
            var svgFile = r.GetValue(svg);
            if ((keyValue is null) == (crosswalkFile is null))
            {
                throw new CliInputException("give exactly one of --key PROPERTY or --rw-crosswalk FILE.");
            }

            if (geojsonFile is null && svgFile is null)
            {
                throw new CliInputException("give --geojson FILE, --svg FILE or both.");
            }

            FeatureKeying keying;
            try
            {
                keying = keyValue is not null ? FeatureKeying.ByProperty(keyValue) : FeatureKeying.ByRwNames(KelurahanCrosswalk.Read(crosswalkFile!.FullName));
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliInputException(ex.Message, ex);
            }

            var layer = GeoCommandSupport.LoadBoundaries(r.GetValue(boundaries)!, keying);
            Dictionary<string, NeedFigures> figures;
            try
            {
                figures = NeedMap.ReadValues(r.GetValue(values)!.FullName);
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliInputException(ex.Message, ex);
            }

            if (figures.Keys.FirstOrDefault(k => !layer.TryGetUnit(k, out _)) is { } unknown)
            {
                throw new CliInputException($"{r.GetValue(values)!.FullName}: code '{unknown}' is not a unit of {layer.Name} (units are keyed by {keying.Description}).");
            }

            if (geojsonFile is not null)
            {
                AtomicFile.Write(geojsonFile, s => NeedMap.WriteGeoJson(layer, figures, s));
                Console.Out.WriteLine($"wrote {geojsonFile.FullName} ({layer.Units.Count} units, {figures.Count} with figures)");
            }

            if (svgFile is not null)
            {
                AtomicFile.Write(svgFile, s => NeedMap.WriteSvg(layer, figures, s, new NeedMapOptions { Title = r.GetValue(title) ?? "KSBB need map" }));
                Console.Out.WriteLine($"wrote {svgFile.FullName}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
