using System.Globalization;
using Ksbb.Model.Regions;

namespace Ksbb.Data.Jakarta.Internal;

/// <summary>Reads the two plain CSV files embedded in the package (no quoting, no commas inside cells), with errors naming the file and line.</summary>
internal static class EmbeddedCsv
{
    /// <summary>The headerless RT list: <c>kelurahan_name,rw_number,rt_number</c>.</summary>
    public static List<(string Kelurahan, int Rw, int Rt)> ReadRtList(string text, string source)
    {
        var rows = new List<(string, int, int)>();
        foreach (var (line, number) in Lines(text))
        {
            var cells = line.Split(',');
            if (cells.Length != 3 || !TryNumber(cells[1], out var rw) || !TryNumber(cells[2], out var rt))
            {
                throw new InvalidDataException($"{source}: line {number}: expected 'kelurahan_name,rw_number,rt_number', found '{line}'.");
            }

            rows.Add((cells[0], rw, rt));
        }

        return rows;
    }

    /// <summary>The crosswalk, by header: <c>KAB_NAME</c>, <c>KEC_NAME</c>, <c>KEL_NAME</c>, <c>kode_kemendagri</c>.</summary>
    public static List<(string Kota, string Kecamatan, string Kelurahan, RegionCode Code)> ReadCrosswalk(string text, string source)
    {
        var rows = new List<(string, string, string, RegionCode)>();
        string[]? header = null;
        int kab = 0, kec = 0, kel = 0, kode = 0;
        foreach (var (line, number) in Lines(text))
        {
            var cells = line.Split(',');
            if (header is null)
            {
                header = cells;
                int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{source}: line {number}: missing column '{name}'.");
                (kab, kec, kel, kode) = (Column("KAB_NAME"), Column("KEC_NAME"), Column("KEL_NAME"), Column("kode_kemendagri"));
                continue;
            }

            if (cells.Length != header.Length || !RegionCode.TryParse(cells[kode], out var code))
            {
                throw new InvalidDataException($"{source}: line {number}: expected {header.Length} cells with a region code in 'kode_kemendagri', found '{line}'.");
            }

            rows.Add((cells[kab], cells[kec], cells[kel], code));
        }

        return rows;
    }

    private static bool TryNumber(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static IEnumerable<(string Line, int Number)> Lines(string text)
    {
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > 0)
            {
                yield return (trimmed, number);
            }
        }
    }
}
