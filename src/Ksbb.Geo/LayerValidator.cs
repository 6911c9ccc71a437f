using Ksbb.Model.Regions;
using Ksbb.Geo.Internal;
using NetTopologySuite.Operation.Valid;

namespace Ksbb.Geo;

/// <summary>An invalid source geometry (self-intersection, ring problem...) with where it is.</summary>
/// <param name="FeatureIndex">The zero-based position of the feature in the layer's <see cref="BoundaryLayer.Features"/> (its position in the source file).</param>
/// <param name="Key">The unit key of the feature.</param>
/// <param name="Name">The unit's display name.</param>
/// <param name="Problem">NetTopologySuite's description, such as <c>Self-intersection</c>.</param>
/// <param name="Location">Where the problem is, in lon/lat degrees.</param>
public sealed record InvalidGeometry(int FeatureIndex, string Key, string Name, string Problem, GeoPoint? Location);

/// <summary>A key (region code) carried by more than one source feature; the features were merged into one unit.</summary>
/// <param name="Key">The key.</param>
/// <param name="Name">The unit's display name.</param>
/// <param name="FeatureIndexes">The source positions of the features.</param>
public sealed record DuplicateKey(string Key, string Name, IReadOnlyList<int> FeatureIndexes);

/// <summary>A unit that does not lie within its parent unit (by region code) in a parent layer, beyond the tolerance.</summary>
/// <param name="Key">The unit key.</param>
/// <param name="ParentKey">The parent's key (its region code).</param>
/// <param name="Problem">What is wrong: the parent is missing from the parent layer, or part of the unit lies outside it.</param>
/// <param name="MaxDistanceOutsideMetres">The largest distance of a unit vertex outside the parent, in metres (infinity when the parent is missing).</param>
/// <param name="VerticesOutside">How many of the unit's vertices lie farther outside than the tolerance.</param>
public sealed record NestingProblem(string Key, string ParentKey, string Problem, double MaxDistanceOutsideMetres, int VerticesOutside);

/// <summary>Gaps and overlaps of a layer, estimated on a regular grid of sample points over its bounding box.</summary>
/// <param name="Samples">The number of sample points.</param>
/// <param name="SampleSpacingMetres">The approximate distance between neighbouring samples, in metres.</param>
/// <param name="CoveredAreaSquareMetres">Estimated area covered by at least one unit, m².</param>
/// <param name="GapAreaSquareMetres">Estimated area enclosed by the layer but in no unit (uncovered samples not connected to the edge of the box), m².</param>
/// <param name="GapCount">Number of separate gaps found.</param>
/// <param name="GapLocations">One sample point per gap (at most 100).</param>
/// <param name="OverlapAreaSquareMetres">Estimated area in two or more units, m².</param>
/// <param name="OverlappingPairs">Keys of unit pairs found overlapping (at most 100).</param>
public sealed record CoverageSummary(int Samples, double SampleSpacingMetres, double CoveredAreaSquareMetres, double GapAreaSquareMetres, int GapCount, IReadOnlyList<GeoPoint> GapLocations, double OverlapAreaSquareMetres, IReadOnlyList<(string First, string Second)> OverlappingPairs);

/// <summary>The result of <see cref="LayerValidator.Validate"/>.</summary>
/// <param name="Layer">The layer name.</param>
/// <param name="FeatureCount">The number of source features.</param>
/// <param name="UnitCount">The number of units after merging.</param>
/// <param name="InvalidGeometries">Invalid source geometries, in source order.</param>
/// <param name="DuplicateKeys">Keys carried by several features.</param>
/// <param name="NestingProblems">Units outside their parent (empty when no parent layer was given).</param>
/// <param name="Coverage">Gaps and overlaps.</param>
public sealed record LayerValidationReport(string Layer, int FeatureCount, int UnitCount, IReadOnlyList<InvalidGeometry> InvalidGeometries, IReadOnlyList<DuplicateKey> DuplicateKeys, IReadOnlyList<NestingProblem> NestingProblems, CoverageSummary Coverage);

/// <summary>Checks a boundary layer: invalid geometries, duplicate keys, nesting in a parent layer, gaps and overlaps.</summary>
/// <remarks>Lookups keep working on a layer with problems (see <see cref="BoundaryIndex"/>); this report says what to fix. Thread-safe.</remarks>
public static class LayerValidator
{
    /// <summary>Validates a layer.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="parentLayer">A coded layer one or more levels up (for example kelurahan for an RW layer), or
    /// <see langword="null"/> to skip the nesting check. Each unit's parent is its code's ancestor at the parent layer's level.</param>
    /// <param name="toleranceMetres">How far a unit's vertex may lie outside its parent before it counts (default 10 m).</param>
    /// <param name="samplesPerSide">Sample grid size for the gap/overlap estimate (default 400, so 160,000 samples).</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or the sample grid is below 10 or above 4,000.</exception>
    public static LayerValidationReport Validate(BoundaryLayer layer, BoundaryLayer? parentLayer = null, double toleranceMetres = 10, int samplesPerSide = 400)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceMetres);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerSide, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplesPerSide, 4000);
        var unitOfKey = layer.Units.ToDictionary(u => u.Key, StringComparer.Ordinal);
        var invalid = new List<InvalidGeometry>();
        for (var i = 0; i < layer.Features.Count; i++)
        {
            var feature = layer.Features[i];
            var error = new IsValidOp(feature.Geometry).ValidationError;
            if (error is not null)
            {
                var unit = unitOfKey[feature.Key];
                invalid.Add(new InvalidGeometry(i, feature.Key, unit.Name, error.Message, error.Coordinate is { } at && GeoPoint.TryCreate(at.X, at.Y, out var location) ? location : null));
            }
        }

        var duplicates = layer.Units.Where(u => u.FeatureIndexes.Count > 1).Select(u => new DuplicateKey(u.Key, u.Name, u.FeatureIndexes)).ToList();
        var nesting = parentLayer is null ? [] : CheckNesting(layer, parentLayer, toleranceMetres);
        return new LayerValidationReport(layer.Name, layer.Features.Count, layer.Units.Count, invalid, duplicates, nesting, Coverage(layer, samplesPerSide));
    }

    private static List<NestingProblem> CheckNesting(BoundaryLayer layer, BoundaryLayer parents, double tolerance)
    {
        var problems = new List<NestingProblem>();
        var parentLevel = parents.Units.FirstOrDefault(u => !u.Code.IsDefault)?.Code.Level
            ?? throw new ArgumentException($"Parent layer '{parents.Name}' has no region codes.", nameof(parents));
        foreach (var unit in layer.Units)
        {
            if (unit.Code.IsDefault || unit.Code.Level <= parentLevel)
            {
                continue;
            }

            var parentCode = unit.Code.AncestorAt(parentLevel);
            if (!parents.TryGetUnit(parentCode, out var parent))
            {
                problems.Add(new NestingProblem(unit.Key, parentCode.ToString(), $"parent {parentCode} is not in layer '{parents.Name}'", double.PositiveInfinity, 0));
                continue;
            }

            double worst = 0;
            var outside = 0;
            foreach (var (x, y, _, _) in unit.Shape.AllEdges)
            {
                if (!parent.Shape.Contains(x, y))
                {
                    var d = parent.Shape.BoundaryDistanceMetres(x, y);
                    worst = Math.Max(worst, d);
                    outside += d > tolerance ? 1 : 0;
                }
            }

            if (outside > 0)
            {
                problems.Add(new NestingProblem(unit.Key, parentCode.ToString(), $"{outside} vertices lie more than {tolerance} m outside parent {parentCode} (up to {worst:F0} m)", worst, outside));
            }
        }

        return problems;
    }

    private static CoverageSummary Coverage(BoundaryLayer layer, int n)
    {
        var shapes = layer.Units.Select(u => u.Shape).Where(s => s.AllEdges.Length > 0).ToArray();
        var search = new NearestSearch([.. layer.Units.Select(u => u.Shape)]);
        double minX = shapes.Min(s => s.MinX), maxX = shapes.Max(s => s.MaxX), minY = shapes.Min(s => s.MinY), maxY = shapes.Max(s => s.MaxY);
        double dx = (maxX - minX) / n, dy = (maxY - minY) / n;
        var state = new byte[n * n]; // 0 uncovered, 1 covered, 2 overlap
        var pairs = new SortedSet<(string, string)>();
        double covered = 0, overlap = 0;
        double Cell(double lat) => GeoPoint.HaversineMetres(0, lat, dx, lat) * GeoPoint.HaversineMetres(0, lat, 0, lat + dy);
        for (var r = 0; r < n; r++)
        {
            var y = minY + ((r + 0.5) * dy);
            var cellArea = Cell(y);
            for (var c = 0; c < n; c++)
            {
                var x = minX + ((c + 0.5) * dx);
                var first = -1;
                var count = 0;
                foreach (var u in search.Query(x, y, x, y))
                {
                    if (layer.Units[u].Shape.Contains(x, y))
                    {
                        count++;
                        if (first < 0)
                        {
                            first = u;
                        }
                        else if (pairs.Count < 100)
                        {
                            var (a, b) = (layer.Units[Math.Min(first, u)].Key, layer.Units[Math.Max(first, u)].Key);
                            pairs.Add((a, b));
                        }
                    }
                }

                state[(r * n) + c] = (byte)Math.Min(count, 2);
                covered += count > 0 ? cellArea : 0;
                overlap += count > 1 ? cellArea : 0;
            }
        }

        // Uncovered samples reachable from the border are outside the layer; the rest are gaps.
        var outside = new bool[n * n];
        var queue = new Queue<int>();
        for (var i = 0; i < n; i++)
        {
            foreach (var cell in new[] { i, ((n - 1) * n) + i, i * n, (i * n) + n - 1 })
            {
                if (state[cell] == 0 && !outside[cell])
                {
                    outside[cell] = true;
                    queue.Enqueue(cell);
                }
            }
        }

        Flood(queue, state, outside, n, _ => { });
        double gapArea = 0;
        var gaps = new List<GeoPoint>();
        var gapCount = 0;
        for (var cell = 0; cell < state.Length; cell++)
        {
            if (state[cell] == 0 && !outside[cell])
            {
                gapCount++;
                if (gaps.Count < 100)
                {
                    gaps.Add(GeoPoint.Create(minX + ((cell % n + 0.5) * dx), minY + ((cell / n + 0.5) * dy)));
                }

                outside[cell] = true;
                queue.Enqueue(cell);
                Flood(queue, state, outside, n, i => gapArea += Cell(minY + ((i / n + 0.5) * dy)));
            }
        }

        var spacing = Math.Sqrt(Cell((minY + maxY) / 2));
        return new CoverageSummary(n * n, spacing, covered, gapArea, gapCount, gaps, overlap, [.. pairs]);
    }

    private static void Flood(Queue<int> queue, byte[] state, bool[] seen, int n, Action<int> visit)
    {
        while (queue.TryDequeue(out var cell))
        {
            visit(cell);
            int r = cell / n, c = cell % n;
            Span<int> next = [r > 0 ? cell - n : -1, r < n - 1 ? cell + n : -1, c > 0 ? cell - 1 : -1, c < n - 1 ? cell + 1 : -1];
            foreach (var m in next)
            {
                if (m >= 0 && state[m] == 0 && !seen[m])
                {
                    seen[m] = true;
                    queue.Enqueue(m);
                }
            }
        }
    }
}
