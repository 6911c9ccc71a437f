using System.Buffers.Binary;
using System.Globalization;

namespace Ksbb.Geo.Internal;

/// <summary>
/// Checks the structure of a shapefile's <c>.shp</c> and <c>.dbf</c> before NetTopologySuite reads them, so that a
/// damaged or hostile file (a record or point count of two billion) is refused with a placed message instead of making
/// the reader allocate without bound. Reads the headers only, streaming.
/// </summary>
internal static class ShapefileCheck
{
    public static void Validate(string shpPath)
    {
        CheckShp(shpPath);
        var dbf = Path.ChangeExtension(shpPath, ".dbf");
        if (File.Exists(dbf))
        {
            CheckDbf(dbf);
        }
    }

    private static void CheckShp(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var size = stream.Length;
        Span<byte> header = stackalloc byte[100];
        if (size < 100 || stream.ReadAtLeast(header, 100, throwOnEndOfStream: false) < 100)
        {
            throw Error(path, 0, "the file is shorter than the 100-byte shapefile header");
        }

        if (BinaryPrimitives.ReadInt32BigEndian(header) != 9994)
        {
            throw Error(path, 0, "the file does not start with the shapefile code 9994");
        }

        Span<byte> record = stackalloc byte[52];
        var position = 100L;
        while (position < size)
        {
            stream.Position = position;
            var read = stream.ReadAtLeast(record, record.Length, throwOnEndOfStream: false);
            if (read < 12)
            {
                throw Error(path, position, "a record header is cut off");
            }

            var contentBytes = BinaryPrimitives.ReadInt32BigEndian(record[4..]) * 2L;
            if (contentBytes < 4 || position + 8 + contentBytes > size)
            {
                throw Error(path, position, string.Create(CultureInfo.InvariantCulture, $"the record claims {contentBytes} bytes, beyond the end of the file"));
            }

            var shapeType = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            long needed = shapeType switch
            {
                // Polyline and polygon (plain, Z, M): box, part and point counts, part starts, points.
                3 or 5 or 13 or 15 or 23 or 25 when read >= 52 => Counted(path, position, record, 44, 4, 16),
                // Multipoint (plain, Z, M): box, point count, points.
                8 or 18 or 28 when read >= 48 => Counted(path, position, record, 40, 0, 16),
                _ => 4,
            };
            if (needed > contentBytes)
            {
                throw Error(path, position, string.Create(CultureInfo.InvariantCulture, $"the shape needs {needed} bytes but its record has {contentBytes}"));
            }

            position += 8 + contentBytes;
        }
    }

    // The bytes a shape with these counts needs; the counts are at content offsets 36 (parts) and 40 (points).
    private static long Counted(string path, long position, ReadOnlySpan<byte> record, int fixedBytes, int perPart, int perPoint)
    {
        var parts = perPart == 0 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(record[(8 + 36)..]);
        var points = BinaryPrimitives.ReadInt32LittleEndian(record[(8 + (perPart == 0 ? 36 : 40))..]);
        if (parts < 0 || points < 0)
        {
            throw Error(path, position, "a negative part or point count");
        }

        return fixedBytes + ((long)parts * perPart) + ((long)points * perPoint);
    }

    private static void CheckDbf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> header = stackalloc byte[32];
        if (stream.ReadAtLeast(header, 32, throwOnEndOfStream: false) < 32)
        {
            throw Error(path, 0, "the file is shorter than the 32-byte dBASE header");
        }

        var records = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var headerBytes = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var recordBytes = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        if (headerBytes < 33 || recordBytes < 1 || headerBytes + ((long)records * recordBytes) > stream.Length)
        {
            throw Error(path, 0, string.Create(CultureInfo.InvariantCulture, $"the header claims {records} records of {recordBytes} bytes after {headerBytes} header bytes, more than the file's {stream.Length} bytes"));
        }
    }

    private static InvalidDataException Error(string path, long offset, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}: byte {offset}: {what}; the shapefile is damaged."));
}
