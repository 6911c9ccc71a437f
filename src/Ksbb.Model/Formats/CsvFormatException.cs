namespace Ksbb.Model.Formats;

/// <summary>A CSV file could not be read; the message names the file, the line and the column.</summary>
/// <remarks>Lines and columns are 1-based; the header is line 1.</remarks>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="CsvFormatException"/> class.</summary>
    /// <param name="source">The file name or other name of the input.</param>
    /// <param name="line">The 1-based line number.</param>
    /// <param name="column">The 1-based column number, or 0 when the whole line is at fault.</param>
    /// <param name="columnName">The column's header name, if known.</param>
    /// <param name="detail">What is wrong.</param>
    public CsvFormatException(string source, int line, int column, string? columnName, string detail)
        : base(Format(source, line, column, columnName, detail))
    {
        SourceName = source;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Detail = detail;
    }

    /// <summary>Gets the file name or other name of the input.</summary>
    public string SourceName { get; }

    /// <summary>Gets the 1-based line number.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column number, or 0 when the whole line is at fault.</summary>
    public int Column { get; }

    /// <summary>Gets the column's header name, if known.</summary>
    public string? ColumnName { get; }

    /// <summary>Gets what is wrong, without the location.</summary>
    public string Detail { get; }

    private static string Format(string source, int line, int column, string? columnName, string detail) =>
        column <= 0 ? $"{source}, line {line}: {detail}"
        : columnName is null ? $"{source}, line {line}, column {column}: {detail}"
        : $"{source}, line {line}, column {column} ({columnName}): {detail}";
}
