using Ksbb.Model.Catalog;
using Ksbb.Model.Needs;
using Ksbb.SampleData;
using Ksbb.Model.Time;

namespace Ksbb.Cli.Demo;

/// <summary>The slice of the sample round that the allocation, reservation and map steps work on: food packages in one period.</summary>
internal static class DemoRound
{
    /// <summary>The item of the round: a food package per poor household (KSBB Pangan).</summary>
    public static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");

    /// <summary>Gets the period with the most food need in the sample data (the round's period).</summary>
    public static DistributionPeriod PeriodOf(SampleDataSet data) =>
        data.Needs.Where(n => n.Item == Item).GroupBy(n => n.Period).OrderByDescending(g => g.Sum(n => (long)n.Quantity)).ThenBy(g => g.Key).First().Key;

    /// <summary>Gets the food needs of the round's period, in unit order.</summary>
    public static IReadOnlyList<Need> NeedsOf(SampleDataSet data)
    {
        var period = PeriodOf(data);
        return data.Needs.Where(n => n.Item == Item && n.Period == period && n.Quantity > 0).OrderBy(n => n.Unit).ToArray();
    }
}
