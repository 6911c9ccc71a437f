using System.Text;

namespace Ksbb.Model.Documents;

/// <summary>One CSV record: its fields and the line it starts on.</summary>
internal readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF) that keeps line numbers.</summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(TextReader reader, string source)
    {
        var line = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var start = line;
            fields.Clear();
            field.Clear();
            var i = 0;
            var quoted = false;
            while (true)
            {
                if (quoted)
                {
                    if (i >= text.Length)
                    {
                        var next = reader.ReadLine() ?? throw new CsvFormatException(source, start, fields.Count + 1, null, "a quoted field is not closed before the end of the file.");
                        line++;
                        field.Append('\n');
                        text = next;
                        i = 0;
                        continue;
                    }

                    var c = text[i++];
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i < text.Length && text[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                        if (i < text.Length && text[i] != ',')
                        {
                            throw new CsvFormatException(source, line, fields.Count + 1, null, $"unexpected character '{text[i]}' after a closing quote.");
                        }
                    }

                    continue;
                }

                if (i >= text.Length)
                {
                    fields.Add(field.ToString());
                    break;
                }

                var ch = text[i++];
                if (ch == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (ch == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else
                {
                    field.Append(ch);
                }
            }

            yield return new CsvRecord(start, [.. fields]);
        }
    }
}
