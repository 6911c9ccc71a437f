using Ksbb.Model.Formats;

namespace Ksbb.Geo.Internal;

/// <summary>Reads a CSV file through Ksbb.Model's one CSV layer, reporting bad input as Ksbb.Geo does for every file.</summary>
internal static class CsvFiles
{
    /// <summary>Opens <paramref name="path"/> (UTF-8, byte order mark optional) and reads it with <paramref name="read"/>.</summary>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file, line and column, and the inner exception is the <see cref="CsvFormatException"/>.</exception>
    public static T Read<T>(string path, Func<TextReader, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        try
        {
            return read(reader, path);
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
