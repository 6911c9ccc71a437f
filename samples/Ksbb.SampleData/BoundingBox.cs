using System.Globalization;
using Ksbb.Model.Regions;

namespace Ksbb.SampleData;

/// <summary>A longitude/latitude rectangle in WGS84 degrees: the synthetic geometry of a sample unit.</summary>
/// <param name="West">The western longitude.</param>
/// <param name="South">The southern latitude.</param>
/// <param name="East">The eastern longitude (greater than <paramref name="West"/>).</param>
/// <param name="North">The northern latitude (greater than <paramref name="South"/>).</param>
/// <remarks>Edges are shared exactly between neighbouring units (the same double values), so the rectangles of one level tile their parent.</remarks>
public sealed record BoundingBox(double West, double South, double East, double North)
{
    /// <summary>Gets the centre, used as the unit's representative point (always inside the rectangle).</summary>
    public GeoPoint Center => GeoPoint.Create((West + East) / 2, (South + North) / 2);

    /// <summary>Gets the width in degrees of longitude.</summary>
    public double Width => East - West;

    /// <summary>Gets the height in degrees of latitude.</summary>
    public double Height => North - South;

    /// <summary>Gets the area in square degrees.</summary>
    public double Area => Width * Height;

    /// <summary>Returns whether a point lies inside or on the edge.</summary>
    /// <param name="longitude">The longitude.</param>
    /// <param name="latitude">The latitude.</param>
    /// <returns><see langword="true"/> when inside or on the edge.</returns>
    public bool Contains(double longitude, double latitude) => longitude >= West && longitude <= East && latitude >= South && latitude <= North;

    /// <summary>Returns whether another rectangle lies inside this one (edges may touch).</summary>
    /// <param name="other">The other rectangle.</param>
    /// <returns><see langword="true"/> when inside.</returns>
    public bool Contains(BoundingBox other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.West >= West && other.East <= East && other.South >= South && other.North <= North;
    }

    /// <summary>Returns <c>west,south,east,north</c>.</summary>
    /// <returns>The four numbers, invariant culture.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{West},{South},{East},{North}");

    /// <summary>Cuts the rectangle into pieces with areas proportional to the weights: a guillotine partition along the longer side, recursively.</summary>
    /// <param name="weights">One positive weight per piece.</param>
    /// <returns>The pieces, in the order of the weights; together they tile this rectangle exactly.</returns>
    internal BoundingBox[] Split(ReadOnlySpan<double> weights)
    {
        var result = new BoundingBox[weights.Length];
        Split(this, weights, result);
        return result;
    }

    private static void Split(BoundingBox box, ReadOnlySpan<double> weights, Span<BoundingBox> result)
    {
        if (weights.Length == 1)
        {
            result[0] = box;
            return;
        }

        var half = weights.Length / 2;
        double first = 0, total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            if (i < half)
            {
                first += weights[i];
            }
        }

        var share = first / total;
        BoundingBox a, b;
        if (box.Width >= box.Height)
        {
            var cut = box.West + (box.Width * share);
            a = box with { East = cut };
            b = box with { West = cut };
        }
        else
        {
            var cut = box.North - (box.Height * share);
            a = box with { South = cut };
            b = box with { North = cut };
        }

        Split(a, weights[..half], result[..half]);
        Split(b, weights[half..], result[half..]);
    }
}
