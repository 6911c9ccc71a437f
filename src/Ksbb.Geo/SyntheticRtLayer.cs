using System.Globalization;
using Ksbb.Geo.Internal;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Triangulate;

namespace Ksbb.Geo;

/// <summary>The RT numbers of every RW, by kelurahan name and RW number (the 2012 DKI list: <c>kelurahan_name,rw_number,rt_number</c>).</summary>
/// <remarks>Kelurahan names compare after normalisation (upper case, letters and digits only). Immutable and thread-safe.</remarks>
public sealed class RtList
{
    private static readonly CsvColumn[] Columns = [new("kelurahan_name", true), new("rw_number", true), new("rt_number", true)];

    private readonly Dictionary<(string Kelurahan, int Rw), int[]> _rts;

    private RtList(Dictionary<(string, int), int[]> rts, int count)
    {
        _rts = rts;
        Count = count;
    }

    /// <summary>Gets the number of RTs listed.</summary>
    public int Count { get; }

    /// <summary>Gets the number of (kelurahan, RW) pairs listed.</summary>
    public int RwCount => _rts.Count;

    /// <summary>Creates a list from rows.</summary>
    /// <param name="rows">(kelurahan name, RW number, RT number) rows; duplicates are ignored.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An RW or RT number is outside 1 to 999.</exception>
    public static RtList Create(IEnumerable<(string Kelurahan, int Rw, int Rt)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sets = new Dictionary<(string, int), SortedSet<int>>();
        foreach (var (kelurahan, rw, rt) in rows)
        {
            if (rw is < 1 or > 999 || rt is < 1 or > 999)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"RT list row '{kelurahan},{rw},{rt}': RW and RT numbers must be 1 to 999.");
            }

            var key = (KelurahanCrosswalk.Normalize(kelurahan), rw);
            if (!sets.TryGetValue(key, out var set))
            {
                sets[key] = set = [];
            }

            set.Add(rt);
        }

        return new RtList(sets.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), sets.Sum(kv => kv.Value.Count));
    }

    /// <summary>Reads the headerless CSV <c>kelurahan_name,rw_number,rt_number</c> (for example <c>GAMBIR,1,1</c>) from a file, with <see cref="Read(TextReader, string)"/>.</summary>
    /// <param name="path">The file (UTF-8, byte order mark optional).</param>
    /// <returns>The list.</returns>
    /// <exception cref="InvalidDataException">A row is malformed; the message names the file, line and column, and the inner exception is the <see cref="CsvFormatException"/>.</exception>
    public static RtList Read(string path) => CsvFiles.Read(path, Read);

    /// <summary>Reads the RT list through the one CSV reader (<see cref="CsvTable"/>): no header, records <c>kelurahan_name,rw_number,rt_number</c> (for example <c>GAMBIR,1,1</c>), numbers 1 to 999.</summary>
    /// <param name="reader">The CSV text (left open).</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The list; a repeated row counts once.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CsvFormatException">The CSV is malformed, a name is empty or a number is outside 1 to 999; the message names the line and column.</exception>
    public static RtList Read(TextReader reader, string sourceName = "rt.csv") =>
        Create(CsvTable.Read(reader, sourceName, Columns, CsvHeader.None).Select(r => (r.Required(0), r.Whole(1, 1, 999), r.Whole(2, 1, 999))));

    /// <summary>Finds the RT numbers of an RW.</summary>
    /// <param name="kelurahan">The kelurahan name.</param>
    /// <param name="rw">The RW number.</param>
    /// <param name="rts">The RT numbers in ascending order when found.</param>
    /// <returns><see langword="true"/> when the RW is listed.</returns>
    public bool TryGetRts(string kelurahan, int rw, out IReadOnlyList<int> rts)
    {
        ArgumentNullException.ThrowIfNull(kelurahan);
        var found = _rts.TryGetValue((KelurahanCrosswalk.Normalize(kelurahan), rw), out var array);
        rts = array ?? [];
        return found;
    }
}

/// <summary>Builds a <b>synthetic</b> RT layer by splitting each RW polygon into its RTs. No public RT polygons exist;
/// the result is made up and only for demos, tests and benchmarks.</summary>
/// <remarks>
/// For each RW unit: as many seed points as the RW has RTs are drawn inside it with a random generator seeded by the
/// seed and the RW code; their Voronoi diagram (NetTopologySuite <see cref="VoronoiDiagramBuilder"/>) is clipped to the
/// RW polygon; cells are numbered north to south, then west to east, and take the RW's RT numbers in order. An RW not
/// in the RT list (or with one RT) becomes a single RT 1 (or its one listed RT) covering the whole RW. A
/// self-intersecting RW is repaired with a zero buffer first. The same inputs and seed give the same layer on every
/// run. The layer's <see cref="BoundaryLayer.IsSynthetic"/> is <see langword="true"/> and every name ends in
/// <c>(synthetic)</c>. Thread-safe.
/// </remarks>
public static class SyntheticRtLayer
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Builds the synthetic RT layer.</summary>
    /// <param name="rwLayer">An RW layer with RW codes and a kelurahan name attribute (as read with <see cref="FeatureKeying.ByRwNames"/>).</param>
    /// <param name="rtList">The RT numbers per RW.</param>
    /// <param name="seed">The seed (default 2012).</param>
    /// <param name="kelurahanAttribute">The attribute holding the kelurahan name as the RT list spells it (default <c>KEL_NAME</c>).</param>
    /// <returns>The RT layer, coded <c>kelurahan.RW.RT</c>.</returns>
    /// <exception cref="ArgumentException">A unit of <paramref name="rwLayer"/> has no RW code.</exception>
    public static BoundaryLayer Build(BoundaryLayer rwLayer, RtList rtList, int seed = 2012, string kelurahanAttribute = "KEL_NAME")
    {
        ArgumentNullException.ThrowIfNull(rwLayer);
        ArgumentNullException.ThrowIfNull(rtList);
        var perRw = new List<BoundaryFeature>[rwLayer.Units.Count];
        Parallel.For(0, rwLayer.Units.Count, i =>
        {
            var rw = rwLayer.Units[i];
            if (rw.Code.Level != RegionLevel.Rw)
            {
                throw new ArgumentException($"Unit '{rw}' of layer '{rwLayer.Name}' has no RW code.", nameof(rwLayer));
            }

            var kelurahan = rw.Attributes.GetValueOrDefault(kelurahanAttribute) ?? string.Empty;
            var rts = rtList.TryGetRts(kelurahan, rw.Code.Rw, out var listed) ? listed : [1];
            perRw[i] = Split(rw, rts, seed);
        });

        return BoundaryLayer.Create($"{rwLayer.Name} split into RTs (synthetic)", perRw.SelectMany(f => f), isSynthetic: true);
    }

    private static List<BoundaryFeature> Split(BoundaryUnit rw, IReadOnlyList<int> rts, int seed)
    {
        var result = new List<BoundaryFeature>(rts.Count);
        var geometry = rw.Geometry.IsValid ? rw.Geometry : rw.Geometry.Buffer(0);
        string Name(int rt) => string.Create(CultureInfo.InvariantCulture, $"{rw.Name} RT {rt:D3} (synthetic)");
        BoundaryFeature Feature(int rt, Geometry g) => new(RegionCode.ForRt(rw.Code, rt).ToString(), RegionCode.ForRt(rw.Code, rt), Name(rt), g, result.Count);
        if (rts.Count == 1 || geometry.IsEmpty)
        {
            result.Add(Feature(rts[0], geometry.IsEmpty ? rw.Geometry : AsPolygonal(geometry)));
            return result;
        }

        var random = new Random(unchecked(seed ^ (int)(rw.Code.PackedValue % 2_147_483_647)));
        var env = rw.Geometry.EnvelopeInternal;
        var sites = new List<Coordinate>(rts.Count);
        var seen = new HashSet<(double, double)>();
        for (var attempt = 0; sites.Count < rts.Count && attempt < rts.Count * 1000; attempt++)
        {
            var x = env.MinX + (random.NextDouble() * env.Width);
            var y = env.MinY + (random.NextDouble() * env.Height);
            if (rw.Shape.Contains(x, y) && seen.Add((x, y)))
            {
                sites.Add(new Coordinate(x, y));
            }
        }

        if (sites.Count < rts.Count)
        {
            // A sliver RW: fall back to one RT for the whole RW, numbered with the first listed RT.
            result.Add(Feature(rts[0], AsPolygonal(geometry)));
            return result;
        }

        sites.Sort((a, b) => b.Y != a.Y ? b.Y.CompareTo(a.Y) : a.X.CompareTo(b.X));
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var clip = new Envelope(env);
        clip.ExpandBy(Math.Max(env.Width, env.Height) * 0.1);
        builder.ClipEnvelope = clip;
        var cells = builder.GetDiagram(Factory);
        var cellOf = new Dictionary<(double, double), Geometry>();
        for (var c = 0; c < cells.NumGeometries; c++)
        {
            var cell = cells.GetGeometryN(c);
            if (cell.UserData is Coordinate site)
            {
                cellOf[(site.X, site.Y)] = cell;
            }
        }

        for (var s = 0; s < sites.Count; s++)
        {
            if (!cellOf.TryGetValue((sites[s].X, sites[s].Y), out var cell))
            {
                continue;
            }

            var part = AsPolygonal(OverlayNGRobust.Overlay(cell, geometry, SpatialFunction.Intersection));
            if (!part.IsEmpty)
            {
                result.Add(Feature(rts[s], part));
            }
        }

        return result;
    }

    private static Geometry AsPolygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon)
        {
            return g is MultiPolygon { NumGeometries: 1 } m ? m.GetGeometryN(0) : g;
        }

        var polygons = Enumerable.Range(0, g.NumGeometries).Select(g.GetGeometryN).OfType<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons);
    }
}
