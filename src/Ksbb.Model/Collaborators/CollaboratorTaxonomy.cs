using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Model.Collaborators;

/// <summary>A taxonomy entry: a category or sub-kind with its stable machine code and its Indonesian and English labels.</summary>
/// <remarks>Immutable and thread-safe; the instances come from <see cref="CollaboratorTaxonomy"/>.</remarks>
public sealed class TaxonomyEntry
{
    internal TaxonomyEntry(string code, string indonesian, string english)
    {
        Code = code;
        Indonesian = indonesian;
        English = english;
    }

    /// <summary>Gets the stable machine code, for example <c>lembaga-usaha</c>.</summary>
    public string Code { get; }

    /// <summary>Gets the Indonesian label, as the programme writes it.</summary>
    public string Indonesian { get; }

    /// <summary>Gets the English label.</summary>
    public string English { get; }

    /// <summary>Returns the machine code.</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Code;
}

/// <summary>The kolaborator taxonomy: the five categories KSBB counts, with sub-kinds for the fourth.</summary>
/// <remarks>Thread-safe; the tables are fixed.</remarks>
public static class CollaboratorTaxonomy
{
    private static readonly TaxonomyEntry[] CategoryEntries =
    [
        new("perorangan", "Perorangan", "Individuals"),
        new("lembaga-usaha", "Lembaga Usaha", "Businesses"),
        new("lembaga-pemerintah", "Lembaga Pemerintah, Kementerian, dan setingkat Kementerian", "Government bodies, ministries and ministry-level agencies"),
        new("lsm-oms-pbb-universitas", "LSM / OMS, Badan PBB, dan Universitas", "NGOs / civil-society organisations, UN agencies and universities"),
        new("luar-negeri", "Luar Negeri", "Foreign parties"),
    ];

    private static readonly TaxonomyEntry[] SubKindEntries =
    [
        new("lsm", "LSM (Lembaga Swadaya Masyarakat)", "Non-governmental organisation"),
        new("oms", "OMS (Organisasi Masyarakat Sipil)", "Civil-society organisation"),
        new("badan-pbb", "Badan PBB", "United Nations agency"),
        new("universitas", "Universitas", "University"),
    ];

    /// <summary>Gets the five categories in the programme's order.</summary>
    public static IReadOnlyList<CollaboratorCategory> Categories { get; } =
        [CollaboratorCategory.Perorangan, CollaboratorCategory.LembagaUsaha, CollaboratorCategory.LembagaPemerintah, CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorCategory.LuarNegeri];

    /// <summary>Gets the sub-kinds of <see cref="CollaboratorCategory.LsmOmsPbbUniversitas"/>.</summary>
    public static IReadOnlyList<CollaboratorSubKind> SubKinds { get; } =
        [CollaboratorSubKind.Lsm, CollaboratorSubKind.Oms, CollaboratorSubKind.BadanPbb, CollaboratorSubKind.Universitas];

    /// <summary>Returns the code and labels of a category.</summary>
    /// <param name="category">A category other than <see cref="CollaboratorCategory.None"/>.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The category is not one of the five.</exception>
    public static TaxonomyEntry Describe(CollaboratorCategory category) =>
        category is >= CollaboratorCategory.Perorangan and <= CollaboratorCategory.LuarNegeri
            ? CategoryEntries[(int)category - 1]
            : throw new ArgumentOutOfRangeException(nameof(category), category, "Not a collaborator category.");

    /// <summary>Returns the code and labels of a sub-kind.</summary>
    /// <param name="subKind">A sub-kind other than <see cref="CollaboratorSubKind.None"/>.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sub-kind is not one of the four.</exception>
    public static TaxonomyEntry Describe(CollaboratorSubKind subKind) =>
        subKind is >= CollaboratorSubKind.Lsm and <= CollaboratorSubKind.Universitas
            ? SubKindEntries[(int)subKind - 1]
            : throw new ArgumentOutOfRangeException(nameof(subKind), subKind, "Not a collaborator sub-kind.");

    /// <summary>Returns the stable machine code of a category, for example <c>lembaga-usaha</c>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The category is not one of the five.</exception>
    public static string GetCode(CollaboratorCategory category) => Describe(category).Code;

    /// <summary>Returns the stable machine code of a sub-kind, for example <c>badan-pbb</c>.</summary>
    /// <param name="subKind">The sub-kind.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sub-kind is not one of the four.</exception>
    public static string GetCode(CollaboratorSubKind subKind) => Describe(subKind).Code;

    /// <summary>Tries to read a category from its machine code, explaining a failure.</summary>
    /// <param name="code">The code, for example <c>lembaga-usaha</c>.</param>
    /// <param name="category">The category, or <see cref="CollaboratorCategory.None"/>.</param>
    /// <param name="error">Why the code is not a category (it names the code and lists the valid ones), or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the code is one of the taxonomy's categories.</returns>
    public static bool TryParseCategory([NotNullWhen(true)] string? code, out CollaboratorCategory category, [NotNullWhen(false)] out string? error)
    {
        error = TryParseCategory(code, out category) ? null : $"category '{code}' is not one of {CategoryCodes}";
        return error is null;
    }

    /// <summary>Gets the code of a lifecycle status: <c>prospective</c>, <c>active</c> or <c>suspended</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not one of the three.</exception>
    public static string GetCode(CollaboratorStatus status) => status switch
    {
        CollaboratorStatus.Prospective => "prospective",
        CollaboratorStatus.Active => "active",
        CollaboratorStatus.Suspended => "suspended",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a collaborator status."),
    };

    /// <summary>Tries to read a lifecycle status from its code (ordinal, case-sensitive), explaining a failure.</summary>
    /// <param name="code">The code.</param>
    /// <param name="status">The status, or <see cref="CollaboratorStatus.None"/>.</param>
    /// <param name="error">Why the code is not a status, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the code is known.</returns>
    public static bool TryParseStatus([NotNullWhen(true)] string? code, out CollaboratorStatus status, [NotNullWhen(false)] out string? error)
    {
        status = code switch
        {
            "prospective" => CollaboratorStatus.Prospective,
            "active" => CollaboratorStatus.Active,
            "suspended" => CollaboratorStatus.Suspended,
            _ => CollaboratorStatus.None,
        };
        error = status == CollaboratorStatus.None ? $"status '{code}' is not one of prospective, active, suspended" : null;
        return error is null;
    }

    /// <summary>Tries to read a category from its machine code (ordinal, case-sensitive).</summary>
    /// <param name="code">The code.</param>
    /// <param name="category">The category, or <see cref="CollaboratorCategory.None"/>.</param>
    /// <returns><see langword="true"/> when the code is known.</returns>
    public static bool TryParseCategory([NotNullWhen(true)] string? code, out CollaboratorCategory category)
    {
        var index = Array.FindIndex(CategoryEntries, e => e.Code == code);
        category = index < 0 ? CollaboratorCategory.None : (CollaboratorCategory)(index + 1);
        return index >= 0;
    }

    /// <summary>Tries to read a sub-kind from its machine code (ordinal, case-sensitive).</summary>
    /// <param name="code">The code.</param>
    /// <param name="subKind">The sub-kind, or <see cref="CollaboratorSubKind.None"/>.</param>
    /// <returns><see langword="true"/> when the code is known.</returns>
    public static bool TryParseSubKind([NotNullWhen(true)] string? code, out CollaboratorSubKind subKind)
    {
        var index = Array.FindIndex(SubKindEntries, e => e.Code == code);
        subKind = index < 0 ? CollaboratorSubKind.None : (CollaboratorSubKind)(index + 1);
        return index >= 0;
    }

    internal static string CategoryCodes => string.Join(", ", CategoryEntries.Select(e => e.Code));

    internal static string SubKindCodes => string.Join(", ", SubKindEntries.Select(e => e.Code));
}
