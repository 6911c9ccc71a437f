namespace Ksbb.Geo.Tests;

/// <summary>A shapefile is read with its <c>.shx</c> and <c>.dbf</c>: a missing one is named, never taken for a missing <c>.shp</c>.</summary>
public sealed class ShapefileCompanionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ksbb-geo-companion-" + Guid.NewGuid().ToString("N"));

    public ShapefileCompanionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string TwoSquares()
    {
        var path = Path.Combine(_folder, "rw.shp");
        TestLayers.WriteTwoSquaresShapefile(path);
        return path;
    }

    [Fact]
    public void Shapefile_WithBothCompanions_Reads()
    {
        var path = TwoSquares();
        Assert.True(File.Exists(Path.ChangeExtension(path, ".shx")));
        Assert.Equal(["w", "e"], BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")).Units.Select(u => u.Key));
    }

    [Theory]
    [InlineData(".dbf", "attribute table")]
    [InlineData(".shx", "index")]
    public void Shapefile_CompanionMissing_ThrowsFileNotFound_NamingTheCompanion(string extension, string role)
    {
        var path = TwoSquares();
        var companion = Path.ChangeExtension(path, extension);
        File.Delete(companion);

        foreach (var read in new Func<BoundaryLayer>[] { () => BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")), () => BoundaryReader.ReadShapefile(path, FeatureKeying.ByProperty("kode")) })
        {
            var ex = Assert.Throws<FileNotFoundException>(() => read());
            Assert.Equal(companion, ex.FileName);
            Assert.Contains($"'{companion}'", ex.Message, StringComparison.Ordinal);
            Assert.Contains(role, ex.Message, StringComparison.Ordinal);
            Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Shapefile_BothCompanionsMissing_NamesBoth()
    {
        var path = TwoSquares();
        var (shx, dbf) = (Path.ChangeExtension(path, ".shx"), Path.ChangeExtension(path, ".dbf"));
        File.Delete(shx);
        File.Delete(dbf);

        var ex = Assert.Throws<FileNotFoundException>(() => BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")));
        Assert.Equal(shx, ex.FileName);
        Assert.Contains($"'{shx}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{dbf}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapefile_ItselfMissing_ThrowsFileNotFound_NamingTheShp()
    {
        var path = Path.Combine(_folder, "none.shp");

        var ex = Assert.Throws<FileNotFoundException>(() => BoundaryReader.Read(path, FeatureKeying.ByProperty("kode")));
        Assert.Equal(path, ex.FileName);
        Assert.Contains($"'{path}' does not exist", ex.Message, StringComparison.Ordinal);
    }
}
