using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Model;

/// <summary>Argument checks shared by the factories.</summary>
internal static class Guard
{
    public static void Region(RegionCode code, string name)
    {
        if (code.IsDefault)
        {
            throw new ArgumentException("A region code is required; the default value names no region.", name);
        }
    }

    public static void Item(ItemCode code, string name)
    {
        if (code.IsDefault)
        {
            throw new ArgumentException("An item code is required; the default value names no item.", name);
        }
    }

    public static void Period(DistributionPeriod period, string name)
    {
        if (period.IsDefault)
        {
            throw new ArgumentException("A period is required; the default value is no period.", name);
        }
    }

    public static void Id(bool isDefault, string what, string name)
    {
        if (isDefault)
        {
            throw new ArgumentException($"A {what} id is required; the default value is no id.", name);
        }
    }

    public static string Text(string? text, string what, string name, int maxLength = 200)
    {
        ArgumentNullException.ThrowIfNull(text, name);
        var trimmed = text.Trim();
        return trimmed.Length == 0 || trimmed.Length > maxLength
            ? throw new ArgumentException($"The {what} must have 1 to {maxLength} characters.", name)
            : trimmed;
    }

    public static RegionCode[] Areas(IEnumerable<RegionCode>? areas, string name)
    {
        if (areas is null)
        {
            return [];
        }

        var list = areas.Distinct().Order().ToArray();
        if (list.Any(a => a.IsDefault))
        {
            throw new ArgumentException("An area list cannot contain the default region code.", name);
        }

        return list;
    }
}
