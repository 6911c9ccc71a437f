using System.Diagnostics.CodeAnalysis;
using Ksbb.Model.Regions;

namespace Ksbb.Model.Recipients;

/// <summary>
/// An institution recipient: a panti, a pesantren or another priority location, shown on the public map as a point
/// inside its RW with the number of people it houses.
/// </summary>
/// <remarks>
/// Its <see cref="Code"/> is a unit code at the RT level (<see cref="RegionCode.ForInstitution"/>), so needs,
/// reservations, allocation and the public map treat it as they treat an RT. The name and the number of residents are
/// public facts about the institution, not personal data. Immutable and thread-safe.
/// </remarks>
public sealed class Institution
{
    private Institution(RegionCode code, InstitutionKind kind, string name, GeoPoint location, int residents)
    {
        Code = code;
        Kind = kind;
        Name = name;
        Location = location;
        Residents = residents;
    }

    /// <summary>Gets the institution's unit code, for example <c>31.71.01.1001.005.901</c>.</summary>
    public RegionCode Code { get; }

    /// <summary>Gets the RW whose area holds the institution.</summary>
    public RegionCode Rw => Code.AncestorAt(RegionLevel.Rw);

    /// <summary>Gets the kind of institution.</summary>
    public InstitutionKind Kind { get; }

    /// <summary>Gets the institution's public name.</summary>
    public string Name { get; }

    /// <summary>Gets where the institution is (a point inside its RW).</summary>
    public GeoPoint Location { get; }

    /// <summary>Gets the number of people the institution houses (0 or more).</summary>
    public int Residents { get; }

    /// <summary>Creates an institution record.</summary>
    /// <param name="code">An institution unit code (<see cref="RegionCode.IsInstitution"/>).</param>
    /// <param name="kind">The kind; not <see cref="InstitutionKind.None"/>.</param>
    /// <param name="name">The public name; not blank, at most 200 characters, trimmed.</param>
    /// <param name="location">Where it is.</param>
    /// <param name="residents">How many people it houses, 0 or more.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">The code is not an institution code, the kind is not defined or the name is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="residents"/> is negative.</exception>
    public static Institution Create(RegionCode code, InstitutionKind kind, string name, GeoPoint location, int residents)
    {
        if (!code.IsInstitution)
        {
            throw new ArgumentException($"'{code}' is not an institution code (an RT-level code numbered from {RegionCode.FirstInstitutionNumber}).", nameof(code));
        }

        if (kind == InstitutionKind.None || !Enum.IsDefined(kind))
        {
            throw new ArgumentException($"'{kind}' is not an institution kind.", nameof(kind));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(residents);
        var trimmed = Guard.Text(name, "institution name", nameof(name));
        return new Institution(code, kind, trimmed, location, residents);
    }

    /// <summary>Parses an institution kind from its code: <c>panti-asuhan</c>, <c>panti-lanjut-usia</c>, <c>panti-disabilitas</c>, <c>pesantren</c> or <c>lokasi-prioritas</c>.</summary>
    /// <param name="code">The kind's code.</param>
    /// <param name="kind">The kind, or <see cref="InstitutionKind.None"/>.</param>
    /// <returns><see langword="true"/> when the code names a kind.</returns>
    public static bool TryParseKind([NotNullWhen(true)] string? code, out InstitutionKind kind)
    {
        kind = code switch
        {
            "panti-asuhan" => InstitutionKind.PantiAsuhan,
            "panti-lanjut-usia" => InstitutionKind.PantiLanjutUsia,
            "panti-disabilitas" => InstitutionKind.PantiDisabilitas,
            "pesantren" => InstitutionKind.Pesantren,
            "lokasi-prioritas" => InstitutionKind.LokasiPrioritas,
            _ => InstitutionKind.None,
        };
        return kind != InstitutionKind.None;
    }

    /// <summary>Returns the code of a kind, as <see cref="TryParseKind"/> reads it.</summary>
    /// <param name="kind">A defined kind.</param>
    /// <returns>For example <c>panti-asuhan</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not defined.</exception>
    public static string GetKindCode(InstitutionKind kind) => kind switch
    {
        InstitutionKind.PantiAsuhan => "panti-asuhan",
        InstitutionKind.PantiLanjutUsia => "panti-lanjut-usia",
        InstitutionKind.PantiDisabilitas => "panti-disabilitas",
        InstitutionKind.Pesantren => "pesantren",
        InstitutionKind.LokasiPrioritas => "lokasi-prioritas",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an institution kind."),
    };

    /// <summary>Returns the code, kind and name.</summary>
    /// <returns>For example <c>31.71.01.1001.005.901 panti-asuhan Panti Asuhan Harapan</c>.</returns>
    public override string ToString() => $"{Code} {GetKindCode(Kind)} {Name}";
}
