namespace Ksbb.Model.Time;

/// <summary>How a <see cref="DistributionPeriod"/> was written.</summary>
public enum PeriodKind
{
    /// <summary>No period: the <see langword="default"/> <see cref="DistributionPeriod"/>.</summary>
    None = 0,

    /// <summary>A calendar month, written <c>2020-05</c>.</summary>
    Month = 1,

    /// <summary>An ISO 8601 week (Monday to Sunday), written <c>2020-W18</c>.</summary>
    IsoWeek = 2,

    /// <summary>An explicit inclusive date range, written <c>2020-05-01/2020-05-15</c>.</summary>
    DateRange = 3,
}
