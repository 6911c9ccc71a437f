using System.Globalization;
using System.Text;
using System.Text.Json;
using Ksbb.Geo.Internal;
using Ksbb.Model.Formats;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Simplify;

namespace Ksbb.Geo;


/// <summary>Options for <see cref="NeedMap.WriteSvg"/>.</summary>
public sealed record NeedMapOptions
{
    /// <summary>Gets the map title (default <c>KSBB need map</c>).</summary>
    public string Title { get; init; } = "KSBB need map";

    /// <summary>Gets the width of the map drawing in pixels (default 1000; the legend adds 220).</summary>
    public int WidthPixels { get; init; } = 1000;

    /// <summary>Gets a value indicating whether to draw kota outlines, dissolved from the units' codes (default <see langword="true"/>).</summary>
    public bool KotaOutlines { get; init; } = true;
}

/// <summary>Writes public need maps: a choropleth GeoJSON and an SVG drawing, per unit, from aggregate figures.</summary>
/// <remarks>
/// <para>
/// Fill rate = (reserved + delivered) ÷ need, per unit; units with need 0 have no fill rate and units without figures
/// are drawn as "no data". The GeoJSON has, per unit, the properties <c>code</c>, <c>name</c>, <c>need</c>,
/// <c>reserved</c>, <c>delivered</c> and <c>fill_rate</c> (null where undefined) and nothing else: no personal data. A
/// synthetic layer is marked (<c>"synthetic": true</c> in the GeoJSON, "synthetic boundaries" in the SVG).
/// </para>
/// <para>The values CSV read by <see cref="ReadValues"/> has the header <c>code,need,reserved,delivered</c>. All members are thread-safe.</para>
/// </remarks>
public static class NeedMap
{
    private static readonly (double Upper, string Colour, string Label)[] Classes =
    [
        (0.25, "#d7191c", "below 25%"),
        (0.50, "#fdae61", "25% to 50%"),
        (0.75, "#ffffbf", "50% to 75%"),
        (1.00, "#a6d96a", "75% to 100%"),
        (double.PositiveInfinity, "#1a9641", "100% or more"),
    ];

    private const string NoNeedColour = "#f0f0f0";
    private const string NoDataColour = "#bdbdbd";

    /// <summary>Reads per-unit figures from a CSV with the header <c>code,need,reserved,delivered</c> (read by <see cref="KsbbCsv.ReadUnitFigures"/>: UTF-8, RFC 4180 quoting, byte order mark and CRLF accepted).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The figures by unit key (the <c>code</c> column, matched against <see cref="BoundaryUnit.Key"/>).</returns>
    /// <exception cref="InvalidDataException">The header is wrong, a row is malformed, a number is negative or not an integer, or a code repeats; the message names the file, line and column.</exception>
    public static Dictionary<string, NeedFigures> ReadValues(string path) =>
        CsvFiles.Read(path, KsbbCsv.ReadUnitFigures).ToDictionary(r => r.Code, r => new NeedFigures(r.Need, r.Reserved, r.Delivered), StringComparer.Ordinal);

    /// <summary>Writes the choropleth GeoJSON (RFC 7946 FeatureCollection, coordinates rounded to 7 decimals, about 1 cm).</summary>
    /// <param name="layer">The units to draw.</param>
    /// <param name="values">Figures by unit key; units without an entry get null figures.</param>
    /// <param name="output">The stream to write UTF-8 JSON to (left open).</param>
    /// <exception cref="ArgumentException">A key in <paramref name="values"/> is not a unit of the layer, or a figure is negative.</exception>
    public static void WriteGeoJson(BoundaryLayer layer, IReadOnlyDictionary<string, NeedFigures> values, Stream output)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(output);
        Check(layer, values);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteString("name", layer.Name);
        json.WriteBoolean("synthetic", layer.IsSynthetic);
        json.WriteStartArray("features");
        foreach (var unit in layer.Units)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("properties");
            json.WriteString("code", unit.Key);
            json.WriteString("name", unit.Name);
            if (values.TryGetValue(unit.Key, out var v))
            {
                json.WriteNumber("need", v.Need);
                json.WriteNumber("reserved", v.Reserved);
                json.WriteNumber("delivered", v.Delivered);
                if (v.FillRate is { } rate)
                {
                    json.WriteNumber("fill_rate", Math.Round(rate, 4));
                }
                else
                {
                    json.WriteNull("fill_rate");
                }
            }
            else
            {
                foreach (var name in (string[])["need", "reserved", "delivered", "fill_rate"])
                {
                    json.WriteNull(name);
                }
            }

            json.WriteEndObject();
            json.WritePropertyName("geometry");
            WriteGeometry(json, unit.Geometry);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Draws the need map as SVG: units filled by fill-rate class, kota outlines, a legend and the title.</summary>
    /// <param name="layer">The units to draw.</param>
    /// <param name="values">Figures by unit key.</param>
    /// <param name="output">The stream to write UTF-8 SVG to (left open).</param>
    /// <param name="options">Drawing options, or <see langword="null"/> for the defaults.</param>
    /// <remarks>Equirectangular projection scaled by the cosine of the middle latitude, north up. Kota outlines are
    /// the union of the units of each kota (by code), so a layer without codes gets none.</remarks>
    /// <exception cref="ArgumentException">A key in <paramref name="values"/> is not a unit of the layer, or a figure is negative.</exception>
    public static void WriteSvg(BoundaryLayer layer, IReadOnlyDictionary<string, NeedFigures> values, Stream output, NeedMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(output);
        Check(layer, values);
        options ??= new NeedMapOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WidthPixels, 100, nameof(options));
        var env = new Envelope();
        foreach (var u in layer.Units)
        {
            env.ExpandToInclude(u.Geometry.EnvelopeInternal);
        }

        var kx = Math.Cos((env.MinY + env.MaxY) / 2 * Math.PI / 180);
        var scale = options.WidthPixels / Math.Max(env.Width * kx, 1e-12);
        var height = (int)Math.Ceiling(env.Height * scale);
        const int Top = 50;
        var projection = new Projection(env.MinX, env.MaxY, kx, scale, Top);
        var svg = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{options.WidthPixels + 220}\" height=\"{height + Top + 30}\" viewBox=\"0 0 {options.WidthPixels + 220} {height + Top + 30}\" font-family=\"sans-serif\">\n");
        svg.Append(inv, $"<title>{Escape(options.Title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.Append(inv, $"<text x=\"10\" y=\"30\" font-size=\"20\" font-weight=\"bold\">{Escape(options.Title)}</text>\n");
        svg.Append("<g stroke=\"#ffffff\" stroke-width=\"0.3\" fill-rule=\"evenodd\">\n");
        foreach (var unit in layer.Units)
        {
            var colour = values.TryGetValue(unit.Key, out var v) ? (v.FillRate is { } rate ? Classes.First(c => rate < c.Upper).Colour : NoNeedColour) : NoDataColour;
            svg.Append(inv, $"<path fill=\"{colour}\" d=\"");
            projection.AppendPath(svg, unit.Geometry);
            svg.Append(inv, $"\"><title>{Escape(unit.Name)} ({Escape(unit.Key)}){Describe(values, unit.Key)}</title></path>\n");
        }

        svg.Append("</g>\n");
        if (options.KotaOutlines)
        {
            svg.Append("<g fill=\"none\" stroke=\"#252525\" stroke-width=\"1.5\" fill-rule=\"evenodd\">\n");
            foreach (var outline in KotaOutlines(layer, 0.5 / scale))
            {
                svg.Append("<path d=\"");
                projection.AppendPath(svg, outline);
                svg.Append("\"/>\n");
            }

            svg.Append("</g>\n");
        }

        var lx = options.WidthPixels + 20;
        svg.Append(inv, $"<g font-size=\"13\"><text x=\"{lx}\" y=\"{Top + 10}\" font-weight=\"bold\">Fill rate</text>\n");
        svg.Append(inv, $"<text x=\"{lx}\" y=\"{Top + 26}\" font-size=\"11\">(reserved + delivered) / need</text>\n");
        var legend = Classes.Select(c => (c.Colour, c.Label)).Append((Colour: NoNeedColour, Label: "no need")).Append((Colour: NoDataColour, Label: "no data")).ToList();
        for (var i = 0; i < legend.Count; i++)
        {
            var y = Top + 40 + (i * 24);
            svg.Append(inv, $"<rect x=\"{lx}\" y=\"{y}\" width=\"18\" height=\"18\" fill=\"{legend[i].Colour}\" stroke=\"#636363\" stroke-width=\"0.5\"/><text x=\"{lx + 26}\" y=\"{y + 14}\">{legend[i].Label}</text>\n");
        }

        var footY = Top + 40 + (legend.Count * 24) + 10;
        svg.Append(inv, $"<line x1=\"{lx}\" y1=\"{footY}\" x2=\"{lx + 18}\" y2=\"{footY}\" stroke=\"#252525\" stroke-width=\"1.5\"/><text x=\"{lx + 26}\" y=\"{footY + 4}\">kota boundary</text>\n");
        svg.Append(inv, $"<text x=\"{lx}\" y=\"{footY + 28}\" font-size=\"11\">{layer.Units.Count} units{(layer.IsSynthetic ? ", synthetic boundaries" : string.Empty)}</text></g>\n");
        svg.Append("</svg>\n");
        var bytes = Encoding.UTF8.GetBytes(svg.ToString());
        output.Write(bytes);
    }

    private static string Describe(IReadOnlyDictionary<string, NeedFigures> values, string key) =>
        values.TryGetValue(key, out var v)
            ? string.Create(CultureInfo.InvariantCulture, $": need {v.Need}, reserved {v.Reserved}, delivered {v.Delivered}{(v.FillRate is { } r ? $", fill rate {r:P0}" : string.Empty)}")
            : ": no data";

    private static void Check(BoundaryLayer layer, IReadOnlyDictionary<string, NeedFigures> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, v) in values)
        {
            if (!layer.TryGetUnit(key, out _))
            {
                throw new ArgumentException($"Figures are given for '{key}', which is not a unit of layer '{layer.Name}'.", nameof(values));
            }

            if (v.Need < 0 || v.Reserved < 0 || v.Delivered < 0)
            {
                throw new ArgumentException($"Figures for '{key}' are negative: need {v.Need}, reserved {v.Reserved}, delivered {v.Delivered}.", nameof(values));
            }
        }
    }

    private static IEnumerable<Geometry> KotaOutlines(BoundaryLayer layer, double tolerance)
    {
        var groups = layer.Units.Where(u => u.Code.Level >= RegionLevel.Kota).GroupBy(u => u.Code.AncestorAt(RegionLevel.Kota)).OrderBy(g => g.Key);
        foreach (var group in groups)
        {
            Geometry? union;
            try
            {
                union = CascadedPolygonUnion.Union([.. group.Select(u => u.Geometry.IsValid ? u.Geometry : u.Geometry.Buffer(0))]);
            }
            catch (TopologyException)
            {
                union = null; // an outline is decoration: skip a kota whose union fails rather than fail the map
            }

            if (union is not null && !union.IsEmpty)
            {
                yield return DouglasPeuckerSimplifier.Simplify(union, tolerance);
            }
        }
    }

    private static void WriteGeometry(Utf8JsonWriter json, Geometry geometry)
    {
        json.WriteStartObject();
        json.WriteString("type", geometry is Polygon ? "Polygon" : "MultiPolygon");
        json.WriteStartArray("coordinates");
        for (var p = 0; p < geometry.NumGeometries; p++)
        {
            var polygon = (Polygon)geometry.GetGeometryN(p);
            if (geometry is not Polygon)
            {
                json.WriteStartArray();
            }

            WriteRing(json, polygon.Shell.CoordinateSequence);
            foreach (var hole in polygon.Holes)
            {
                WriteRing(json, hole.CoordinateSequence);
            }

            if (geometry is not Polygon)
            {
                json.WriteEndArray();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRing(Utf8JsonWriter json, CoordinateSequence ring)
    {
        json.WriteStartArray();
        for (var i = 0; i < ring.Count; i++)
        {
            json.WriteStartArray();
            json.WriteNumberValue(Math.Round(ring.GetX(i), 7));
            json.WriteNumberValue(Math.Round(ring.GetY(i), 7));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private sealed class Projection(double minX, double maxY, double kx, double scale, double top)
    {
        public void AppendPath(StringBuilder svg, Geometry geometry)
        {
            for (var p = 0; p < geometry.NumGeometries; p++)
            {
                if (geometry.GetGeometryN(p) is not Polygon polygon)
                {
                    continue;
                }

                AppendRing(svg, polygon.Shell.CoordinateSequence);
                foreach (var hole in polygon.Holes)
                {
                    AppendRing(svg, hole.CoordinateSequence);
                }
            }
        }

        private void AppendRing(StringBuilder svg, CoordinateSequence ring)
        {
            double lastX = double.NaN, lastY = double.NaN;
            for (var i = 0; i < ring.Count; i++)
            {
                var x = (ring.GetX(i) - minX) * kx * scale;
                var y = top + ((maxY - ring.GetY(i)) * scale);
                // Drop vertices closer than a third of a pixel to the last one drawn.
                if (i > 0 && i < ring.Count - 1 && Math.Abs(x - lastX) < 0.33 && Math.Abs(y - lastY) < 0.33)
                {
                    continue;
                }

                svg.Append(i == 0 ? 'M' : 'L').Append(Math.Round(x, 1).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Math.Round(y, 1).ToString(CultureInfo.InvariantCulture));
                (lastX, lastY) = (x, y);
            }

            svg.Append('Z');
        }
    }
}
