using Ksbb.Model.Regions;

namespace Ksbb.Geo.Tests;

/// <summary>Small layers built from coordinates, so the engine is tested without any data files.</summary>
internal static class SyntheticLayers
{
    /// <summary>A 3 × 3 grid of 0.01° squares with west-south corner at (106.80, -6.20), keys "r{row}c{col}".</summary>
    public static BoundaryLayer Grid3x3() => BoundaryLayer.Create("grid", Cells(3, 3, 106.80, -6.20, 0.01));

    public static IEnumerable<BoundaryFeature> Cells(int rows, int cols, double west, double south, double size)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                yield return BoundaryFeature.FromRectangle($"r{r}c{c}", default, $"cell {r},{c}", west + (c * size), south + (r * size), west + ((c + 1) * size), south + ((r + 1) * size));
            }
        }
    }

    /// <summary>Coded RW rectangles inside kelurahan 31.71.01.1001 (for the RT builder and nesting).</summary>
    public static BoundaryLayer CodedRws(int count)
    {
        var kelurahan = RegionCode.Parse("31.71.01.1001");
        return BoundaryLayer.Create("rws", Enumerable.Range(1, count).Select(i =>
        {
            var code = RegionCode.ForRw(kelurahan, i);
            var feature = BoundaryFeature.FromRectangle(code.ToString(), code, $"GAMBIR RW {i:D2}", 106.80 + ((i - 1) * 0.01), -6.20, 106.81 + ((i - 1) * 0.01), -6.19);
            return new BoundaryFeature(feature.Key, feature.Code, feature.Name, feature.Geometry, i - 1, new Dictionary<string, string?> { ["KEL_NAME"] = "GAMBIR" });
        }));
    }
}
