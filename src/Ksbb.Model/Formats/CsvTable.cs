using System.Globalization;
using nietras.SeparatedValues;

namespace Ksbb.Model.Formats;

/// <summary>How a CSV contract treats its first line.</summary>
internal enum CsvHeader
{
    /// <summary>A header naming the contract's columns in any order and case; an unknown column is an error.</summary>
    Strict,

    /// <summary>A header naming at least the required columns; other columns are ignored.</summary>
    ExtraColumnsIgnored,

    /// <summary>No header: every record has exactly the contract's columns, in order.</summary>
    None,
}

/// <summary>
/// The one CSV reader of Ksbb (on Sep): RFC 4180 quoting, a UTF-8 byte order mark and CRLF or LF line ends accepted,
/// columns by header name (any order, case-insensitive), blank lines skipped, fields trimmed, a formula guard written by
/// <see cref="CsvRecordWriter"/> removed, and every error a <see cref="CsvFormatException"/> naming the source, line and column.
/// </summary>
/// <remarks>Records are streamed: nothing but the current record is held, so files of any size can be read.</remarks>
internal sealed class CsvTable
{
    private readonly string _source;
    private readonly string[] _header;
    private readonly int[] _columnOf;

    private CsvTable(string source, string[] header, int[] columnOf)
    {
        _source = source;
        _header = header;
        _columnOf = columnOf;
    }

    /// <summary>Reads every record of <paramref name="reader"/>, checking the header against <paramref name="columns"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The file name used in messages.</param>
    /// <param name="columns">The known columns; <c>Required</c> ones must be present.</param>
    /// <param name="record">Called for each non-blank record with the table (for field access) and the record.</param>
    /// <param name="header">How the first line is treated.</param>
    public static void Read(TextReader reader, string source, IReadOnlyList<CsvColumn> columns, Action<CsvTable, CsvRow> record, CsvHeader header = CsvHeader.Strict)
    {
        foreach (var (table, row) in Rows(reader, source, columns, header))
        {
            record(table, row);
        }
    }

    /// <summary>Streams the records of <paramref name="reader"/> (lazily: errors are thrown while enumerating).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The file name used in messages.</param>
    /// <param name="columns">The known columns; <c>Required</c> ones must be present.</param>
    /// <param name="header">How the first line is treated.</param>
    /// <returns>Each non-blank record after the header, with the table for field access.</returns>
    public static IEnumerable<(CsvTable Table, CsvRow Row)> Rows(TextReader reader, string source, IReadOnlyList<CsvColumn> columns, CsvHeader header = CsvHeader.Strict)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        return Iterate(reader, source, columns, header);
    }

    /// <summary>Gets the text of a column (empty when the column is optional and absent).</summary>
    /// <param name="row">The record.</param>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <returns>The trimmed text.</returns>
    public string Text(CsvRow row, int column) => _columnOf[column] < 0 ? string.Empty : row.Fields[_columnOf[column]];

    /// <summary>Gets the text of a required column, or throws naming the line and column when it is empty.</summary>
    /// <param name="row">The record.</param>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <returns>The trimmed, non-empty text.</returns>
    public string Required(CsvRow row, int column)
    {
        var text = Text(row, column);
        return text.Length > 0 ? text : throw Error(row, column, "the value is empty.");
    }

    /// <summary>Creates the exception for a bad value in a column of a record.</summary>
    /// <param name="row">The record.</param>
    /// <param name="column">The index of the column in the contract's list.</param>
    /// <param name="detail">What is wrong.</param>
    /// <returns>The exception, naming the file, line, column number and column name.</returns>
    public CsvFormatException Error(CsvRow row, int column, string detail)
    {
        var index = _columnOf[column];
        return index < 0
            ? new CsvFormatException(_source, row.Line, 0, null, detail)
            : new CsvFormatException(_source, row.Line, index + 1, _header[index], detail);
    }

    private static IEnumerable<(CsvTable Table, CsvRow Row)> Iterate(TextReader reader, string source, IReadOnlyList<CsvColumn> columns, CsvHeader header)
    {
        using var sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true, DisableQuotesParsing = false }).From(reader);
        var table = header == CsvHeader.None
            ? new CsvTable(source, [.. columns.Select(c => c.Name)], [.. Enumerable.Range(0, columns.Count)])
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

            if (fields.Length != table._header.Length)
            {
                throw new CsvFormatException(
                    source,
                    line,
                    Math.Min(fields.Length, table._header.Length) + 1,
                    null,
                    string.Create(CultureInfo.InvariantCulture, $"the line has {fields.Length} fields but {(header == CsvHeader.None ? "the format has" : "the header has")} {table._header.Length} ({string.Join(',', table._header)})."));
            }

            yield return (table, new CsvRow(line, fields));
        }

        if (table is null)
        {
            throw new CsvFormatException(source, 1, 0, null, $"the file is empty; expected the header {string.Join(',', columns.Where(c => c.Required).Select(c => c.Name))}.");
        }
    }

    // RFC 4180: a quoted field starts and ends with a quote and doubles the quotes inside; an unquoted field has none.
    private static string Unescape(ReadOnlySpan<char> raw, string source, int line, int index, CsvTable? table)
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

    private string? NameAt(int index) => index < _header.Length ? _header[index] : null;

    private static CsvTable Header(string source, int line, string[] header, IReadOnlyList<CsvColumn> columns, CsvHeader mode)
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

        return new CsvTable(source, header, columnOf);
    }
}

/// <summary>A column a CSV format knows: its header name and whether it must be present.</summary>
internal readonly record struct CsvColumn(string Name, bool Required);

/// <summary>One record: the line it starts on (1-based) and its trimmed, unescaped fields in header order.</summary>
internal readonly record struct CsvRow(int Line, string[] Fields);

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
