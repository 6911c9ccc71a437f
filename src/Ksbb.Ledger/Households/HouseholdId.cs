using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Ledger.Households;

/// <summary>A validated NIK or KK number naming a household on delivery. Held only in memory, never stored.</summary>
/// <remarks>
/// <para>
/// Both are 16 digits whose first two digits are an Indonesian province code (11 Aceh … 31 DKI Jakarta … 96) and the
/// next two a non-zero kota/kabupaten number. A NIK also encodes the birth date: digits 7–8 are the day (01–31, plus
/// 40 for women) and digits 9–10 the month (01–12); both are checked. The ledger stores only
/// <see cref="HouseholdHasher"/> hashes. <see cref="ToString"/> masks all but the region prefix, so an identifier never
/// leaks into logs or messages.
/// </para>
/// <para>Immutable; thread-safe. The <see langword="default"/> value names no household.</para>
/// </remarks>
public readonly struct HouseholdId : IEquatable<HouseholdId>
{
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
        61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
    ];

    private readonly string? _digits;

    private HouseholdId(HouseholdIdKind kind, string digits)
    {
        Kind = kind;
        _digits = digits;
    }

    /// <summary>Gets the kind (NIK or KK).</summary>
    public HouseholdIdKind Kind { get; }

    /// <summary>Gets the 16 digits (keep them out of logs and storage).</summary>
    public string Digits => _digits ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default value.</summary>
    public bool IsDefault => _digits is null;

    /// <summary>Parses a NIK or KK number.</summary>
    /// <param name="text">16 digits; spaces and dots are ignored.</param>
    /// <param name="kind">What the number is.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="FormatException">The number is invalid; the message says why without repeating it.</exception>
    public static HouseholdId Parse(string text, HouseholdIdKind kind) =>
        TryParse(text, kind, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses a tagged identifier as household files carry them: <c>nik:</c> or <c>kk:</c> followed by 16 digits.</summary>
    /// <param name="text">The text, for example <c>nik:3171014107800001</c> (surrounding spaces ignored).</param>
    /// <param name="id">The identifier, or the default value.</param>
    /// <param name="error">Why the text is not a tagged identifier (never echoing the digits), or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParseTagged(string? text, out HouseholdId id, [NotNullWhen(false)] out string? error)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var tag = colon < 0 ? string.Empty : trimmed[..colon].ToLowerInvariant();
        if (tag is not ("nik" or "kk"))
        {
            id = default;
            error = "expected 'nik:' or 'kk:' followed by 16 digits";
            return false;
        }

        return TryParse(trimmed[(colon + 1)..], tag == "nik" ? HouseholdIdKind.Nik : HouseholdIdKind.Kk, out id, out error);
    }

    /// <summary>Tries to parse a NIK or KK number.</summary>
    /// <param name="text">16 digits; spaces and dots are ignored.</param>
    /// <param name="kind">What the number is.</param>
    /// <param name="id">The identifier, or the default value.</param>
    /// <param name="error">Why the number is invalid (never containing it), or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(string? text, HouseholdIdKind kind, out HouseholdId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        var name = kind switch
        {
            HouseholdIdKind.Nik => "NIK",
            HouseholdIdKind.Kk => "KK number",
            _ => null,
        };
        if (name is null)
        {
            error = $"Household identifier kind {kind} is not NIK or KK.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"The {name} is empty.";
            return false;
        }

        Span<char> digits = stackalloc char[16];
        var count = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '.')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                error = $"The {name} has a character that is not a digit; it must be 16 digits.";
                return false;
            }

            if (count == 16)
            {
                error = $"The {name} has more than 16 digits.";
                return false;
            }

            digits[count++] = c;
        }

        if (count != 16)
        {
            error = $"The {name} has {count} digits; it must have 16.";
            return false;
        }

        var province = Two(digits, 0);
        if (!Provinces.Contains(province))
        {
            error = $"The {name} starts with {province:00}, which is not an Indonesian province code (11 to 96, for example 31 for DKI Jakarta).";
            return false;
        }

        if (Two(digits, 2) == 0)
        {
            error = $"The {name} has kota/kabupaten 00 in digits 3-4; it must be the region of issue (for example 3171 for Jakarta Pusat).";
            return false;
        }

        if (kind == HouseholdIdKind.Nik)
        {
            var day = Two(digits, 6);
            var month = Two(digits, 8);
            if (day is < 1 or > 71 || day is > 31 and < 41)
            {
                error = $"The NIK has birth day {day:00} in digits 7-8; it must be 01-31 (or 41-71 for women).";
                return false;
            }

            if (month is < 1 or > 12)
            {
                error = $"The NIK has birth month {month:00} in digits 9-10; it must be 01-12.";
                return false;
            }
        }

        id = new HouseholdId(kind, new string(digits));
        error = null;
        return true;
    }

    /// <summary>Gets the tagged form a beneficiary directory is asked with, <c>nik:</c> or <c>kk:</c> and the 16 digits (personal data: never logged).</summary>
    internal string Tagged => _digits is null ? string.Empty : $"{(Kind == HouseholdIdKind.Nik ? "nik" : "kk")}:{_digits}";

    /// <summary>Returns the kind and the region prefix with the rest masked, for example <c>NIK 3171************</c>.</summary>
    /// <returns>The masked text.</returns>
    public override string ToString() => _digits is null ? string.Empty : $"{(Kind == HouseholdIdKind.Nik ? "NIK" : "KK")} {_digits[..4]}{new string('*', 12)}";

    /// <inheritdoc/>
    public bool Equals(HouseholdId other) => Kind == other.Kind && string.Equals(_digits, other._digits, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HouseholdId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _digits is null ? 0 : StringComparer.Ordinal.GetHashCode(_digits));

    /// <summary>Compares two identifiers for equality.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(HouseholdId left, HouseholdId right) => left.Equals(right);

    /// <summary>Compares two identifiers for inequality.</summary>
    /// <param name="left">The first identifier.</param>
    /// <param name="right">The second identifier.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(HouseholdId left, HouseholdId right) => !left.Equals(right);

    private static int Two(ReadOnlySpan<char> digits, int at) => ((digits[at] - '0') * 10) + (digits[at + 1] - '0');
}
