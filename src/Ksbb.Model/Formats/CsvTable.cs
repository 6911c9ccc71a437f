using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ksbb.Model.Regions;
using nietras.SeparatedValues;

namespace Ksbb.Model.Formats;

/// <summary>How a CSV contract treats its first line.</summary>
public enum CsvHeader
{
    /// <summary>A header naming the contract's columns in any order and case; an unknown column is an error (it is usually a typo).</summary>
    Strict,

    /// <summary>A header naming at least the required columns; other columns are ignored.</summary>
    ExtraColumnsIgnored,

    /// <summary>No header: every record has exactly the contract's columns, in order.</summary>
    None,
}

/// <summary>A column a CSV contract knows: its header name and whether it must be present.</summary>
/// <param name="name">The header name (matched case-insensitively).</param>
/// <param name="required">Whether the header must name the column; an optional column that is absent reads as empty text.</param>
public sealed class CsvColumn(string name, bool required)
{
    /// <summary>Gets the header name.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>Gets a value indicating whether the header must name the column.</summary>
    public bool Required { get; } = required;
}

/// <summary>Parses the text of a cell, saying why when it cannot (the shape of <c>TryParse</c> on Ksbb's identifier types).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="text">The trimmed, non-empty text of the cell.</param>
/// <param name="value">The value when parsed.</param>
/// <param name="error">Why the text is not a value, without the location (the reader adds it).</param>
/// <returns><see langword="true"/> when parsed.</returns>
public delegate bool CsvTryParse<T>(string text, out T value, [NotNullWhen(false)] out string? error);

/// <summary>
/// The one CSV reader of Ksbb (on Sep), public so that every package (and an embedding team) reads its own file
/// contracts with the same rules: RFC 4180 quoting, a UTF-8 byte order mark and CRLF or LF line ends accepted, columns
/// by header name (any order, case-insensitive), blank lines skipped, fields trimmed, the formula guard written by
/// <see cref="CsvRecordWriter"/> removed, and every error a <see cref="CsvFormatException"/> naming the source, line and column.
/// </summary>
/// <remarks>
/// <para>
/// Records are streamed: nothing but the current record is held, so files of any size can be read. A contract lists
/// its columns once; a record's cells are then asked for by the index of the column in that list, whatever the order
/// in the file, and a bad cell is reported with <see cref="CsvRecord.Error(int, string)"/>, which places it:
/// </para>
/// <code>
/// CsvColumn[] columns = [new("unit", true), new("need", true), new("note", false)];
/// foreach (var r in CsvTable.Read(reader, "needs.csv", columns))
/// {
///     var unit = r.Region(0);            // needs.csv, line 3, column 2 (unit): ...
///     var need = r.Whole(1, minimum: 0); // a whole number, placed when it is not one
///     var note = r.Text(2);              // empty when the column is absent
/// }
/// </code>
/// <para>Stateless and thread-safe; each enumeration reads the reader once.</para>
/// </remarks>
public static class CsvTable
{
    /// <summary>Streams the records of <paramref name="reader"/> after checking the header against <paramref name="columns"/> (lazily: errors are thrown while enumerating).</summary>
    /// <param name="reader">The CSV text (left open).</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <param name="columns">The contract's columns; <see cref="CsvColumn.Required"/> ones must be named by the header.</param>
    /// <param name="header">How the first line is treated.</param>
    /// <returns>Each non-blank record after the header, in file order.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CsvFormatException">While enumerating: the CSV is malformed (quoting, a field count differing from the header's, an unknown, repeated or missing column, an empty file); the message names the line and column.</exception>
    public static IEnumerable<CsvRecord> Read(TextReader reader, string sourceName, IReadOnlyList<CsvColumn> columns, CsvHeader header = CsvHeader.Strict)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(columns);
        return Iterate(reader, sourceName, columns, header);
    }

    /// <summary>Reads every record, calling <paramref name="record"/> for each.</summary>
    internal static void ForEach(TextReader reader, string sourceName, IReadOnlyList<CsvColumn> columns, Action<CsvRecord> record, CsvHeader header = CsvHeader.Strict)
    {
        foreach (var r in Read(reader, sourceName, columns, header))
        {
            record(r);
        }
    }

    private static IEnumerable<CsvRecord> Iterate(TextReader reader, string source, IReadOnlyList<CsvColumn> columns, CsvHeader header)
    {
        using var sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true, DisableQuotesParsing = false }).From(reader);
        var table = header == CsvHeader.None
            ? new CsvLayout(source, [.. columns.Select(c => c.Name)], [.. Enumerable.Range(0, columns.Count)])
            : null;
        var first = true;
        while (sep.MoveNext())
        {
            var row = sep.Current;

            // Sep 0.17.1 reports the first row as starting on line 2; every later row's start line is right.
            var line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            var fields = new string[row.ColCount];
            for (var i = 0; i < fields.Length; i++)
            {
                var raw = row[i].Span;
                if (first && i == 0 && raw.Length > 0 && raw[0] == '\uFEFF')
                {
                    raw = raw[1..];
                }

                fields[i] = Unescape(raw, source, line, i, table);
            }

            first = false;
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (table is null)
            {
                table = Header(source, line, fields, columns, header);
                continue;
            }

            if (fields.Length != table.Header.Length)
            {
                throw new CsvFormatException(
                    source,
                    line,
                    Math.Min(fields.Length, table.Header.Length) + 1,
                    null,
                    string.Create(CultureInfo.InvariantCulture, $"the line has {fields.Length} fields but {(header == CsvHeader.None ? "the format has" : "the header has")} {table.Header.Length} ({string.Join(',', table.Header)})."));
            }

            yield return new CsvRecord(table, line, fields);
        }

        if (table is null)
        {
            throw new CsvFormatException(source, 1, 0, null, $"the file is empty; expected the header {string.Join(',', columns.Where(c => c.Required).Select(c => c.Name))}.");
        }
    }

    // RFC 4180: a quoted field starts and ends with a quote and doubles the quotes inside; an unquoted field has none.
    private static string Unescape(ReadOnlySpan<char> raw, string source, int line, int index, CsvLayout? table)
    {
        var text = raw.Trim();
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        string value;
        if (text[0] == '"')
        {
            if (text.Length < 2 || text[^1] != '"')
            {
                throw new CsvFormatException(source, line, index + 1, table?.NameAt(index), "a quoted field is not closed (or has text after its closing quote).");
            }

            var inner = text[1..^1];
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '"')
                {
                    if (i + 1 >= inner.Length || inner[i + 1] != '"')
                    {
                        throw new CsvFormatException(source, line, index + 1, table?.NameAt(index), "a quote inside a quoted field must be doubled (\"\").");
                    }

                    i++;
                }
            }

            value = inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
        }
        else
        {
            if (text.Contains('"'))
            {
                throw new CsvFormatException(source, line, index + 1, table?.NameAt(index), "a quote inside an unquoted field; quote the whole field and double the quote (\"\").");
            }

            value = text.ToString();
        }

        return CsvCells.Unguard(value);
    }

    private static CsvLayout Header(string source, int line, string[] header, IReadOnlyList<CsvColumn> columns, CsvHeader mode)
    {
        var columnOf = new int[columns.Count];
        Array.Fill(columnOf, -1);
        for (var i = 0; i < header.Length; i++)
        {
            var known = -1;
            for (var c = 0; c < columns.Count; c++)
            {
                if (string.Equals(columns[c].Name, header[i], StringComparison.OrdinalIgnoreCase))
                {
                    known = c;
                }
            }

            if (known < 0)
            {
                if (mode == CsvHeader.ExtraColumnsIgnored)
                {
                    continue;
                }

                throw new CsvFormatException(source, line, i + 1, header[i], $"unknown column '{header[i]}'; the columns are {string.Join(',', columns.Select(c => c.Name))}.");
            }

            if (columnOf[known] >= 0)
            {
                throw new CsvFormatException(source, line, i + 1, header[i], $"column '{header[i]}' appears twice.");
            }

            columnOf[known] = i;
        }

        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Required && columnOf[c] < 0)
            {
                throw new CsvFormatException(source, line, 0, null, $"the header has no '{columns[c].Name}' column; the required columns are {string.Join(',', columns.Where(k => k.Required).Select(k => k.Name))}.");
            }
        }

        return new CsvLayout(source, header, columnOf);
    }
}

/// <summary>Where a contract's columns sit in a file: the source, the header as written and each contract column's index in it.</summary>
internal sealed class CsvLayout(string source, string[] header, int[] columnOf)
{
    public string Source { get; } = source;

    public string[] Header { get; } = header;

    public int[] ColumnOf { get; } = columnOf;

    public string? NameAt(int index) => index < Header.Length ? Header[index] : null;
}

/// <summary>One record of a CSV read by <see cref="CsvTable"/>: its cells by the contract's column index, and placed errors.</summary>
/// <remarks>
/// Every method that reads a cell takes the index of the column in the contract's list (not in the file), and every
/// error it throws is a <see cref="CsvFormatException"/> naming the source, this record's line and the cell's column
/// number and name. Immutable.
/// </remarks>
public sealed class CsvRecord
{
    private readonly CsvLayout _layout;

    internal CsvRecord(CsvLayout layout, int line, string[] fields)
    {
        _layout = layout;
        Line = line;
        Fields = fields;
    }

    /// <summary>Gets the 1-based line the record starts on (the header is line 1).</summary>
    public int Line { get; }

    /// <summary>Gets the file name used in error messages.</summary>
    public string SourceName => _layout.Source;

    /// <summary>Gets the trimmed, unescaped fields in file order.</summary>
    internal string[] Fields { get; }

    /// <summary>Gets the text of a column (empty when the column is optional and absent, or the cell is empty).</summary>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <returns>The trimmed text, the formula guard removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is not an index of the contract's list.</exception>
    public string Text(int column) => IndexOf(column) is var i and >= 0 ? Fields[i] : string.Empty;

    /// <summary>Gets the text of a column that must not be empty.</summary>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <returns>The trimmed, non-empty text.</returns>
    /// <exception cref="CsvFormatException">The cell is empty (or the optional column absent); the message names the line and column.</exception>
    public string Required(int column)
    {
        var text = Text(column);
        return text.Length > 0 ? text : throw Error(column, "the value is empty.");
    }

    /// <summary>Parses a required cell with a <c>TryParse</c> method, placing its error.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <param name="parse">The parser, for example <c>CollaboratorId.TryParse</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="CsvFormatException">The cell is empty or <paramref name="parse"/> refuses it; the message names the line and column and says why.</exception>
    public T Parse<T>(int column, CsvTryParse<T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse(Required(column), out var value, out var error) ? value : throw Error(column, error);
    }

    /// <summary>Reads a required cell as a Kemendagri region code (<see cref="RegionCode"/>).</summary>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <returns>The code.</returns>
    /// <exception cref="CsvFormatException">The cell is empty or not a region code; the message names the line and column.</exception>
    public RegionCode Region(int column) =>
        RegionCode.TryParse(Required(column), out var code, out var error) ? code : throw Error(column, error);

    /// <summary>Reads a required cell as a whole number from <paramref name="minimum"/> to <paramref name="maximum"/> (digits only, no sign).</summary>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <param name="maximum">The largest value allowed.</param>
    /// <returns>The number.</returns>
    /// <exception cref="CsvFormatException">The cell is empty, not a whole number or out of range; the message names the line and column and the range.</exception>
    public int Whole(int column, int minimum = 0, int maximum = int.MaxValue)
    {
        var text = Required(column);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        var tooLarge = text.All(char.IsAsciiDigit) && (!decimal.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > maximum);
        throw Error(column, tooLarge
                ? string.Create(CultureInfo.InvariantCulture, $"'{text}' is more than {maximum:N0}, the largest value allowed.")
                : maximum == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a whole number of {minimum} or more.")
                : string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a whole number from {minimum} to {maximum}."));
    }

    /// <summary>Creates the exception for a bad cell of this record (to throw).</summary>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <param name="detail">What is wrong, without the location.</param>
    /// <returns>The exception, naming the file, line, column number and column name (column 0 when an optional column is absent).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="detail"/> is <see langword="null"/>.</exception>
    public CsvFormatException Error(int column, string detail) => ErrorAt(Line, column, detail);

    /// <summary>Creates the exception for a cell of the same contract on another line (for checks made after reading).</summary>
    internal CsvFormatException ErrorAt(int line, int column, string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var index = IndexOf(column);
        return index < 0
            ? new CsvFormatException(_layout.Source, line, 0, null, detail)
            : new CsvFormatException(_layout.Source, line, index + 1, _layout.Header[index], detail);
    }

    private int IndexOf(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _layout.ColumnOf.Length);
        return _layout.ColumnOf[column];
    }
}

/// <summary>The spreadsheet formula guard of text cells: written by <see cref="CsvRecordWriter"/>, removed by <see cref="CsvTable"/>.</summary>
/// <remarks>
/// A spreadsheet runs a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return as a
/// formula (a line feed is treated alike). Such a text cell (never a finite number such as <c>-6.2</c>) is written with a leading <c>'</c>; so is a
/// text cell that starts with <c>'</c> followed by a guarded text, which makes the guard reversible: reading what was
/// written gives the original text back.
/// </remarks>
internal static class CsvCells
{
    public static bool NeedsGuard(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && text[start] == '\'')
        {
            start++;
        }

        var rest = text[start..];
        return rest.Length > 0
            && rest[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n'
            && !(double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number));
    }

    public static string Guard(string text) => NeedsGuard(text) ? "'" + text : text;

    public static string Unguard(string text) => text.Length > 1 && text[0] == '\'' && NeedsGuard(text.AsSpan(1)) ? text[1..] : text;
}
