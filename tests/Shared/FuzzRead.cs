using System.Text;

namespace Ksbb.Tests;

/// <summary>The check of the reader fuzz suites: a mutated file either reads, or fails with the reader's typed exception naming the place.</summary>
internal static class FuzzRead
{
    /// <summary>Reads <paramref name="bytes"/> as a file is opened (UTF-8 unless a byte order mark says otherwise) under the name <c>in.csv</c>.</summary>
    /// <returns><see langword="true"/> when it reads, or fails with a <typeparamref name="TException"/> that <paramref name="placed"/> accepts; any other exception escapes.</returns>
    public static bool ReadsOrNamesThePlace<TException>(byte[] bytes, Func<TextReader, string, object> read, Func<TException, bool> placed)
        where TException : Exception
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            read(reader, "in.csv");
            return true;
        }
        catch (TException ex)
        {
            return placed(ex);
        }
    }
}
