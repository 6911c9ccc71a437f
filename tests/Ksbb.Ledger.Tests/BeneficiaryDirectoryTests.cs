using Ksbb.Ledger.Households;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;

namespace Ksbb.Ledger.Tests;

/// <summary>The file-backed beneficiary directory: facts accumulate per identifier; bad lines are placed, never echoed.</summary>
public sealed class BeneficiaryDirectoryTests
{
    private static readonly RegionCode Unit = RegionCode.Parse("31.71.01.1001.005.003");

    [Fact]
    public void Read_GathersEveryLineOfABeneficiary_AndAnswersByTheTaggedIdentifier()
    {
        var directory = BeneficiaryDirectory.Read(new StringReader("""
            beneficiary,role,registration
            NIK:3171 0141 0780 0001,peserta-didik,
            nik:3171014107800001,,jakpreneur
            kk:3171010203040506,pendidik,
            """));
        Assert.Equal(2, directory.Count);
        var student = directory.Find("nik:3171014107800001", Unit)!;
        Assert.Equal(Unit, student.Unit);
        Assert.Equal(["peserta-didik"], student.Roles);
        Assert.Equal(["jakpreneur"], student.Registrations);
        Assert.Equal(["pendidik"], directory.Find("kk:3171010203040506", Unit)!.Roles);
        Assert.Null(directory.Find("nik:3171010203040506", Unit));
        Assert.Equal("2 beneficiaries", directory.ToString());
    }

    [Fact]
    public void Read_ABadIdentifier_NamesLineAndColumn_WithoutTheDigits()
    {
        var error = Assert.Throws<CsvFormatException>(() => BeneficiaryDirectory.Read(new StringReader("role,beneficiary\npendidik,kk:3171010203040506\npendidik,nik:9971014107800001\n"), "b.csv"));
        Assert.Equal((3, 2, "beneficiary"), (error.Line, error.Column, error.ColumnName));
        Assert.Contains("province", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9971014107800001", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => BeneficiaryDirectory.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv")));
    }

    [Fact]
    public void Read_KeepsOneFactPerLine_AndPlacesEveryError()
    {
        var directory = BeneficiaryDirectory.Read(new StringReader("\uFEFFrole,beneficiary\r\npendidik,nik:3171014107800001\r\npeserta-didik,nik:3171014107800002\r\npendidik,nik:3171014107800001\r\n"), "b.csv");
        Assert.Equal(2, directory.Count);
        Assert.Equal(["pendidik"], directory.Find("nik:3171014107800001", Unit)!.Roles);
        Assert.Equal(["peserta-didik"], directory.Find("nik:3171014107800002", Unit)!.Roles);

        static CsvFormatException Bad(string csv) => Assert.Throws<CsvFormatException>(() => BeneficiaryDirectory.Read(new StringReader(csv), "b.csv"));
        var error = Bad("beneficiary,role\nnik:3171014107800001,pendidik\nnik:3171014107800002,\n");
        Assert.Equal((3, 2, "role"), (error.Line, error.Column, error.ColumnName));
        error = Bad("beneficiary,role\nkk:1,pendidik\n");
        Assert.Equal((2, 1, "beneficiary"), (error.Line, error.Column, error.ColumnName));
        error = Bad("beneficiary,role,registration\nnik:3171014107800001,,Jakpreneur\n");
        Assert.Equal((2, 3, "registration"), (error.Line, error.Column, error.ColumnName));
        error = Bad("beneficiary,roles\nnik:3171014107800001,pendidik\n");
        Assert.Equal((1, 2, "roles"), (error.Line, error.Column, error.ColumnName));
        Assert.Equal("b.csv", error.SourceName);
    }
}
