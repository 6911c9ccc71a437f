namespace Ksbb.Allocation.Solver;

/// <summary>Inequality indexes of fill rates.</summary>
internal static class FairnessIndexes
{
    /// <summary>The Gini index: Σ_i Σ_j |x_i − x_j| / (2 n² mean); 0 for no values or all zero.</summary>
    public static double Gini(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        double sum = 0, weighted = 0;
        for (var i = 0; i < n; i++)
        {
            sum += sorted[i];
            weighted += (i + 1) * sorted[i];
        }

        if (n == 0 || sum <= 0)
        {
            return 0;
        }

        return Math.Max(0, ((2 * weighted) / (n * sum)) - ((n + 1.0) / n));
    }

    /// <summary>Jain's index: (Σx)² / (n Σx²); 1 for no values or all zero.</summary>
    public static double Jain(IReadOnlyList<double> values)
    {
        double sum = 0, squares = 0;
        foreach (var x in values)
        {
            sum += x;
            squares += x * x;
        }

        return values.Count == 0 || squares <= 0 ? 1 : sum * sum / (values.Count * squares);
    }
}
