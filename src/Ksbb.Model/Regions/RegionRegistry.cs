using System.Diagnostics.CodeAnalysis;
using Ksbb.Model.Formats;

namespace Ksbb.Model.Regions;

/// <summary>
/// An immutable set of administrative units with their names and hierarchy: lookups by code, children and
/// ancestors. Every unit's parent is in the registry (a provinsi has none).
/// </summary>
/// <remarks>
/// <para>
/// Build one with <see cref="Create"/> or load the Kemendagri code list with <see cref="LoadCsv(string)"/>
/// (columns <c>kode,kode_digits,nama,level,kode_parent</c>). Enumeration yields units in code order, parents
/// before children.
/// </para>
/// <para>Immutable and thread-safe once built.</para>
/// </remarks>
public sealed class RegionRegistry
{
    private readonly Dictionary<RegionCode, Region> _byCode;
    private readonly Dictionary<RegionCode, Region[]> _children;
    private readonly Region[] _ordered;

    private RegionRegistry(Region[] ordered)
    {
        _ordered = ordered;
        _byCode = new Dictionary<RegionCode, Region>(ordered.Length);
        foreach (var region in ordered)
        {
            _byCode.Add(region.Code, region);
        }

        _children = ordered.Where(r => r.Parent is not null)
            .GroupBy(r => r.Parent!.Value)
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Gets the number of units.</summary>
    public int Count => _ordered.Length;

    /// <summary>Gets the unit with a code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The unit.</returns>
    /// <exception cref="KeyNotFoundException">No unit has that code.</exception>
    public Region this[RegionCode code] =>
        _byCode.TryGetValue(code, out var region) ? region : throw new KeyNotFoundException($"Region {code} is not in the registry.");

    /// <summary>Builds a registry, checking that codes are unique and that every unit's parent is present.</summary>
    /// <param name="regions">The units, in any order.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="ArgumentException">A code appears twice or a parent is missing; the message names the code.</exception>
    public static RegionRegistry Create(IEnumerable<Region> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var ordered = regions.ToArray();
        Array.Sort(ordered, static (a, b) => a.Code.CompareTo(b.Code));
        var codes = new HashSet<RegionCode>(ordered.Length);
        foreach (var region in ordered)
        {
            ArgumentNullException.ThrowIfNull(region, nameof(regions));
            if (!codes.Add(region.Code))
            {
                throw new ArgumentException($"Region {region.Code} appears more than once.", nameof(regions));
            }

            // Parents sort before children, so a present parent has been seen already.
            if (region.Parent is { } parent && !codes.Contains(parent))
            {
                throw new ArgumentException($"Region {region.Code} ({region.Name}) has parent {parent}, which is not in the registry.", nameof(regions));
            }
        }

        return new RegionRegistry(ordered);
    }

    /// <summary>Loads a registry from a CSV file in the Kemendagri code-list format.</summary>
    /// <param name="path">The file: UTF-8, a header with at least <c>kode</c>, <c>nama</c>, <c>level</c> and <c>kode_parent</c>.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="CsvFormatException">A line is wrong; the message names the file, line and column.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RegionRegistry LoadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return LoadCsv(reader, Path.GetFileName(path));
    }

    /// <summary>Loads a registry from CSV text in the Kemendagri code-list format.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The name used in error messages, usually the file name.</param>
    /// <returns>The registry.</returns>
    /// <remarks>
    /// <para>
    /// Columns (by header name, any order, extra columns ignored): <c>kode</c> (dotted or digits-only code),
    /// optional <c>kode_digits</c> (must agree with <c>kode</c>), <c>nama</c>, <c>level</c> (<c>provinsi</c>,
    /// <c>kabkota</c> or <c>kota</c>, <c>kecamatan</c>, <c>kelurahan</c> or <c>desa</c>, <c>rw</c>, <c>rt</c>; must
    /// agree with the code) and <c>kode_parent</c> (empty for a provinsi; must be the code's parent and present in
    /// the file).
    /// </para>
    /// </remarks>
    /// <exception cref="CsvFormatException">A line is wrong; the message names the source, line and column.</exception>
    public static RegionRegistry LoadCsv(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        var regions = new List<(Region Region, int Line, RegionCode? Parent)>();
        var lines = new Dictionary<RegionCode, int>();
        const int kode = 0, digits = 1, nama = 2, level = 3, parentColumn = 4;
        CsvRecord? last = null;
        foreach (var record in CsvTable.Read(reader, sourceName, RegistryColumns, CsvHeader.ExtraColumnsIgnored))
        {
            last = record;
            string Field(int index) => record.Text(index);
            CsvFormatException Error(int index, string detail) => record.Error(index, detail);

            if (!RegionCode.TryParse(Field(kode), out var code, out var error))
            {
                throw Error(kode, error);
            }

            if (digits >= 0 && Field(digits).Length > 0 && Field(digits) != code.ToDigitsString())
            {
                throw Error(digits, $"'{Field(digits)}' does not match kode {code} (expected {code.ToDigitsString()}).");
            }

            if (!TryParseLevel(Field(level), out var parsedLevel))
            {
                throw Error(level, $"unknown level '{Field(level)}'; expected provinsi, kabkota, kecamatan, kelurahan, rw or rt.");
            }

            if (parsedLevel != code.Level)
            {
                throw Error(level, $"level '{Field(level)}' does not match kode {code}, which is a {code.Level.ToString().ToLowerInvariant()} code.");
            }

            RegionCode? parent = null;
            var parentText = Field(parentColumn);
            if (parentText.Length > 0)
            {
                if (!RegionCode.TryParse(parentText, out var p, out var parentError))
                {
                    throw Error(parentColumn, parentError);
                }

                parent = p;
            }

            if (parent != code.Parent)
            {
                throw Error(parentColumn, code.Parent is null
                    ? $"a {code.Level.ToString().ToLowerInvariant()} has no parent, but '{parentText}' is given."
                    : $"the parent of {code} is {code.Parent}, not '{parentText}'.");
            }

            if (Field(nama).Length == 0)
            {
                throw Error(nama, "the name is empty.");
            }

            if (!lines.TryAdd(code, record.Line))
            {
                throw Error(kode, $"{code} already appears on line {lines[code]}.");
            }

            regions.Add((Region.Create(code, Field(nama)), record.Line, parent));
        }

        foreach (var (region, line, parent) in regions)
        {
            if (parent is { } p && !lines.ContainsKey(p))
            {
                throw last!.ErrorAt(line, parentColumn, $"parent {p} of {region.Code} is not in the file.");
            }
        }

        return Create(regions.Select(r => r.Region));
    }

    private static readonly CsvColumn[] RegistryColumns = [new("kode", true), new("kode_digits", false), new("nama", true), new("level", true), new("kode_parent", true)];

    private static bool TryParseLevel(string text, out RegionLevel level)
    {
        level = text.ToLowerInvariant() switch
        {
            "provinsi" => RegionLevel.Provinsi,
            "kabkota" or "kota" or "kabupaten" => RegionLevel.Kota,
            "kecamatan" => RegionLevel.Kecamatan,
            "kelurahan" or "desa" => RegionLevel.Kelurahan,
            "rw" => RegionLevel.Rw,
            "rt" => RegionLevel.Rt,
            _ => RegionLevel.None,
        };
        return level != RegionLevel.None;
    }

    /// <summary>Returns whether a unit with this code is present.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(RegionCode code) => _byCode.ContainsKey(code);

    /// <summary>Tries to find the unit with a code.</summary>
    /// <param name="code">The code.</param>
    /// <param name="region">The unit, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGet(RegionCode code, [NotNullWhen(true)] out Region? region) => _byCode.TryGetValue(code, out region);

    /// <summary>Returns the direct children of a unit, in code order.</summary>
    /// <param name="code">A code in the registry.</param>
    /// <returns>The children; empty for a unit without any.</returns>
    /// <exception cref="KeyNotFoundException">The code is not in the registry.</exception>
    public IReadOnlyList<Region> GetChildren(RegionCode code)
    {
        _ = this[code];
        return _children.TryGetValue(code, out var children) ? children : [];
    }

    /// <summary>Returns the ancestors of a unit, nearest first (parent, grandparent, … provinsi).</summary>
    /// <param name="code">A code in the registry.</param>
    /// <returns>The ancestors; empty for a provinsi.</returns>
    /// <exception cref="KeyNotFoundException">The code is not in the registry.</exception>
    public IReadOnlyList<Region> GetAncestors(RegionCode code)
    {
        var result = new List<Region>();
        for (var parent = this[code].Parent; parent is { } p; parent = p.Parent)
        {
            result.Add(_byCode[p]);
        }

        return result;
    }

    /// <summary>Returns every unit at a level, in code order.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The units.</returns>
    public IReadOnlyList<Region> GetAtLevel(RegionLevel level) => Array.FindAll(_ordered, r => r.Level == level);

    /// <summary>Gets every unit in code order, parents before children.</summary>
    public IReadOnlyList<Region> Regions => _ordered;
}
