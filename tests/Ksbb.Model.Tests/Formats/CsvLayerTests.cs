using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;
using nietras.SeparatedValues;

namespace Ksbb.Model.Tests.Formats;

/// <summary>The one CSV layer: what its writer writes reads back unchanged, and no text cell it writes runs as a formula.</summary>
public sealed class CsvLayerTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "7", ".", ",", "\"", "\"\"", "\n", "\r\n", " ", "é", "日本", "ß", "Ж", "=", "+", "-", "@", "'", "\t", "1e5", "-6.2", "HYPERLINK(\"http://x\",\"x\")",
    ];

    // Text with commas, quotes, line breaks, formula characters and non-ASCII; trimmed, as the reader trims fields.
    private static Gen<string> Text() => Gen.Elements(Pieces).ListOf().Select(p => string.Concat(p).Trim());

    private static Gen<string[]> Rows(int columns) => Text().ArrayOf(columns);

    private static string Write(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter();
        using (var csv = CsvRecordWriter.Create(text, header))
        {
            foreach (var row in rows)
            {
                csv.WriteRow(row);
            }
        }

        return text.ToString();
    }

    private static bool IsFormula(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n'
        && !(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number));

    [Fact]
    public void WriteThenRead_GivesTheSameCells_Property() =>
        Prop.ForAll(Rows(3).ListOf().ToArbitrary(), rows =>
        {
            // A record of one empty cell is a blank line, which the reader skips: the rows here have three cells.
            var csv = Write(["a", "b", "c"], rows);
            var back = CsvTable.Read(new StringReader(csv), "t.csv", [new("a", true), new("b", true), new("c", true)]).Select(r => r.Fields).ToList();
            return back.Count == rows.Count && back.Zip(rows).All(p => p.First.SequenceEqual(p.Second));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void WriteThenRead_WithBomAndCrlf_GivesTheSameCells_Property() =>
        Prop.ForAll(Rows(3).ListOf().ToArbitrary(), rows =>
        {
            var csv = "\uFEFF" + Write(["a", "b", "c"], rows).Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal);
            var back = CsvTable.Read(new StringReader(csv), "t.csv", [new("a", true), new("b", true), new("c", true)]).Select(r => r.Fields).ToList();
            return back.Count == rows.Count && back.Zip(rows).All(p => p.First.Zip(p.Second).All(c => c.First.ReplaceLineEndings("\n") == c.Second.ReplaceLineEndings("\n")));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void WrittenCells_NeverStartAFormula_AndNumbersStayNumbers_Property() =>
        Prop.ForAll(Rows(2).ListOf().ToArbitrary(), rows =>
        {
            var csv = Write(["name", "other"], rows);

            // Read back with Sep's own unescaping (not the layer under test): what a spreadsheet import would see.
            using var reader = Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true }).FromText(csv);
            var cells = new List<string>();
            foreach (var row in reader)
            {
                cells.Add(row[0].ToString());
                cells.Add(row[1].ToString());
            }

            var expected = rows.SelectMany(r => r).ToList();
            return cells.Count == expected.Count
                && cells.All(c => !IsFormula(c))
                && cells.Zip(expected).All(p => p.First == p.Second || (p.First == "'" + p.Second && IsFormula(p.Second.TrimStart('\''))));
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("-6.2", "-6.2")]
    [InlineData("+62", "+62")]
    [InlineData("1e5", "1e5")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+62 21 555", "'+62 21 555")]
    [InlineData("-Infinity", "'-Infinity")]
    [InlineData("'=x", "''=x")]
    [InlineData("'Tis", "'Tis")]
    public void Writer_GuardsText_NotNumbers(string cell, string written)
    {
        Assert.Equal("v\n" + written + "\n", Write(["v"], [[cell]]).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void CollaboratorNamedLikeAFormula_IsGuardedInEveryWriter_AndReadsBack()
    {
        var c = Ksbb.Model.Collaborators.Collaborator.Create(Ksbb.Model.Collaborators.CollaboratorId.Parse("c-1"), "=HYPERLINK(\"http://x\",\"x\")", Ksbb.Model.Collaborators.CollaboratorCategory.LembagaUsaha);
        using var text = new StringWriter();
        KsbbCsv.WriteCollaborators(text, [c]);

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\"", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(c.Name, Assert.Single(KsbbCsv.ReadCollaborators(new StringReader(text.ToString()))).Name);
    }

    [Theory]
    [InlineData("lon,lat\n\"106.8\",-6.2,\n", 2, "3 fields")]
    [InlineData("lon,lat\n\"106.8,-6.2\n", 2, "not closed")]
    [InlineData("lon,lat\n1\"06.8,-6.2\n", 2, "quote inside an unquoted field")]
    [InlineData("lon,lat\n\"106\"8\",-6.2\n", 2, "quote")]
    [InlineData("lon,lat\n\"10\"6\"\",-6.2\n", 2, "doubled")]
    [InlineData("lon,lat\n106.8,1e999\n", 2, "-90 to 90")]
    [InlineData("lon,lat\n106.8,NaN\n", 2, "-90 to 90")]
    [InlineData("lon,lat\n181,0\n", 2, "-180 to 180")]
    [InlineData("lon;lat\n1;2\n", 1, "unknown column")]
    [InlineData("", 1, "empty")]
    public void ReadPoints_BadInput_NamesLineAndColumn(string csv, int line, string detail)
    {
        var ex = Assert.Throws<CsvFormatException>(() => KsbbCsv.ReadPoints(new StringReader(csv), "p.csv").ToList());
        Assert.Equal(line, ex.Line);
        Assert.Equal("p.csv", ex.SourceName);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPoints_BomCrlfAndQuotes_KeepTheTextAsGiven()
    {
        var points = KsbbCsv.ReadPoints(new StringReader("\uFEFFLON,\"lat\"\r\n\"106.8\", -6.20 \r\n\r\n106.9,-6.1"), "p.csv").ToList();
        Assert.Equal([(2, 106.8, -6.2, "106.8", "-6.20"), (4, 106.9, -6.1, "106.9", "-6.1")], points);
    }

    [Fact]
    public void ReadPoints_Streams_ReadingOnlyWhatIsAsked()
    {
        // An endless file: taking three points must not try to read it all.
        var points = KsbbCsv.ReadPoints(new EndlessPoints(), "endless.csv").Take(3).ToList();
        Assert.Equal([2, 3, 4], points.Select(p => p.Line));
    }

    [Fact]
    public void UnitFigures_ReadQuotedFieldsBomAndCrlf()
    {
        var figures = KsbbCsv.ReadUnitFigures(new StringReader("\uFEFFcode,need,reserved,delivered\r\n\"r,1\",10,1,2\r\n"));
        Assert.Equal([("r,1", 10L, 1L, 2L)], figures);
    }

    [Theory]
    [InlineData("code,need,reserved,delivered\nr,1,2\n", 2, "3 fields")]
    [InlineData("code,need,reserved,delivered\nr,1,2,-3\n", 2, "whole number")]
    [InlineData("code,need,reserved,delivered\nr,1,2,3\nr,1,1,1\n", 3, "repeats line 2")]
    public void UnitFigures_BadInput_NameTheLine(string csv, int line, string detail)
    {
        var ex = Assert.Throws<CsvFormatException>(() => KsbbCsv.ReadUnitFigures(new StringReader(csv)));
        Assert.Equal(line, ex.Line);
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicReader_ReadsAContractByHeaderName_AndPlacesEveryCellError()
    {
        CsvColumn[] columns = [new("unit", true), new("count", true), new("note", false)];
        const string Csv = "\uFEFFCount, unit\r\n3,31.71.01.1001\r\n\r\n\"12\",\"31.71\"\r\n";

        var records = CsvTable.Read(new StringReader(Csv), "u.csv", columns).ToList();

        Assert.Equal([2, 4], records.Select(r => r.Line));
        Assert.Equal([RegionCode.Parse("31.71.01.1001"), RegionCode.Parse("31.71")], records.Select(r => r.Region(0)));
        Assert.Equal([3, 12], records.Select(r => r.Whole(1, 1, 99)));
        Assert.Equal("u.csv", records[0].SourceName);
        Assert.Equal(string.Empty, records[0].Text(2));
        Assert.Equal(31, records[1].Parse<int>(0, (string text, out int value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) =>
        {
            error = int.TryParse(text.AsSpan(0, 2), CultureInfo.InvariantCulture, out value) ? null : "no number.";
            return error is null;
        }));

        var ex = Assert.Throws<CsvFormatException>(() => records[1].Whole(1, 1, 9));
        Assert.Equal(("u.csv", 4, 1, "Count"), (ex.SourceName, ex.Line, ex.Column, ex.ColumnName));
        Assert.Contains("more than 9", ex.Detail, StringComparison.Ordinal);
        ex = records[0].Error(0, "not served.");
        Assert.Equal("u.csv, line 2, column 2 (unit): not served.", ex.Message);
        ex = Assert.Throws<CsvFormatException>(() => records[0].Required(2));
        Assert.Equal((2, 0), (ex.Line, ex.Column));
        ex = Assert.Throws<CsvFormatException>(() => records[0].Parse<Ksbb.Model.Time.DistributionPeriod>(1, Ksbb.Model.Time.DistributionPeriod.TryParse));
        Assert.Equal((2, 1, "Count"), (ex.Line, ex.Column, ex.ColumnName));
        Assert.Throws<ArgumentOutOfRangeException>(() => records[0].Text(3));
    }

    [Theory]
    [InlineData("unit,count,colour\n", CsvHeader.Strict, 1, 3, "unknown column 'colour'")]
    [InlineData("unit,count,colour\n31.71,1,red\n", CsvHeader.ExtraColumnsIgnored, 0, 0, "")]
    [InlineData("count\n", CsvHeader.Strict, 1, 0, "no 'unit' column")]
    [InlineData("31.71,1\n", CsvHeader.None, 1, 3, "2 fields but the format has 3")]
    [InlineData("unit,count\n31.71,\"1\n", CsvHeader.Strict, 2, 2, "not closed")]
    [InlineData("", CsvHeader.Strict, 1, 0, "the file is empty")]
    public void PublicReader_HeaderModes_AndMalformedFiles_AreRefusedInPlace(string csv, CsvHeader header, int line, int column, string detail)
    {
        CsvColumn[] columns = [new("unit", true), new("count", true), new("note", false)];
        if (line == 0)
        {
            Assert.Single(CsvTable.Read(new StringReader(csv), "u.csv", columns, header));
            return;
        }

        var ex = Assert.Throws<CsvFormatException>(() => CsvTable.Read(new StringReader(csv), "u.csv", columns, header).ToList());
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(detail, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNeeds_QuantityBeyondTheQuantityType_SaysSo()
    {
        var ex = Assert.Throws<CsvFormatException>(() => KsbbCsv.ReadNeeds(new StringReader("unit,item,period,need\n31.71,pangan.beras,2020-11,3000000000\n")));
        Assert.Equal((2, 4), (ex.Line, ex.Column));
        Assert.Contains("'3000000000' is more than 2,147,483,647", ex.Message, StringComparison.Ordinal);
    }

    private sealed class EndlessPoints : TextReader
    {
        private string _pending = "lon,lat\n";

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_pending.Length == 0)
            {
                _pending = "106.8,-6.2\n";
            }

            var n = Math.Min(buffer.Length, _pending.Length);
            _pending.AsSpan(0, n).CopyTo(buffer);
            _pending = _pending[n..];
            return n;
        }
    }
}
