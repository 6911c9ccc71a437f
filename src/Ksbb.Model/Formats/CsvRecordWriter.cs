using System.Globalization;
using nietras.SeparatedValues;

namespace Ksbb.Model.Formats;

/// <summary>
/// Writes comma-separated records (RFC 4180, through Sep): a header row, an optional HXL hashtag row, then records,
/// quoting fields that need it and guarding text cells against spreadsheet formulas.
/// </summary>
/// <remarks>
/// <para>
/// A text cell that a spreadsheet would run as a formula (one starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a
/// tab or a carriage return) is written with a leading <c>'</c>; a finite number such as <c>-6.2</c> is written as it
/// is. The Ksbb CSV readers (<see cref="KsbbCsv"/>) remove that guard again, so what is written reads back unchanged.
/// Lines end with <c>\n</c>; no byte order mark. <see cref="Dispose"/> flushes and leaves the <see cref="TextWriter"/>
/// open. Not thread-safe: one writer per file.
/// </para>
/// </remarks>
public sealed class CsvRecordWriter : IDisposable
{
    private readonly SepWriter _writer;
    private readonly int _columns;

    private CsvRecordWriter(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<string>? hxlTags)
    {
        _columns = header.Count;
        _writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true }).To(writer, leaveOpen: true);
        WriteRow(header);
        if (hxlTags is not null)
        {
            if (hxlTags.Count != header.Count)
            {
                throw new ArgumentException($"There are {hxlTags.Count} HXL tags for {header.Count} columns.", nameof(hxlTags));
            }

            WriteRow(hxlTags);
        }
    }

    /// <summary>Starts a CSV: writes the header row and, when given, the HXL hashtag row under it.</summary>
    /// <param name="writer">Where to write (left open).</param>
    /// <param name="header">The column names.</param>
    /// <param name="hxlTags">The HXL hashtags, one per column, or <see langword="null"/> for plain CSV.</param>
    /// <returns>The writer.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The header is empty or the number of tags differs from the number of columns.</exception>
    public static CsvRecordWriter Create(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<string>? hxlTags = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Count == 0)
        {
            throw new ArgumentException("A CSV needs at least one column.", nameof(header));
        }

        return new CsvRecordWriter(writer, header, hxlTags);
    }

    /// <summary>Writes one record.</summary>
    /// <param name="fields">The fields, one per column; text is guarded against formulas, numbers are written as they are.</param>
    /// <exception cref="ArgumentException">The number of fields differs from the number of columns.</exception>
    public void WriteRow(params IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != _columns)
        {
            throw new ArgumentException($"The record has {fields.Count} fields for {_columns} columns.", nameof(fields));
        }

        using var row = _writer.NewRow();
        for (var i = 0; i < _columns; i++)
        {
            row[i].Set(CsvCells.Guard(fields[i] ?? string.Empty));
        }
    }

    /// <summary>Flushes what was written; the underlying <see cref="TextWriter"/> stays open.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>Formats a whole number in the invariant culture.</summary>
    internal static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a coordinate with the round-trip format in the invariant culture.</summary>
    internal static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
