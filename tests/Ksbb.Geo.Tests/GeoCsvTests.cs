using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;
using Ksbb.Tests;

namespace Ksbb.Geo.Tests;

/// <summary>Ksbb.Geo's own CSV contracts, the RT list and the kelurahan crosswalk: typed values, every error placed (file, line, column).</summary>
public sealed class GeoCsvTests
{
    private static readonly Config Fast = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void RtListAndCrosswalk_ReadQuotedFieldsBomAndCrlf()
    {
        var rts = RtList.Read(new StringReader("\uFEFF\"KEBON, BARU\",1,2\r\nGAMBIR,3,4\r\nGAMBIR,3,4\r\n"));
        Assert.Equal((2, 2), (rts.Count, rts.RwCount));
        Assert.True(rts.TryGetRts("kebon baru", 1, out var kebon));
        Assert.Equal([2], kebon);
        Assert.True(rts.TryGetRts("GAMBIR", 3, out var gambir));
        Assert.Equal([4], gambir);

        var crosswalk = KelurahanCrosswalk.Read(new StringReader("\uFEFFextra,kab_name,KEC_NAME,KEL_NAME,kode_kemendagri\r\nx,\"JAKARTA PUSAT\",GAMBIR,\"GAMBIR\",31.71.01.1001\r\n"));
        Assert.Equal(1, crosswalk.Count);
        Assert.True(crosswalk.TryFind("Jakarta Pusat", "Gambir", "Gambir", out var code));
        Assert.Equal(RegionCode.Parse("31.71.01.1001"), code);
    }

    [Theory]
    [InlineData("rt", "GAMBIR,1\n", 1, 3, "2 fields")]
    [InlineData("rt", "GAMBIR,1,1000\n", 1, 3, "more than 999")]
    [InlineData("rt", "GAMBIR,1,x\n", 1, 3, "1 to 999")]
    [InlineData("rt", "GAMBIR,1,1\nGAMBIR,0,1\n", 2, 2, "1 to 999")]
    [InlineData("rt", "GAMBIR,1,1\n,2,1\n", 2, 1, "empty")]
    [InlineData("crosswalk", "KAB_NAME,KEC_NAME,KEL_NAME\n", 1, 0, "no 'kode_kemendagri' column")]
    [InlineData("crosswalk", "KAB_NAME,KEC_NAME,KEL_NAME,kode_kemendagri\nA,B,C,31.71.01\n", 2, 4, "not a kelurahan code")]
    [InlineData("crosswalk", "KAB_NAME,KEC_NAME,KEL_NAME,kode_kemendagri\nA,B,C,31.7x\n", 2, 4, "kode_kemendagri")]
    public void BadInput_IsACsvFormatException_NamingFileLineAndColumn(string contract, string csv, int line, int column, string detail)
    {
        Action read = contract == "rt"
            ? () => RtList.Read(new StringReader(csv), "rt.csv")
            : () => KelurahanCrosswalk.Read(new StringReader(csv), "crosswalk.csv");
        var ex = Assert.Throws<CsvFormatException>(read);
        Assert.Equal((contract + ".csv", line, column), (ex.SourceName, ex.Line, ex.Column));
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_ReportBadInputAsInvalidDataException_WithThePlacedCsvErrorInside()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "KAB_NAME,KEC_NAME,KEL_NAME,kode_kemendagri\nA,B,C,31.71\n");
            var ex = Assert.Throws<InvalidDataException>(() => KelurahanCrosswalk.Read(path));
            var inner = Assert.IsType<CsvFormatException>(ex.InnerException);
            Assert.Equal((path, 2, 4), (inner.SourceName, inner.Line, inner.Column));
            Assert.StartsWith($"{path}, line 2, column 4 (kode_kemendagri): ", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MutatedFiles_ReadOrNameTheLine()
    {
        Check.One(Fast, Prop.ForAll(Mutations.Of("GAMBIR,1,1\n\"KEBON, BARU\",2,3\n").ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, (r, s) => RtList.Read(r, s))));
        Check.One(Fast, Prop.ForAll(Mutations.Of("KAB_NAME,KEC_NAME,KEL_NAME,kode_kemendagri\nJAKARTA PUSAT,GAMBIR,GAMBIR,31.71.01.1001\n").ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, (r, s) => KelurahanCrosswalk.Read(r, s))));
    }

    private static bool ReadsOrNamesThePlace(byte[] bytes, Func<TextReader, string, object> read) =>
        FuzzRead.ReadsOrNamesThePlace<CsvFormatException>(bytes, read, ex => ex.Line >= 1 && ex.Message.StartsWith("in.csv, line ", StringComparison.Ordinal));
}
