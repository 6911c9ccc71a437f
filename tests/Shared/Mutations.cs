using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Ksbb.Tests;

/// <summary>
/// Hostile variants of a valid input file, for the reader fuzz suites: truncation, deletion, insertion of tokens that
/// break CSV or JSON (quotes, brackets, duplicate keys, huge and non-finite numbers, deep nesting, control and non-ASCII
/// characters), byte flips, a byte order mark, CRLF line ends and other encodings (UTF-16, Latin-1).
/// </summary>
internal static class Mutations
{
    private static readonly string[] Tokens =
    [
        ",", "\"", "\"\"", "\n", "\r\n", "\r", "{", "}", "[", "]", ":", "null", "true", "\"x\"", "-1", "0", "1e999", "-1e999", "NaN",
        "99999999999999999999999", "1.5", "\t", "\0", "é", "日本", "\uFEFF", "'", "=1+1", "@x", "\"type\": \"Polygon\"",
        new string('[', 200), new string('{', 100), "\"schema\": \"ksbb.catalog/1\"", ",,,,,,", "\"a\": 1, \"a\": 2",
    ];

    /// <summary>One to three mutations of <paramref name="valid"/>, as bytes.</summary>
    public static Gen<byte[]> Of(string valid) =>
        from count in Gen.Choose(1, 3)
        from steps in Gen.ArrayOf(Step(), count)
        from encoding in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        select Encode(steps.Aggregate(valid, (text, step) => step(text)), encoding);

    private static byte[] Encode(string text, int encoding) => encoding switch
    {
        1 => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
        2 => Encoding.Latin1.GetBytes(text),
        _ => Encoding.UTF8.GetBytes(text),
    };

    private static Gen<Func<string, string>> Step() =>
        Gen.OneOf(
            Gen.Choose(0, 10_000).Select<int, Func<string, string>>(at => t => t[..Math.Min(at % (t.Length + 1), t.Length)]),
            Gen.Choose(0, 10_000).SelectMany(at => Gen.Choose(1, 12), (at, n) => (Func<string, string>)(t => Delete(t, at, n))),
            Gen.Choose(0, 10_000).SelectMany(at => Gen.Elements(Tokens), (at, token) => (Func<string, string>)(t => t.Insert(at % (t.Length + 1), token))),
            Gen.Choose(0, 10_000).SelectMany(at => Gen.Choose(0, 127), (at, c) => (Func<string, string>)(t => Replace(t, at, (char)c))),
            Gen.Choose(0, 10_000).SelectMany(at => Gen.Choose(1, 40), (at, n) => (Func<string, string>)(t => Duplicate(t, at, n))),
            Gen.Constant<Func<string, string>>(t => "\uFEFF" + t),
            Gen.Constant<Func<string, string>>(t => t.ReplaceLineEndings("\r\n")));

    private static string Delete(string text, int at, int count)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var start = at % text.Length;
        return text.Remove(start, Math.Min(count, text.Length - start));
    }

    private static string Replace(string text, int at, char c) =>
        text.Length == 0 ? text : string.Concat(text.AsSpan(0, at % text.Length), c.ToString(), text.AsSpan((at % text.Length) + 1));

    // Repeats a slice in place: duplicate keys, repeated records, repeated brackets.
    private static string Duplicate(string text, int at, int count)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var start = at % text.Length;
        var slice = text.Substring(start, Math.Min(count, text.Length - start));
        return text.Insert(start, slice);
    }
}
