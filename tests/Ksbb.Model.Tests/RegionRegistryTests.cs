using Ksbb.Model.Formats;
using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.Model.Tests;

public class RegionRegistryTests
{
    private const string Header = "kode,kode_digits,nama,level,kode_parent";

    private static RegionRegistry Load(params string[] lines) =>
        RegionRegistry.LoadCsv(new StringReader(string.Join('\n', [Header, .. lines])), "test.csv");

    private static readonly string[] Small =
    [
        "31,31,Daerah Khusus Ibukota Jakarta,provinsi,",
        "31.71,3171,Kota Administrasi Jakarta Pusat,kabkota,31",
        "31.71.01,317101,Gambir,kecamatan,31.71",
        "31.71.01.1001,3171011001,Gambir,kelurahan,31.71.01",
        "31.71.01.1002,3171011002,Cideng,kelurahan,31.71.01",
        "31.71.02,317102,Sawah Besar,kecamatan,31.71",
    ];

    [Fact]
    public void LoadCsv_RealKemendagriList_HasTheOfficialCountsAndAConsistentHierarchy()
    {
        var registry = RegionRegistry.LoadCsv(JakartaData.PathOrSkip("codes/kode_wilayah_kemendagri_31.csv"));

        Assert.Equal(1 + 6 + 44 + 267, registry.Regions.Count);
        Assert.Single(registry.GetAtLevel(RegionLevel.Provinsi));
        Assert.Equal(6, registry.GetAtLevel(RegionLevel.Kota).Count);
        Assert.Equal(44, registry.GetAtLevel(RegionLevel.Kecamatan).Count);
        Assert.Equal(267, registry.GetAtLevel(RegionLevel.Kelurahan).Count);
        foreach (var region in registry.Regions.Where(r => r.Level > RegionLevel.Provinsi))
        {
            var parent = registry[region.Parent!.Value];
            Assert.Equal(region.Level - 1, parent.Level);
            Assert.Contains(region, registry.GetChildren(parent.Code));
        }

        // Per-kota counts of kecamatan and kelurahan, Kepulauan Seribu first.
        var kota = registry.GetAtLevel(RegionLevel.Kota);
        Assert.Equal(new[] { 2, 8, 6, 8, 10, 10 }, kota.Select(k => registry.GetChildren(k.Code).Count));
        Assert.Equal(new[] { 6, 44, 31, 56, 65, 65 }, kota.Select(k => registry.GetChildren(k.Code).Sum(c => registry.GetChildren(c.Code).Count)));
        Assert.Equal("Gambir", registry[RegionCode.Parse("31.71.01.1001")].Name);
        Assert.Equal("Kota Administrasi Jakarta Utara", registry[RegionCode.Parse("31.72")].Name); // trailing space in the file is trimmed
    }

    [Fact]
    public void Lookups_ChildrenAncestorsAndLevels()
    {
        var registry = Load(Small);
        var cideng = RegionCode.Parse("31.71.01.1002");

        Assert.Equal(["31.71.01", "31.71", "31"], registry.GetAncestors(cideng).Select(r => r.Code.ToString()));
        Assert.Equal(["Gambir", "Cideng"], registry.GetChildren(RegionCode.Parse("31.71.01")).Select(r => r.Name));
        Assert.Empty(registry.GetChildren(cideng));
        Assert.Empty(registry.GetAncestors(RegionCode.Parse("31")));
        Assert.True(registry.TryGet(cideng, out var region));
        Assert.Equal(RegionLevel.Kelurahan, region.Level);
        Assert.False(registry.Contains(RegionCode.Parse("31.72")));
        Assert.Equal(registry.Regions.OrderBy(r => r.Code), registry.Regions);
    }

    [Fact]
    public void Indexer_UnknownCode_SaysWhich()
    {
        var registry = Load(Small);
        var ex = Assert.Throws<KeyNotFoundException>(() => registry[RegionCode.Parse("31.75")]);
        Assert.Contains("31.75", ex.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => registry.GetChildren(RegionCode.Parse("31.75")));
    }

    [Theory]
    [InlineData("31.7a,317a,X,kabkota,31", 2, 1, "kota part '7a' must contain only digits")]
    [InlineData("31.72,3172,Utara,kecamatan,31", 2, 4, "level 'kecamatan' does not match kode 31.72, which is a kota code")]
    [InlineData("31.72,3172,Utara,kota,31.71", 2, 5, "the parent of 31.72 is 31, not '31.71'")]
    [InlineData("31.72,3173,Utara,kota,31", 2, 2, "'3173' does not match kode 31.72")]
    [InlineData("31.72,3172,,kota,31", 2, 3, "the name is empty")]
    [InlineData("31.72,3172,Utara,county,31", 2, 4, "unknown level 'county'")]
    [InlineData("31.72,3172,Utara", 2, 4, "the line has 3 fields but the header has 5")]
    public void LoadCsv_BadLine_NamesFileLineAndColumn(string line, int expectedLine, int expectedColumn, string expected)
    {
        var ex = Assert.Throws<CsvFormatException>(() => Load("31,31,DKI,provinsi,", line));
        Assert.Equal("test.csv", ex.SourceName);
        Assert.Equal(expectedLine + 1, ex.Line);
        Assert.Equal(expectedColumn, ex.Column);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"test.csv, line {expectedLine + 1}, column {expectedColumn}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_MissingParent_IsReportedOnTheChildLine()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Load("31,31,DKI,provinsi,", "31.71.01,317101,Gambir,kecamatan,31.71"));
        Assert.Equal(3, ex.Line);
        Assert.Equal("kode_parent", ex.ColumnName);
        Assert.Contains("parent 31.71 of 31.71.01 is not in the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCsv_DuplicateCode_NamesTheFirstLine()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Load("31,31,DKI,provinsi,", "31,31,DKI again,provinsi,"));
        Assert.Contains("31 already appears on line 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void LoadCsv_HeaderWithoutAColumn_SaysWhichIsMissing()
    {
        var ex = Assert.Throws<CsvFormatException>(() => RegionRegistry.LoadCsv(new StringReader("kode,nama,level\n31,DKI,provinsi"), "x.csv"));
        Assert.Equal(1, ex.Line);
        Assert.Contains("no 'kode_parent' column", ex.Message, StringComparison.Ordinal);
        Assert.Throws<CsvFormatException>(() => RegionRegistry.LoadCsv(new StringReader(string.Empty), "empty.csv"));
    }

    [Fact]
    public void LoadCsv_QuotedFieldsAndOtherColumnOrder_AreRead()
    {
        var csv = "nama,kode,level,kode_parent\n\"Daerah Khusus Ibukota Jakarta\",31,provinsi,\n\"Kota \"\"Pusat\"\", Jakarta\",3171,kota,31\n";
        var registry = RegionRegistry.LoadCsv(new StringReader(csv), "q.csv");
        Assert.Equal("Kota \"Pusat\", Jakarta", registry[RegionCode.Parse("31.71")].Name);
    }

    [Fact]
    public void Create_RejectsDuplicatesAndOrphans()
    {
        var dki = Region.Create(RegionCode.Parse("31"), "DKI");
        var orphan = Region.Create(RegionCode.Parse("31.71.01"), "Gambir");
        Assert.Contains("appears more than once", Assert.Throws<ArgumentException>(() => RegionRegistry.Create([dki, dki])).Message, StringComparison.Ordinal);
        Assert.Contains("has parent 31.71, which is not in the registry", Assert.Throws<ArgumentException>(() => RegionRegistry.Create([dki, orphan])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Region.Create(default, "x"));
        Assert.Throws<ArgumentException>(() => Region.Create(RegionCode.Parse("31"), "  "));
    }
}
