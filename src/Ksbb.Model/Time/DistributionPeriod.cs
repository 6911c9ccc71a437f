using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Calendars;
using NodaTime.Text;

namespace Ksbb.Model.Time;

/// <summary>
/// A distribution period: a calendar month (<c>2020-05</c>), an ISO week (<c>2020-W18</c>) or an explicit inclusive
/// date range (<c>2020-05-01/2020-05-15</c>), in the Asia/Jakarta time zone.
/// </summary>
/// <remarks>
/// Two periods are equal when they have the same kind and the same dates, so <c>2020-05</c> and
/// <c>2020-05-01/2020-05-31</c> cover the same days but are different periods (their canonical texts differ).
/// The <see langword="default"/> value is no period and formats as the empty string. Immutable and thread-safe.
/// </remarks>
[JsonConverter(typeof(DistributionPeriodJsonConverter))]
public readonly struct DistributionPeriod : IEquatable<DistributionPeriod>, IComparable<DistributionPeriod>
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    private DistributionPeriod(PeriodKind kind, LocalDate start, LocalDate end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    /// <summary>Gets the time zone of every period: Asia/Jakarta (WIB, UTC+7).</summary>
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Asia/Jakarta"];

    /// <summary>Gets how the period was written.</summary>
    public PeriodKind Kind { get; }

    /// <summary>Gets the first day of the period.</summary>
    public LocalDate Start { get; }

    /// <summary>Gets the last day of the period (inclusive).</summary>
    public LocalDate End { get; }

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> value.</summary>
    public bool IsDefault => Kind == PeriodKind.None;

    /// <summary>Gets the number of days in the period.</summary>
    public int Days => IsDefault ? 0 : DistributionPeriod.DaysBetween(Start, End) + 1;

    private static int DaysBetween(LocalDate a, LocalDate b) => NodaTime.Period.Between(a, b, PeriodUnits.Days).Days;

    /// <summary>Creates the period of one calendar month.</summary>
    /// <param name="year">The year, 1 to 9999.</param>
    /// <param name="month">The month, 1 to 12.</param>
    /// <returns>The month period.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The year or month is out of range.</exception>
    public static DistributionPeriod ForMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        var start = new LocalDate(year, month, 1);
        return new DistributionPeriod(PeriodKind.Month, start, start.PlusMonths(1).PlusDays(-1));
    }

    /// <summary>Creates the period of one ISO 8601 week (Monday to Sunday).</summary>
    /// <param name="weekYear">The ISO week-year.</param>
    /// <param name="week">The week number, 1 to 52 or 53.</param>
    /// <returns>The week period.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The week does not exist in that week-year.</exception>
    public static DistributionPeriod ForIsoWeek(int weekYear, int week)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weekYear, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weekYear, 9998);
        var weeks = WeekYearRules.Iso.GetWeeksInWeekYear(weekYear);
        if (week < 1 || week > weeks)
        {
            throw new ArgumentOutOfRangeException(nameof(week), week, $"ISO week-year {weekYear} has weeks 1 to {weeks}.");
        }

        var start = WeekYearRules.Iso.GetLocalDate(weekYear, week, IsoDayOfWeek.Monday);
        return new DistributionPeriod(PeriodKind.IsoWeek, start, start.PlusDays(6));
    }

    /// <summary>Creates an explicit inclusive date range.</summary>
    /// <param name="start">The first day.</param>
    /// <param name="end">The last day, not before <paramref name="start"/>.</param>
    /// <returns>The range period.</returns>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/> or a date is not ISO-calendar.</exception>
    public static DistributionPeriod ForRange(LocalDate start, LocalDate end)
    {
        if (start.Calendar != CalendarSystem.Iso || end.Calendar != CalendarSystem.Iso)
        {
            throw new ArgumentException("Period dates must be in the ISO calendar.", nameof(start));
        }

        if (end < start)
        {
            throw new ArgumentException($"Period end {DatePattern.Format(end)} is before its start {DatePattern.Format(start)}.", nameof(end));
        }

        return new DistributionPeriod(PeriodKind.DateRange, start, end);
    }

    /// <summary>Returns the period's kind-appropriate period that contains <paramref name="date"/>: the month of a date.</summary>
    /// <param name="date">A date.</param>
    /// <returns>The calendar month containing the date.</returns>
    public static DistributionPeriod MonthOf(LocalDate date) => ForMonth(date.Year, date.Month);

    /// <summary>Returns whether <paramref name="date"/> falls in the period.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> when <see cref="Start"/> ≤ date ≤ <see cref="End"/>.</returns>
    public bool Contains(LocalDate date) => !IsDefault && date >= Start && date <= End;

    /// <summary>Returns whether <paramref name="instant"/> falls in the period, in Asia/Jakarta time.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><see langword="true"/> when the instant's Jakarta date falls in the period.</returns>
    public bool Contains(Instant instant) => Contains(instant.InZone(Zone).Date);

    /// <summary>Returns whether the two periods share at least one day.</summary>
    /// <param name="other">The other period.</param>
    /// <returns><see langword="true"/> when they overlap.</returns>
    public bool Overlaps(DistributionPeriod other) => !IsDefault && !other.IsDefault && Start <= other.End && other.Start <= End;

    /// <summary>Gets the period as a half-open interval of instants: from the start of <see cref="Start"/> to the start of the day after <see cref="End"/>, in Asia/Jakarta.</summary>
    /// <returns>The interval.</returns>
    /// <exception cref="InvalidOperationException">This is the default value.</exception>
    public Interval ToInterval()
    {
        if (IsDefault)
        {
            throw new InvalidOperationException("The default Period has no interval.");
        }

        return new Interval(Zone.AtStartOfDay(Start).ToInstant(), Zone.AtStartOfDay(End.PlusDays(1)).ToInstant());
    }

    /// <summary>Parses <c>2020-05</c>, <c>2020-W18</c> or <c>2020-05-01/2020-05-15</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a period; the message says why.</exception>
    public static DistributionPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var period, out var error) ? period : throw new FormatException(error);
    }

    /// <summary>Tries to parse a period.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="period">The period, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DistributionPeriod period) => TryParse(text, out period, out _);

    /// <summary>Tries to parse a period, giving the reason when it fails.</summary>
    /// <param name="text">The text; <see langword="null"/> fails.</param>
    /// <param name="period">The period, or <see langword="default"/>.</param>
    /// <param name="error">Why the text is not a period, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DistributionPeriod period, [NotNullWhen(false)] out string? error)
    {
        period = default;
        const string Expected = "expected a month '2020-05', an ISO week '2020-W18' or a date range '2020-05-01/2020-05-15'";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A period cannot be empty; {Expected}.";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var a = DatePattern.Parse(text[..slash]);
            var b = DatePattern.Parse(text[(slash + 1)..]);
            if (!a.Success || !b.Success)
            {
                error = $"Period '{text}': {(a.Success ? "end" : "start")} is not a date yyyy-MM-dd; {Expected}.";
                return false;
            }

            if (b.Value < a.Value)
            {
                error = $"Period '{text}': the end is before the start.";
                return false;
            }

            period = new DistributionPeriod(PeriodKind.DateRange, a.Value, b.Value);
            error = null;
            return true;
        }

        if (text.Length == 8 && text[4] == '-' && text[5] == 'W' && TryDigits(text.AsSpan(0, 4), out var wy) && TryDigits(text.AsSpan(6, 2), out var w))
        {
            if (wy < 2 || wy > 9998 || w < 1 || w > WeekYearRules.Iso.GetWeeksInWeekYear(wy))
            {
                error = $"Period '{text}': ISO week-year {wy} has no week {w}.";
                return false;
            }

            period = ForIsoWeek(wy, w);
            error = null;
            return true;
        }

        if (text.Length == 7 && text[4] == '-' && TryDigits(text.AsSpan(0, 4), out var y) && TryDigits(text.AsSpan(5, 2), out var m))
        {
            if (y < 1 || m < 1 || m > 12)
            {
                error = $"Period '{text}': month {m} of year {y} does not exist.";
                return false;
            }

            period = ForMonth(y, m);
            error = null;
            return true;
        }

        error = $"Period '{text}' is not recognised; {Expected}.";
        return false;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Formats the period in its canonical form: <c>2020-05</c>, <c>2020-W18</c> or <c>2020-05-01/2020-05-15</c>.</summary>
    /// <returns>The canonical text, or the empty string for the default value.</returns>
    public override string ToString() => Kind switch
    {
        PeriodKind.Month => Start.ToString("yyyy'-'MM", CultureInfo.InvariantCulture),
        PeriodKind.IsoWeek => string.Create(CultureInfo.InvariantCulture, $"{WeekYearRules.Iso.GetWeekYear(Start):D4}-W{WeekYearRules.Iso.GetWeekOfWeekYear(Start):D2}"),
        PeriodKind.DateRange => DatePattern.Format(Start) + "/" + DatePattern.Format(End),
        _ => string.Empty,
    };

    /// <inheritdoc/>
    public bool Equals(DistributionPeriod other) => Kind == other.Kind && Start == other.Start && End == other.End;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DistributionPeriod other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Start, End);

    /// <summary>Orders periods by start, then end, then kind.</summary>
    /// <param name="other">The other period.</param>
    /// <returns>A negative number, zero or a positive number.</returns>
    public int CompareTo(DistributionPeriod other)
    {
        var c = Start.CompareTo(other.Start);
        if (c == 0)
        {
            c = End.CompareTo(other.End);
        }

        return c != 0 ? c : Kind.CompareTo(other.Kind);
    }

    /// <summary>Equality.</summary>
    /// <param name="left">The left period.</param>
    /// <param name="right">The right period.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(DistributionPeriod left, DistributionPeriod right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left period.</param>
    /// <param name="right">The right period.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(DistributionPeriod left, DistributionPeriod right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">The left period.</param>
    /// <param name="right">The right period.</param>
    /// <returns>Whether left sorts first.</returns>
    public static bool operator <(DistributionPeriod left, DistributionPeriod right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left period.</param>
    /// <param name="right">The right period.</param>
    /// <returns>Whether left sorts last.</returns>
    public static bool operator >(DistributionPeriod left, DistributionPeriod right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left period.</param>
    /// <param name="right">The right period.</param>
    /// <returns>Whether left sorts first or is equal.</returns>
    public static bool operator <=(DistributionPeriod left, DistributionPeriod right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left period.</param>
    /// <param name="right">The right period.</param>
    /// <returns>Whether left sorts last or is equal.</returns>
    public static bool operator >=(DistributionPeriod left, DistributionPeriod right) => left.CompareTo(right) >= 0;
}

/// <summary>Reads and writes a <see cref="DistributionPeriod"/> as a JSON string in canonical form.</summary>
public sealed class DistributionPeriodJsonConverter : JsonConverter<DistributionPeriod>
{
    /// <inheritdoc/>
    public override DistributionPeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A period must be a JSON string, not {reader.TokenType}.");
        }

        return DistributionPeriod.TryParse(reader.GetString(), out var period, out var error) ? period : throw new JsonException(error);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DistributionPeriod value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
