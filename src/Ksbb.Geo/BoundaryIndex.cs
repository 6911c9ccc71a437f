using System.Globalization;
using System.Runtime.InteropServices;
using Ksbb.Geo.Internal;

namespace Ksbb.Geo;

/// <summary>
/// An immutable, thread-safe index answering "which unit contains this point" exactly, millions of times per second
/// on one thread, without allocating.
/// </summary>
/// <remarks>
/// <para>
/// <b>How.</b> A two-level grid covers the layer: each top cell is either answered directly (inside one unit, or in
/// none) or split into 8 × 8 fine cells. A fine cell that no edge touches stores its unit; a fine cell with edges
/// stores the few units whose edges cross it, and a point there is tested with each unit's exact crossing-number
/// test over that unit's edges in one horizontal band. Coordinates are plain <see cref="double"/> arrays; nothing
/// is allocated per lookup.
/// </para>
/// <para>
/// <b>Boundary rule.</b> Each unit is tested with the half-open even-odd (crossing-number) rule over all its rings:
/// a point exactly on an edge shared by two units belongs to exactly one of them, the unit east of the edge (for
/// a horizontal edge, the unit north of it); equivalently a lon/lat rectangle owns its west and south edges and
/// not its east and north edges. The rule is deterministic and never throws, also on self-intersecting rings,
/// where the even-odd rule decides. Where units overlap, the unit with the lowest <see cref="BoundaryUnit.Index"/>
/// wins (layer order: by code, or source order for uncoded layers). A unit made of several polygons contains a point
/// when any of its polygons does (even-odd within each polygon, so holes are outside).
/// </para>
/// <para>
/// <b>Exactness.</b> Outside a band of about 1e-9 degrees (0.1 mm) around edges the answer equals a brute-force test
/// with NetTopologySuite's <c>IndexedPointInAreaLocator</c> (also even-odd) on every unit; see docs/geo.md.
/// </para>
/// <para>
/// <b>Size cap.</b> The grid has at most 4 million top cells, and the index refuses (with an
/// <see cref="ArgumentException"/> naming the layer) a layer whose edges would need more than 16 million stored edge
/// copies or grid cell entries (about 500 MB): one polygon of a million long edges cannot make it grow without bound.
/// </para>
/// </remarks>
public sealed class BoundaryIndex
{
    private const int SubShift = 3;
    private const int Sub = 1 << SubShift; // fine cells per top cell side
    private const int SubMask = Sub - 1;
    private const int SubCells = Sub * Sub;
    private const double Epsilon = 1e-9; // degrees; edges are rasterised into cells grown by this much
    private const int MaxEdgeCopies = 16_000_000; // stored edge copies, and (fine cell, unit) entries while building

    private readonly BoundaryUnit[] _units;
    private readonly UnitShape[] _shapes; // one per polygon part, in unit order
    private readonly int[] _partUnit; // the unit of each part
    private readonly double _minX, _minY, _maxX, _maxY, _invCell;
    private readonly int _topCols, _topRows, _fineCols, _fineRows;
    private readonly int[] _top;
    private readonly int[] _sub;
    private readonly int[] _records; // per boundary cell: n, then n × (unit, first edge, edge count), one entry per polygon part
    private readonly double[] _edges; // quadruples ax, ay, bx, by (ay < by), grouped by unit and row band
    private readonly NearestSearch _nearest;
    private readonly KeyValuePair<string, object?> _layerTag;

    private BoundaryIndex(BoundaryLayer layer, double cellsPerUnit)
    {
        Layer = layer;
        _layerTag = new(GeoTelemetry.LayerTag, layer.Name);
        _units = [.. layer.Units];
        // Each polygon part is tested on its own (even-odd within a polygon, so holes work) and a unit contains a point
        // when any of its parts does: overlapping parts of one unit do not cancel out.
        var parts = new List<UnitShape>();
        var partUnit = new List<int>();
        foreach (var unit in _units)
        {
            if (unit.Geometry.NumGeometries == 1)
            {
                parts.Add(unit.Shape);
                partUnit.Add(unit.Index);
                continue;
            }

            for (var p = 0; p < unit.Geometry.NumGeometries; p++)
            {
                parts.Add(new UnitShape(unit.Geometry.GetGeometryN(p)));
                partUnit.Add(unit.Index);
            }
        }

        _shapes = [.. parts];
        _partUnit = [.. partUnit];
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        foreach (var s in _shapes.Where(s => s.AllEdges.Length > 0))
        {
            minX = Math.Min(minX, s.MinX);
            minY = Math.Min(minY, s.MinY);
            maxX = Math.Max(maxX, s.MaxX);
            maxY = Math.Max(maxY, s.MaxY);
        }

        if (double.IsInfinity(minX))
        {
            minX = minY = 0;
            maxX = maxY = 1;
        }

        var margin = Math.Max(1e-7, Math.Max(maxX - minX, maxY - minY) * 1e-6);
        _minX = minX - margin;
        _minY = minY - margin;
        _maxX = maxX + margin;
        _maxY = maxY + margin;
        var width = _maxX - _minX;
        var height = _maxY - _minY;

        // Top cells: about cellsPerUnit / 64 per unit, square in degrees, capped to keep memory bounded.
        var topTarget = Math.Clamp(_units.Length * cellsPerUnit / SubCells, 1, 4_000_000);
        var topSize = Math.Sqrt(width * height / topTarget);
        _topCols = Math.Clamp((int)Math.Ceiling(width / topSize), 1, 8192);
        _topRows = Math.Clamp((int)Math.Ceiling(height / topSize), 1, 8192);
        _fineCols = _topCols * Sub;
        _fineRows = _topRows * Sub;
        var cell = Math.Max(width / _fineCols, height / _fineRows);
        _invCell = 1.0 / cell;

        _nearest = new NearestSearch(_shapes);
        var build = new GridBuilder(this, cell);
        (_top, _sub, _records, _edges) = build.Run();
    }

    /// <summary>Gets the indexed layer.</summary>
    public BoundaryLayer Layer { get; }

    /// <summary>Gets the approximate memory held by the index (grid, buckets and edge arrays), in bytes.</summary>
    public long MemoryBytes =>
        (((long)_top.Length + _sub.Length + _records.Length + _partUnit.Length) * sizeof(int)) + (_edges.Length * sizeof(double)) + _shapes.Sum(s => s.MemoryBytes) + _nearest.MemoryBytes;

    /// <summary>Gets the number of top cells, how many of them are split into 8 × 8 fine cells, and the number of stored edge copies (for tuning and docs).</summary>
    public (int TopCells, int SplitTopCells, int EdgeCopies) GridStatistics => (_top.Length, _sub.Length / SubCells, _edges.Length / 4);

    /// <summary>Builds an index for a layer.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="cellsPerUnit">Average number of fine grid cells per unit, or <see langword="null"/> for the default:
    /// 1,024 per unit, capped at 8 million fine cells in all (so the 2,700-unit RW layer gets 1,024 and the
    /// 30,000-unit RT layer about 266). More cells answer more points without any edge test and use more memory.</param>
    /// <returns>The index; immutable and thread-safe.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cellsPerUnit"/> is below 1 or above 65,536.</exception>
    /// <exception cref="ArgumentException">The layer is too complex to index within the size cap (see the remarks of <see cref="BoundaryIndex"/>).</exception>
    public static BoundaryIndex Create(BoundaryLayer layer, double? cellsPerUnit = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var density = cellsPerUnit ?? Math.Clamp(8_000_000.0 / Math.Max(1, layer.Units.Count), 1, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(density, 1, nameof(cellsPerUnit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(density, 65_536, nameof(cellsPerUnit));
        return new BoundaryIndex(layer, density);
    }

    /// <summary>Finds the unit containing a point.</summary>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <param name="unit">The unit, or <see langword="null"/> when the point is in none (or a coordinate is NaN or infinite).</param>
    /// <returns><see langword="true"/> when a unit contains the point (boundary rule on the type).</returns>
    /// <remarks>Allocation-free and thread-safe.</remarks>
    public bool TryLocate(double longitude, double latitude, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundaryUnit? unit)
    {
        var i = Find(longitude, latitude);
        GeoTelemetry.CountLookup(i >= 0, _layerTag);
        unit = i >= 0 ? _units[i] : null;
        return i >= 0;
    }

    /// <summary>Finds the index (<see cref="BoundaryUnit.Index"/>) of the unit containing a point, or -1 for none.</summary>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <returns>The unit index, or -1.</returns>
    /// <remarks>Allocation-free and thread-safe; counted in <see cref="GeoTelemetry.LookupsInstrument"/> only while a listener is enabled.</remarks>
    public int LocateIndex(double longitude, double latitude)
    {
        var i = Find(longitude, latitude);
        GeoTelemetry.CountLookup(i >= 0, _layerTag);
        return i;
    }

    private int Find(double longitude, double latitude)
    {
        var x = longitude;
        var y = latitude;
        if (!(x >= _minX && x < _maxX && y >= _minY && y < _maxY))
        {
            return -1;
        }

        var fx = (int)((x - _minX) * _invCell);
        var fy = (int)((y - _minY) * _invCell);
        if (fx >= _fineCols)
        {
            fx = _fineCols - 1;
        }

        if (fy >= _fineRows)
        {
            fy = _fineRows - 1;
        }

        var t = _top[((fy >> SubShift) * _topCols) + (fx >> SubShift)];
        if (t >= -1)
        {
            return t;
        }

        var v = _sub[((-2 - t) << (2 * SubShift)) + ((fy & SubMask) << SubShift) + (fx & SubMask)];
        if (v >= -1)
        {
            return v;
        }

        // A boundary cell: test each candidate unit with the half-open crossing rule on its edges in this row band.
        var records = _records;
        var edges = _edges;
        var r = -2 - v;
        var n = records[r];
        for (var k = 0; k < n; k++)
        {
            var at = r + 1 + (3 * k);
            var i = records[at + 1] * 4;
            var end = i + (records[at + 2] * 4);
            var inside = false;
            for (; i < end; i += 4)
            {
                var ay = edges[i + 1];
                var by = edges[i + 3];
                if (ay <= y && y < by)
                {
                    var ax = edges[i];
                    if (((edges[i + 2] - ax) * (y - ay)) - ((by - ay) * (x - ax)) > 0)
                    {
                        inside = !inside;
                    }
                }
            }

            if (inside)
            {
                return records[at];
            }
        }

        return -1;
    }

    /// <summary>Locates many points on the calling thread.</summary>
    /// <param name="longitudes">Longitudes in degrees.</param>
    /// <param name="latitudes">Latitudes in degrees, same length.</param>
    /// <param name="unitIndexes">Receives each point's unit index or -1; at least as long as the inputs.</param>
    /// <returns>The number of points found in a unit.</returns>
    /// <exception cref="ArgumentException">The spans have different lengths or the output is too short.</exception>
    public int LocateMany(ReadOnlySpan<double> longitudes, ReadOnlySpan<double> latitudes, Span<int> unitIndexes)
    {
        CheckLengths(longitudes.Length, latitudes.Length, unitIndexes.Length);
        using var activity = GeoTelemetry.StartLocateMany(Layer, longitudes.Length);
        var found = FindMany(longitudes, latitudes, unitIndexes);
        GeoTelemetry.CountBatch(activity, longitudes.Length, found, _layerTag);
        return found;
    }

    private static void CheckLengths(int longitudes, int latitudes, int unitIndexes)
    {
        if (longitudes != latitudes)
        {
            throw new ArgumentException($"Got {longitudes} longitudes but {latitudes} latitudes.", nameof(latitudes));
        }

        if (unitIndexes < longitudes)
        {
            throw new ArgumentException($"The output has room for {unitIndexes} results but {longitudes} points were given.", nameof(unitIndexes));
        }
    }

    private int FindMany(ReadOnlySpan<double> longitudes, ReadOnlySpan<double> latitudes, Span<int> unitIndexes)
    {
        var found = 0;
        for (var i = 0; i < longitudes.Length; i++)
        {
            var u = Find(longitudes[i], latitudes[i]);
            unitIndexes[i] = u;
            found += u >= 0 ? 1 : 0;
        }

        return found;
    }

    /// <summary>Locates many points on several threads (chunks of 16,384 points).</summary>
    /// <param name="longitudes">Longitudes in degrees.</param>
    /// <param name="latitudes">Latitudes in degrees, same length.</param>
    /// <param name="unitIndexes">Receives each point's unit index or -1; at least as long as the inputs.</param>
    /// <param name="maxDegreeOfParallelism">Thread limit, or -1 for the runtime default.</param>
    /// <param name="cancellationToken">Stops the work between chunks.</param>
    /// <returns>The number of points found in a unit.</returns>
    /// <exception cref="ArgumentException">The lengths differ or the output is too short.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public int LocateManyParallel(ReadOnlyMemory<double> longitudes, ReadOnlyMemory<double> latitudes, Memory<int> unitIndexes, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        CheckLengths(longitudes.Length, latitudes.Length, unitIndexes.Length);
        using var activity = GeoTelemetry.StartLocateMany(Layer, longitudes.Length);
        const int Chunk = 16_384;
        var chunks = (longitudes.Length + Chunk - 1) / Chunk;
        var found = 0;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken }, c =>
        {
            var start = c * Chunk;
            var length = Math.Min(Chunk, longitudes.Length - start);
            var n = FindMany(longitudes.Span.Slice(start, length), latitudes.Span.Slice(start, length), unitIndexes.Span.Slice(start, length));
            Interlocked.Add(ref found, n);
        });
        GeoTelemetry.CountBatch(activity, longitudes.Length, found, _layerTag);
        return found;
    }

    /// <summary>Finds the unit containing a point or, failing that, the unit whose boundary is nearest within a distance.</summary>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <param name="maxMetres">The search radius in metres (non-negative).</param>
    /// <param name="unit">The unit, or <see langword="null"/> when none is within <paramref name="maxMetres"/>.</param>
    /// <param name="distanceMetres">0 when the point is inside <paramref name="unit"/>, else the haversine distance to
    /// its nearest boundary point; <see cref="double.PositiveInfinity"/> when nothing was found.</param>
    /// <returns><see langword="true"/> when a unit was found.</returns>
    /// <remarks>
    /// For offshore points and gaps between units. The nearest boundary point of each candidate edge is found in a
    /// local equirectangular projection around the query point and measured with the haversine formula (see
    /// <see cref="Geodesy"/>); at city scale the result is within centimetres of the true spherical distance.
    /// Thread-safe; unlike <see cref="TryLocate"/> it allocates a little per call (the candidate search).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMetres"/> is negative or NaN.</exception>
    public bool TryNearest(double longitude, double latitude, double maxMetres, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundaryUnit? unit, out double distanceMetres)
    {
        if (!(maxMetres >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxMetres), maxMetres, "The search radius must be a non-negative number of metres.");
        }

        var inside = Find(longitude, latitude);
        if (inside >= 0)
        {
            unit = _units[inside];
            distanceMetres = 0;
            return true;
        }

        var best = _nearest.Find(longitude, latitude, maxMetres, out distanceMetres);
        unit = best >= 0 ? _units[_partUnit[best]] : null;
        return best >= 0;
    }

    /// <summary>Finds the unit containing a point or the nearest one within <paramref name="maxMetres"/>.</summary>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <param name="maxMetres">The search radius in metres.</param>
    /// <returns>The unit, or <see langword="null"/>; see <see cref="TryNearest"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMetres"/> is negative or NaN.</exception>
    public BoundaryUnit? Nearest(double longitude, double latitude, double maxMetres) =>
        TryNearest(longitude, latitude, maxMetres, out var unit, out _) ? unit : null;

    /// <summary>Builds the two-level grid.</summary>
    private sealed class GridBuilder(BoundaryIndex index, double cell)
    {
        private readonly string _layer = index.Layer.Name;
        private readonly List<double> _edges = [];
        private readonly List<int> _bandStarts = [];
        private int[] _row0 = [], _bandRows = [], _bandCount = [], _bandBase = [];

        public (int[] Top, int[] Sub, int[] Records, double[] Edges) Run()
        {
            var ix = index;
            BuildRowBands();
            // 1. Rasterise every edge into the fine cells it touches (cells grown by Epsilon): (fine cell, unit) pairs.
            var pairs = new List<long>();
            for (var u = 0; u < ix._shapes.Length; u++)
            {
                foreach (var (ax, ay, bx, by) in ix._shapes[u].AllEdges)
                {
                    Rasterise(ax, ay, bx, by, u, pairs);
                    CheckCap(pairs.Count, "grid cell entries");
                }
            }

            pairs.Sort();

            // 2. Group by top cell.
            var top = new int[ix._topCols * ix._topRows];
            var sub = new List<int>();
            var records = new List<int>();
            var recordIds = new Dictionary<ulong, int>();
            var set = new List<int>();
            var record = new List<int>();
            var splitCell = new Dictionary<int, List<(int Fine, int Unit)>>();
            foreach (var pair in pairs.Distinct())
            {
                var fine = (int)(pair >> 32);
                var unit = (int)(pair & 0xFFFFFFFF);
                var fx = fine % ix._fineCols;
                var fy = fine / ix._fineCols;
                var t = ((fy >> SubShift) * ix._topCols) + (fx >> SubShift);
                if (!splitCell.TryGetValue(t, out var list))
                {
                    splitCell[t] = list = [];
                }

                list.Add((((fy & SubMask) << SubShift) + (fx & SubMask), unit));
            }

            var candidates = new List<int>();
            for (var t = 0; t < top.Length; t++)
            {
                var tx = t % ix._topCols;
                var ty = t / ix._topCols;
                double x0 = ix._minX + (tx * Sub * cell), y0 = ix._minY + (ty * Sub * cell);
                if (!splitCell.TryGetValue(t, out var edgeUnits))
                {
                    top[t] = ix.BruteForce(x0 + (Sub * cell / 2), y0 + (Sub * cell / 2), NearbyUnits(x0, y0, Sub * cell, candidates));
                    continue;
                }

                // Units whose box meets this top cell: the only ones that can contain part of it.
                var nearby = NearbyUnits(x0, y0, Sub * cell, candidates).ToArray();
                var perCell = new List<int>[SubCells];
                foreach (var (f, u) in edgeUnits)
                {
                    (perCell[f] ??= []).Add(u);
                }

                top[t] = -2 - (sub.Count / SubCells);
                for (var f = 0; f < SubCells; f++)
                {
                    var cx = x0 + (((f & SubMask) + 0.5) * cell);
                    var cy = y0 + (((f >> SubShift) + 0.5) * cell);
                    if (perCell[f] is not { } units)
                    {
                        // No edge touches this cell or its edge-free neighbour, so they share one answer.
                        sub.Add((f & SubMask) > 0 && perCell[f - 1] is null ? sub[^1]
                            : f >= Sub && perCell[f - Sub] is null ? sub[^Sub]
                            : ix.BruteForce(cx, cy, nearby));
                        continue;
                    }

                    // Edge units (ascending, distinct: the pairs were sorted), plus any unit containing the whole cell
                    // (only in overlapping layers).
                    set.Clear();
                    set.AddRange(units);
                    foreach (var u in nearby)
                    {
                        if (!units.Contains(u) && ix._shapes[u].Contains(cx, cy))
                        {
                            set.Add(u);
                            set.Sort();
                        }
                    }

                    var fy = (ty * Sub) + (f >> SubShift);
                    record.Clear();
                    record.Add(set.Count);
                    var hash = 14695981039346656037UL;
                    foreach (var u in set)
                    {
                        var band = Math.Clamp((fy - _row0[u]) / _bandRows[u], 0, _bandCount[u] - 1);
                        var first = _bandStarts[_bandBase[u] + band];
                        record.Add(ix._partUnit[u]); // the unit, not the part: no extra lookup when it answers
                        record.Add(first);
                        record.Add(_bandStarts[_bandBase[u] + band + 1] - first);
                        hash = (hash ^ (ulong)u) * 1099511628211UL;
                        hash = (hash ^ (ulong)first) * 1099511628211UL;
                    }

                    // Share identical records (same units, same row bands): neighbouring cells in a row usually are.
                    var recordSpan = CollectionsMarshal.AsSpan(record);
                    if (!recordIds.TryGetValue(hash, out var at) || !CollectionsMarshal.AsSpan(records).Slice(at, record.Count).SequenceEqual(recordSpan))
                    {
                        at = records.Count;
                        recordIds.TryAdd(hash, at);
                        records.AddRange(recordSpan);
                    }

                    sub.Add(-2 - at);
                }
            }

            return (top, [.. sub], [.. records], [.. _edges]);
        }

        // Each unit's non-horizontal edges (lower end first) in bands of whole fine rows, about four edges per band.
        private void BuildRowBands()
        {
            var shapes = index._shapes;
            _row0 = new int[shapes.Length];
            _bandRows = new int[shapes.Length];
            _bandCount = new int[shapes.Length];
            _bandBase = new int[shapes.Length];
            for (var u = 0; u < shapes.Length; u++)
            {
                var raw = shapes[u].AllEdges.Where(e => e.Ay != e.By).Select(e => e.Ay < e.By ? e : (Ax: e.Bx, Ay: e.By, Bx: e.Ax, By: e.Ay)).ToList();
                var row0 = FineRow(shapes[u].MinY - Epsilon);
                var rows = FineRow(shapes[u].MaxY + Epsilon) - row0 + 1;
                var height = Math.Max(1, (int)Math.Ceiling(rows / (double)Math.Clamp(raw.Count / 4, 1, rows)));
                var count = (rows + height - 1) / height;
                // Count the copies first, so a layer past the cap is refused before it takes the memory.
                var copies = (long)_edges.Count / 4;
                foreach (var e in raw)
                {
                    copies += Math.Clamp((FineRow(e.By + Epsilon) - row0) / height, 0, count - 1) - Math.Clamp((FineRow(e.Ay - Epsilon) - row0) / height, 0, count - 1) + 1;
                }

                CheckCap(copies, "stored edge copies");
                var bands = new List<(double, double, double, double)>[count];
                foreach (var e in raw)
                {
                    var b0 = Math.Clamp((FineRow(e.Ay - Epsilon) - row0) / height, 0, count - 1);
                    var b1 = Math.Clamp((FineRow(e.By + Epsilon) - row0) / height, 0, count - 1);
                    for (var b = b0; b <= b1; b++)
                    {
                        (bands[b] ??= []).Add(e);
                    }
                }

                (_row0[u], _bandRows[u], _bandCount[u], _bandBase[u]) = (row0, height, count, _bandStarts.Count);
                foreach (var band in bands)
                {
                    _bandStarts.Add(_edges.Count / 4);
                    foreach (var (ax, ay, bx, by) in band ?? [])
                    {
                        _edges.Add(ax);
                        _edges.Add(ay);
                        _edges.Add(bx);
                        _edges.Add(by);
                    }
                }

                _bandStarts.Add(_edges.Count / 4);
            }
        }

        // A hostile or absurd layer (one polygon of a million long edges) must not grow the index without bound.
        private void CheckCap(long count, string what)
        {
            if (count > MaxEdgeCopies)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Layer '{_layer}' is too complex to index: it needs more than {MaxEdgeCopies:N0} {what} (the cap, about 500 MB). Simplify the geometry or split the layer."));
            }
        }

        private List<int> NearbyUnits(double x0, double y0, double size, List<int> result)
        {
            result.Clear();
            result.AddRange(index._nearest.Query(x0, y0, x0 + size, y0 + size));
            result.Sort();
            return result;
        }

        private void Rasterise(double ax, double ay, double bx, double by, int unit, List<long> pairs)
        {
            var ix = index;
            double loX = Math.Min(ax, bx) - Epsilon, hiX = Math.Max(ax, bx) + Epsilon;
            var c0 = FineCol(loX);
            var c1 = FineCol(hiX);
            var dx = bx - ax;
            for (var c = c0; c <= c1; c++)
            {
                // The part of the segment within this column (grown by Epsilon), then its y range.
                double colLo = ix._minX + (c * cell) - Epsilon, colHi = ix._minX + ((c + 1) * cell) + Epsilon;
                double yLo, yHi;
                if (Math.Abs(dx) < 1e-300)
                {
                    yLo = Math.Min(ay, by);
                    yHi = Math.Max(ay, by);
                }
                else
                {
                    var xa = Math.Max(Math.Min(ax, bx), colLo);
                    var xb = Math.Min(Math.Max(ax, bx), colHi);
                    var ya = ay + ((xa - ax) * (by - ay) / dx);
                    var yb = ay + ((xb - ax) * (by - ay) / dx);
                    yLo = Math.Max(Math.Min(ya, yb), Math.Min(ay, by));
                    yHi = Math.Min(Math.Max(ya, yb), Math.Max(ay, by));
                }

                var r0 = FineRow(yLo - Epsilon);
                var r1 = FineRow(yHi + Epsilon);
                for (var r = r0; r <= r1; r++)
                {
                    pairs.Add(((long)((r * ix._fineCols) + c) << 32) | (uint)unit);
                }
            }
        }

        private int FineCol(double x) => Math.Clamp((int)Math.Floor((x - index._minX) * index._invCell), 0, index._fineCols - 1);

        private int FineRow(double y) => Math.Clamp((int)Math.Floor((y - index._minY) * index._invCell), 0, index._fineRows - 1);
    }

    private int BruteForce(double x, double y, List<int> sortedCandidates)
    {
        foreach (var u in sortedCandidates)
        {
            if (_shapes[u].Contains(x, y))
            {
                return _partUnit[u];
            }
        }

        return -1;
    }

    private int BruteForce(double x, double y, int[] sortedCandidates)
    {
        foreach (var u in sortedCandidates)
        {
            if (_shapes[u].Contains(x, y))
            {
                return _partUnit[u];
            }
        }

        return -1;
    }
}
