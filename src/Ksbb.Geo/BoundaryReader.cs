using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Ksbb.Geo.Internal;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Ksbb.Geo;

/// <summary>Reads boundary layers from GeoJSON (RFC 7946) and Esri Shapefile files.</summary>
/// <remarks>
/// <para>
/// Geometry must be WGS84 lon/lat (RFC 7946; a shapefile's <c>.prj</c> is not reprojected). Features whose geometry is
/// not a Polygon or MultiPolygon, or is empty, are rejected with an error naming the feature.
/// </para>
/// <para>
/// Shapefiles are read in NetTopologySuite's <c>IgnoreInvalidShapes</c> mode: polygons are built as stored, invalid
/// ones included (the strict default refuses the whole 2012 RW layer because of one self-intersecting ring, and the
/// "fix" modes change geometry). Use <see cref="LayerValidator"/> to list invalid geometries. All methods are
/// thread-safe.
/// </para>
/// </remarks>
public static class BoundaryReader
{
    /// <summary>The largest GeoJSON file read, in bytes (2 GiB − 1, the longest span the JSON reader takes).</summary>
    private const long MaxGeoJsonBytes = int.MaxValue;

    /// <summary>Reads a layer from a <c>.shp</c> file (by extension, case-insensitive) or else a GeoJSON file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="keying">How features get their unit key.</param>
    /// <returns>The layer, named after the file.</returns>
    /// <exception cref="FileNotFoundException">
    /// The file does not exist, or a shapefile's <c>.shx</c> or <c>.dbf</c> does not: <see cref="FileNotFoundException.FileName"/>
    /// is the missing file (see <see cref="ReadShapefile"/>).
    /// </exception>
    /// <exception cref="InvalidDataException">The file is malformed, a feature is not polygonal or its key is invalid; the message names the file and feature.</exception>
    public static BoundaryLayer Read(string path, FeatureKeying keying)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) ? ReadShapefile(path, keying) : ReadGeoJson(path, keying);
    }

    /// <summary>Reads the features of a GeoJSON FeatureCollection.</summary>
    /// <param name="path">The file.</param>
    /// <param name="keying">How features get their unit key.</param>
    /// <returns>The layer.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The JSON is malformed (the message gives line and path) or a feature is unusable.</exception>
    public static BoundaryLayer ReadGeoJson(string path, FeatureKeying keying)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(keying);
        var features = ReadMapped(path);
        var raw = new List<(Geometry?, IAttributesTable?)>(features.Count);
        var attributes = new List<Dictionary<string, string?>>(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            var (geometry, otherType, properties) = features[i];
            if (geometry is null)
            {
                throw new InvalidDataException($"{path}: feature {i}: geometry is {otherType}; a boundary needs a Polygon or MultiPolygon.");
            }

            raw.Add((geometry, null));
            attributes.Add(properties);
        }

        return Build(path, raw, keying, attributes);
    }

    // The file is mapped into memory rather than copied into an array: the operating system pages it in as the reader
    // goes and may drop the pages again, so a large file does not need its size in process memory on top of the layer.
    private static unsafe List<(Geometry? Geometry, string? OtherType, Dictionary<string, string?> Properties)> ReadMapped(string path)
    {
        var length = new FileInfo(path) is { Exists: true } info ? info.Length : throw new FileNotFoundException($"GeoJSON file '{path}' does not exist.", path);
        if (length == 0)
        {
            throw new InvalidDataException($"{path}: the file is empty; expected a GeoJSON FeatureCollection.");
        }

        if (length > MaxGeoJsonBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: the file has {length:N0} bytes; a GeoJSON boundary file may have at most {MaxGeoJsonBytes:N0}. Simplify or split the layer."));
        }

        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return GeoJsonFeatureReader.Read(new ReadOnlySpan<byte>(pointer + view.PointerOffset, (int)length), path);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Reads the features of an Esri Shapefile (with its <c>.shx</c> and <c>.dbf</c>).</summary>
    /// <param name="path">The <c>.shp</c> file.</param>
    /// <param name="keying">How features get their unit key.</param>
    /// <returns>The layer.</returns>
    /// <exception cref="FileNotFoundException">
    /// The <c>.shp</c> file does not exist, or one of the files a shapefile is made of beside it does not: the <c>.shx</c>
    /// index or the <c>.dbf</c> attribute table (the same name with that extension). <see cref="FileNotFoundException.FileName"/>
    /// is the missing file (the <c>.shx</c> when both companions are missing), and the message names every missing one.
    /// </exception>
    /// <exception cref="InvalidDataException">The file is malformed or a feature is unusable.</exception>
    public static BoundaryLayer ReadShapefile(string path, FeatureKeying keying)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(keying);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Shapefile '{path}' does not exist.", path);
        }

        CheckCompanions(path);
        ShapefileCheck.Validate(path);
        Feature[] features;
        try
        {
            features = Shapefile.ReadAllFeatures(path, new ShapefileReaderOptions { GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes });
        }
        catch (Exception ex) when (ex is not FileNotFoundException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: cannot read the shapefile: {ex.Message}", ex);
        }

        return Build(path, features.Select(f => ((Geometry?)f.Geometry, (IAttributesTable?)f.Attributes)).ToList(), keying);
    }

    // A shapefile is three files of one name: the .shp (shapes), the .shx (their index) and the .dbf (their attributes).
    // A missing companion is named here; the reader would otherwise report it as a missing .shp, or not at all.
    private static void CheckCompanions(string path)
    {
        var missing = new[] { (Extension: ".shx", Role: "index"), (Extension: ".dbf", Role: "attribute table") }
            .Select(c => (Path: Path.ChangeExtension(path, c.Extension), c.Role))
            .Where(c => !File.Exists(c.Path))
            .ToList();
        if (missing.Count > 0)
        {
            var named = string.Join(" and ", missing.Select(c => $"its {c.Role} '{c.Path}'"));
            throw new FileNotFoundException($"{path}: {named} {(missing.Count == 1 ? "does" : "do")} not exist; a shapefile is read with its .shx and .dbf beside it, of the same name.", missing[0].Path);
        }
    }

    private static BoundaryLayer Build(string path, List<(Geometry? Geometry, IAttributesTable? Attributes)> raw, FeatureKeying keying, List<Dictionary<string, string?>>? texts = null)
    {
        var features = new List<BoundaryFeature>(raw.Count);
        var sawProperty = keying.RequiredProperty is null;
        for (var i = 0; i < raw.Count; i++)
        {
            var (geometry, table) = raw[i];
            if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty)
            {
                throw new InvalidDataException($"{path}: feature {i}: geometry is {geometry?.GeometryType ?? "missing"}{(geometry?.IsEmpty == true ? " (empty)" : string.Empty)}; a boundary needs a Polygon or MultiPolygon.");
            }

            CheckLonLat(path, i, geometry);
            if (geometry is MultiPolygon { NumGeometries: 1 } single)
            {
                geometry = single.GetGeometryN(0); // shapefiles store every polygon as a multi-part shape
            }

            var attributes = texts?[i] ?? ToText(table);
            sawProperty |= keying.RequiredProperty is not null && attributes.ContainsKey(keying.RequiredProperty);
            var (key, code, name) = keying.KeyOf(attributes, i, path);
            features.Add(new BoundaryFeature(key, code, name, geometry, i, attributes));
        }

        if (!sawProperty)
        {
            throw new InvalidDataException($"{path}: no feature has the property '{keying.RequiredProperty}' ({keying.Description}).");
        }

        try
        {
            return BoundaryLayer.Create(Path.GetFileName(path), features);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    // RFC 7946 positions are WGS84 degrees; projected metres (UTM: [700000, 9300000]) or non-finite values are bad input.
    private static void CheckLonLat(string path, int feature, Geometry geometry)
    {
        var coordinates = geometry.Coordinates;
        for (var c = 0; c < coordinates.Length; c++)
        {
            var (x, y) = (coordinates[c].X, coordinates[c].Y);
            if (!(double.IsFinite(x) && double.IsFinite(y) && Math.Abs(x) <= 180 && Math.Abs(y) <= 90))
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: feature {feature}: position {c} [{x}, {y}] is not a WGS84 longitude and latitude in degrees (projected metres?); boundaries must be lon/lat (RFC 7946; a shapefile's .prj is not reprojected)."));
            }
        }
    }

    private static Dictionary<string, string?> ToText(IAttributesTable? table)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (table is null)
        {
            return result;
        }

        foreach (var name in table.GetNames())
        {
            result[name] = table[name] switch
            {
                null => null,
                string s => s.Trim(),
                JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
                JsonElement e => e.GetRawText(),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
        }

        return result;
    }
}
