using Ksbb.Geo.Internal;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;

namespace Ksbb.Geo;

/// <summary>Maps kelurahan names as a boundary layer spells them (kota, kecamatan, kelurahan) to Kemendagri kelurahan codes.</summary>
/// <remarks>
/// Names compare after normalisation (upper case, letters and digits only), so <c>Kebon Bawang</c> and
/// <c>KEBON BAWANG</c> match. When the exact (kota, kecamatan, kelurahan) triple is unknown, a kelurahan name that is
/// unique within its kota (or, failing that, within the whole table) still matches: the 2012 RW layer lists
/// CENGKARENG BARAT under two kecamatan. Immutable and thread-safe.
/// </remarks>
public sealed class KelurahanCrosswalk
{
    private static readonly CsvColumn[] Columns = [new("KAB_NAME", true), new("KEC_NAME", true), new("KEL_NAME", true), new("kode_kemendagri", true)];

    private readonly Dictionary<string, RegionCode> _byTriple;
    private readonly Dictionary<string, RegionCode?> _byKotaKelurahan;
    private readonly Dictionary<string, RegionCode?> _byKelurahan;

    private KelurahanCrosswalk(IEnumerable<(string Kota, string Kecamatan, string Kelurahan, RegionCode Code)> rows)
    {
        _byTriple = new(StringComparer.Ordinal);
        _byKotaKelurahan = new(StringComparer.Ordinal);
        _byKelurahan = new(StringComparer.Ordinal);
        foreach (var (kota, kecamatan, kelurahan, code) in rows)
        {
            _byTriple[Normalize(kota) + "|" + Normalize(kecamatan) + "|" + Normalize(kelurahan)] = code;
            AddUnique(_byKotaKelurahan, Normalize(kota) + "|" + Normalize(kelurahan), code);
            AddUnique(_byKelurahan, Normalize(kelurahan), code);
            Count++;
        }
    }

    /// <summary>Gets the number of rows.</summary>
    public int Count { get; }

    /// <summary>Creates a crosswalk from rows.</summary>
    /// <param name="rows">(kota, kecamatan, kelurahan) names and the kelurahan code of each.</param>
    /// <returns>The crosswalk.</returns>
    /// <exception cref="ArgumentException">A code is not a kelurahan code.</exception>
    public static KelurahanCrosswalk Create(IEnumerable<(string Kota, string Kecamatan, string Kelurahan, RegionCode Code)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        foreach (var row in list.Where(r => r.Code.Level != RegionLevel.Kelurahan))
        {
            throw new ArgumentException($"Crosswalk row '{row.Kelurahan}' has code '{row.Code}', which is not a kelurahan code.", nameof(rows));
        }

        return new KelurahanCrosswalk(list);
    }

    /// <summary>Reads a crosswalk CSV file with <see cref="Read(TextReader, string)"/>.</summary>
    /// <param name="path">The CSV file (UTF-8, byte order mark optional).</param>
    /// <returns>The crosswalk.</returns>
    /// <exception cref="InvalidDataException">A column is missing, a row is malformed or a code is not a kelurahan code; the message names the file, line and column, and the inner exception is the <see cref="CsvFormatException"/>.</exception>
    public static KelurahanCrosswalk Read(string path) => CsvFiles.Read(path, Read);

    /// <summary>Reads a crosswalk through the one CSV reader (<see cref="CsvTable"/>): header columns <c>KAB_NAME</c>, <c>KEC_NAME</c>, <c>KEL_NAME</c> and <c>kode_kemendagri</c> (a kelurahan code), in any order and case; other columns are ignored.</summary>
    /// <param name="reader">The CSV text (left open).</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The crosswalk.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CsvFormatException">The CSV is malformed, a column is missing or a code is not a kelurahan code; the message names the line and column.</exception>
    public static KelurahanCrosswalk Read(TextReader reader, string sourceName = "crosswalk.csv")
    {
        var rows = new List<(string, string, string, RegionCode)>();
        foreach (var r in CsvTable.Read(reader, sourceName, Columns, CsvHeader.ExtraColumnsIgnored))
        {
            var code = r.Region(3);
            rows.Add(code.Level == RegionLevel.Kelurahan ? (r.Text(0), r.Text(1), r.Text(2), code) : throw r.Error(3, $"'{code}' is not a kelurahan code."));
        }

        return new KelurahanCrosswalk(rows);
    }

    /// <summary>Finds the kelurahan code for names as a layer spells them.</summary>
    /// <param name="kota">The kota name.</param>
    /// <param name="kecamatan">The kecamatan name.</param>
    /// <param name="kelurahan">The kelurahan name.</param>
    /// <param name="code">The kelurahan code when found.</param>
    /// <returns><see langword="true"/> when the triple, or an unambiguous kelurahan name, is known.</returns>
    public bool TryFind(string kota, string kecamatan, string kelurahan, out RegionCode code)
    {
        ArgumentNullException.ThrowIfNull(kota);
        ArgumentNullException.ThrowIfNull(kecamatan);
        ArgumentNullException.ThrowIfNull(kelurahan);
        if (_byTriple.TryGetValue(Normalize(kota) + "|" + Normalize(kecamatan) + "|" + Normalize(kelurahan), out code))
        {
            return true;
        }

        if (_byKotaKelurahan.TryGetValue(Normalize(kota) + "|" + Normalize(kelurahan), out var inKota) && inKota is { } k)
        {
            code = k;
            return true;
        }

        if (_byKelurahan.TryGetValue(Normalize(kelurahan), out var anywhere) && anywhere is { } a)
        {
            code = a;
            return true;
        }

        code = default;
        return false;
    }

    private static void AddUnique(Dictionary<string, RegionCode?> map, string key, RegionCode code)
    {
        if (map.TryGetValue(key, out var existing))
        {
            if (existing != code)
            {
                map[key] = null; // ambiguous
            }
        }
        else
        {
            map[key] = code;
        }
    }

    internal static string Normalize(string name) =>
        string.Create(name.Count(char.IsLetterOrDigit), name, (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (char.IsLetterOrDigit(c))
                {
                    span[i++] = char.ToUpperInvariant(c);
                }
            }
        });
}
