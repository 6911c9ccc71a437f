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
}
