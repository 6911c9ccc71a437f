using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog;
using Ksbb.Model.Documents;
using Ksbb.Model.Formats;
using Ksbb.Tests;

namespace Ksbb.Model.Tests.Formats;

/// <summary>
/// Fuzzing the Ksbb.Model readers with mutated valid files: each either reads, or fails with its typed exception
/// naming the place (CSV: file, line; JSON: path) — never another exception.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const string Needs = "unit,item,period,need\n31.71.01.1001.005.003,pangan.paket-sembako,2020-11,12\n\"31.71.01.1001.005.004\",pangan.beras,2020-11,3\n";

    private const string Collaborators = "id,name,category,sub_kind,publish_name,contact_person,phone,email,address\nc-1,\"Yayasan \"\"Peduli\"\", Jakarta\",lsm-oms-pbb-universitas,lsm,true,Ani,+62 21 555,a@example.org,\"Jl. Mawar 1\nJakarta\"\nc-2,Budi,perorangan,,,,,,\n";

    private const string Pledges = "id,collaborator,item,quantity,period,pledged_at,via,origin_lon,origin_lat,areas\no-1,c-1,pangan.beras,5,2020-11,2020-11-26T03:00:00Z,,106.8,-6.2,31.71 31.72\no-2,c-2,pangan.beras,7,2020-11,2020-11-26T03:00:00Z,agg-1,,,\n";

    private const string Points = "lon,lat\n106.8227,-6.1754\n\"106.9901\",-6.3000\n";

    private static readonly Config Fast = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static bool ReadsOrNamesThePlace(byte[] bytes, Func<TextReader, string, object> read) =>
        FuzzRead.ReadsOrNamesThePlace<CsvFormatException>(bytes, read, ex => ex.Line >= 1 && ex.Message.StartsWith("in.csv, line ", StringComparison.Ordinal));

    [Fact]
    public void Needs_MutatedFiles_ReadOrNameTheLine() =>
        Check.One(Fast, Prop.ForAll(Mutations.Of(Needs).ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, KsbbCsv.ReadNeeds)));

    [Fact]
    public void Collaborators_MutatedFiles_ReadOrNameTheLine() =>
        Check.One(Fast, Prop.ForAll(Mutations.Of(Collaborators).ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, KsbbCsv.ReadCollaborators)));

    [Fact]
    public void Pledges_MutatedFiles_ReadOrNameTheLine() =>
        Check.One(Fast, Prop.ForAll(Mutations.Of(Pledges).ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, KsbbCsv.ReadPledges)));

    [Fact]
    public void Points_MutatedFiles_ReadOrNameTheLine() =>
        Check.One(Fast, Prop.ForAll(Mutations.Of(Points).ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, (r, s) => KsbbCsv.ReadPoints(r, s).ToList())));

    [Fact]
    public void UnitFigures_MutatedFiles_ReadOrNameTheLine() =>
        Check.One(Fast, Prop.ForAll(Mutations.Of("code,need,reserved,delivered\nr0c0,10,1,2\n\"r,1\",5,0,0\n").ToArbitrary(), bytes => ReadsOrNamesThePlace(bytes, KsbbCsv.ReadUnitFigures)));

    [Fact]
    public void Catalogue_MutatedJson_ReadsOrNamesTheJsonPath()
    {
        using var stream = new MemoryStream();
        ProgrammeCatalog.Default.WriteTo(stream);
        var valid = Encoding.UTF8.GetString(stream.ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Mutations.Of(valid).ToArbitrary(), bytes =>
        {
            try
            {
                ProgrammeCatalog.Load(new MemoryStream(bytes));
                return true;
            }
            catch (DocumentException ex)
            {
                return ex.Message.StartsWith('$');
            }
        }));
    }

    [Fact]
    public void ValidFiles_WithBomCrlfAndQuotedFields_StillRead()
    {
        foreach (var (text, read) in new (string, Func<TextReader, string, object>)[]
        {
            (Needs, KsbbCsv.ReadNeeds), (Collaborators, KsbbCsv.ReadCollaborators), (Pledges, KsbbCsv.ReadPledges),
            (Points, (r, s) => KsbbCsv.ReadPoints(r, s).ToList()),
        })
        {
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))).ToArray();
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            Assert.NotNull(read(reader, "in.csv"));
        }
    }
}
