using System.IO.Compression;
using Ksbb.Data.Jakarta.Internal;

namespace Ksbb.Data.Jakarta.Tests;

public class RwLayerReaderTests
{
    private static byte[] Embedded()
    {
        using var stream = typeof(JakartaData).Assembly.GetManifestResourceStream("Ksbb.Data.Jakarta.rw_jakarta_osm_2014.ksbbrw.br")!;
        using var brotli = new BrotliStream(stream, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        brotli.CopyTo(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void DamagedData_IsRefused_WithTheSourceAndByteOffset()
    {
        var data = Embedded();

        var truncated = Assert.Throws<InvalidDataException>(() => RwLayerReader.Read(data.AsSpan(0, data.Length / 2), "rw.bin"));
        var trailing = Assert.Throws<InvalidDataException>(() => RwLayerReader.Read([.. data, 0], "rw.bin"));
        var header = Assert.Throws<InvalidDataException>(() => RwLayerReader.Read([.. "KSBBRW"u8, 2, 7], "rw.bin"));

        Assert.StartsWith("rw.bin: byte ", truncated.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {data.Length}: unexpected bytes after the last feature", trailing.Message, StringComparison.Ordinal);
        Assert.Contains("not a version 1 KSBBRW file", header.Message, StringComparison.Ordinal);
        Assert.Equal(2724, RwLayerReader.Read(data, "rw.bin").Count);
    }
}
