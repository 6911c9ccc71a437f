using System.Globalization;
using Ksbb.Model.Documents;
using nietras.SeparatedValues;

namespace Ksbb.Model.Formats;

/// <summary>
/// Reads a comma-separated file with a header through Sep: columns by name (any order, case-insensitive), required
/// and optional columns, unknown columns refused, blank lines skipped, and every error naming the line and column.
/// </summary>
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
    public static void Read(TextReader reader, string source, IReadOnlyList<CsvColumn> columns, Action<CsvTable, CsvRow> record)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        using var sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(reader);
        CsvTable? table = null;
        var fields = new List<string>();
        foreach (var row in sep)
        {
            // Sep 0.17.1 reports the first row as starting on line 2; every later row's start line is right.
            var line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty)
            {
                continue;
            }

            fields.Clear();
            for (var i = 0; i < row.ColCount; i++)
            {
                fields.Add(row[i].Span.Trim().ToString());
            }

            if (table is null)
            {
                table = Header(source, line, [.. fields], columns);
                continue;
            }

            if (fields.Count != table._header.Length)
            {
                throw new CsvFormatException(
                    source,
                    line,
                    Math.Min(fields.Count, table._header.Length) + 1,
                    null,
                    string.Create(CultureInfo.InvariantCulture, $"the record has {fields.Count} fields but the header has {table._header.Length} ({string.Join(',', table._header)})."));
            }

            record(table, new CsvRow(line, [.. fields]));
        }

        if (table is null)
        {
            throw new CsvFormatException(source, 1, 0, null, $"the file is empty; expected the header {string.Join(',', columns.Where(c => c.Required).Select(c => c.Name))}.");
        }
    }

    /// <summary>Gets the text of a column (empty when the column is optional and absent).</summary>
    /// <param name="row">The record.</param>
    /// <param name="column">The index of the column in the list given to <see cref="Read"/>.</param>
    /// <returns>The trimmed text.</returns>
    public string Text(CsvRow row, int column) => _columnOf[column] < 0 ? string.Empty : row.Fields[_columnOf[column]];

    /// <summary>Gets the text of a required column, or throws naming the line and column when it is empty.</summary>
    /// <param name="row">The record.</param>
    /// <param name="column">The index of the column in the list given to <see cref="Read"/>.</param>
    /// <returns>The trimmed, non-empty text.</returns>
    public string Required(CsvRow row, int column)
    {
        var text = Text(row, column);
        return text.Length > 0 ? text : throw Error(row, column, "the value is empty.");
    }

    /// <summary>Creates the exception for a bad value in a column of a record.</summary>
    /// <param name="row">The record.</param>
    /// <param name="column">The index of the column in the list given to <see cref="Read"/>.</param>
    /// <param name="detail">What is wrong.</param>
    /// <returns>The exception, naming the file, line, column number and column name.</returns>
    public CsvFormatException Error(CsvRow row, int column, string detail)
    {
        var index = _columnOf[column];
        return index < 0
            ? new CsvFormatException(_source, row.Line, 0, null, detail)
            : new CsvFormatException(_source, row.Line, index + 1, _header[index], detail);
    }

    private static CsvTable Header(string source, int line, string[] header, IReadOnlyList<CsvColumn> columns)
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

/// <summary>
/// Writes comma-separated records through Sep, quoting fields that need it (RFC 4180). With HXL tags (an export for
/// spreadsheets and humanitarian tools), text that a spreadsheet would run as a formula is prefixed with <c>'</c>.
/// </summary>
internal sealed class CsvOut : IDisposable
{
    private readonly SepWriter _writer;
    private readonly int _columns;
    private readonly bool _guardFormulas;

    public CsvOut(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<string>? hxlTags = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _columns = header.Count;
        _guardFormulas = hxlTags is not null;
        _writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true }).To(writer, leaveOpen: true);
        Row(header);
        if (hxlTags is not null)
        {
            Row(hxlTags);
        }
    }

    public void Row(IReadOnlyList<string> fields)
    {
        using var row = _writer.NewRow();
        for (var i = 0; i < _columns; i++)
        {
            row[i].Set(_guardFormulas ? Safe(fields[i]) : fields[i]);
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Formats a whole number in the invariant culture.</summary>
    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a coordinate with the round-trip format in the invariant culture.</summary>
    public static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // A spreadsheet runs a cell that starts with = + - @ as a formula: prefix such text (never a number) with a quote.
    private static string Safe(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + text
            : text;
}
