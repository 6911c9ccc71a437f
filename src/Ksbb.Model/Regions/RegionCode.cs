using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ksbb.Model.Regions;

/// <summary>
/// A validated administrative region code: a Kemendagri code (<c>31</c>, <c>31.71</c>, <c>31.71.01</c>,
/// <c>31.71.01.1001</c>) optionally extended with an RW number and an RT number
/// (<c>31.71.01.1001.005</c>, <c>31.71.01.1001.005.003</c>).
/// </summary>
/// <remarks>
/// <para>
/// The parts have fixed widths: provinsi 2 digits, kota 2, kecamatan 2, kelurahan 4, RW 3 and RT 3; every part is
/// non-zero. Both the dotted form and the digits-only form (<c>3171011001005003</c>) parse; <see cref="ToString()"/>
/// gives the dotted form. Codes order by their digits, parents before their children, and compare ordinally.
/// </para>
/// <para>
/// The <see langword="default"/> value is not a region: its <see cref="Level"/> is <see cref="RegionLevel.None"/>
/// and it formats as the empty string. This type is an immutable 16-byte value and is thread-safe.
/// </para>
/// </remarks>
[JsonConverter(typeof(RegionCodeJsonConverter))]
public readonly struct RegionCode : IEquatable<RegionCode>, IComparable<RegionCode>, IComparable, ISpanFormattable
{
    private static readonly int[] Widths = [2, 2, 2, 4, 3, 3];
    private static readonly int[] Ends = [2, 4, 6, 10, 13, 16];
    private static readonly ulong[] Scale = [100_000_000_000_000, 1_000_000_000_000, 10_000_000_000, 1_000_000, 1_000, 1];
    private static readonly string[] PartNames = ["provinsi", "kota", "kecamatan", "kelurahan", "RW", "RT"];

    // The 16-digit number with absent parts as zeros: parents sort before children.
    private readonly ulong _value;
    private readonly RegionLevel _level;

    private RegionCode(ulong value, RegionLevel level)
    {
        _value = value;
        _level = level;
    }

    /// <summary>Gets the level of this code, or <see cref="RegionLevel.None"/> for the default value.</summary>
    public RegionLevel Level => _level;

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> value, which names no region.</summary>
    public bool IsDefault => _level == RegionLevel.None;

    /// <summary>Gets the code as one 16-digit number with absent parts as zeros (for example <c>3171011001005003</c>).</summary>
    /// <remarks>Useful as a compact sort or hash key; <see cref="FromPackedValue"/> reverses it.</remarks>
    public ulong PackedValue => _value;

    /// <summary>Gets the provinsi number (for example 31).</summary>
    public int Provinsi => Part(0);

    /// <summary>Gets the kota number inside the provinsi (for example 71), or 0 when the code is coarser.</summary>
    public int Kota => Part(1);

    /// <summary>Gets the kecamatan number inside the kota, or 0 when the code is coarser.</summary>
    public int Kecamatan => Part(2);

    /// <summary>Gets the kelurahan number inside the kecamatan (for example 1001), or 0 when the code is coarser.</summary>
    public int Kelurahan => Part(3);

    /// <summary>Gets the RW number inside the kelurahan, or 0 when the code is coarser.</summary>
    public int Rw => Part(4);

    /// <summary>Gets the RT number inside the RW, or 0 when the code is not an RT.</summary>
    public int Rt => Part(5);

    /// <summary>Gets the parent region, or <see langword="null"/> for a provinsi or the default value.</summary>
    public RegionCode? Parent => _level <= RegionLevel.Provinsi ? null : AncestorAt(_level - 1);

    private int Part(int index) => index < (int)_level ? (int)(_value / Scale[index] % Pow10(Widths[index])) : 0;

    private static ulong Pow10(int n) => n switch { 2 => 100UL, 3 => 1000UL, 4 => 10_000UL, _ => throw new ArgumentOutOfRangeException(nameof(n)) };

    /// <summary>Creates an RW code inside a kelurahan.</summary>
    /// <param name="kelurahan">A kelurahan code.</param>
    /// <param name="rw">The RW number, 1 to 999.</param>
    /// <returns>The RW code, for example <c>31.71.01.1001.005</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="kelurahan"/> is not a kelurahan code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rw"/> is outside 1 to 999.</exception>
    public static RegionCode ForRw(RegionCode kelurahan, int rw) => kelurahan.Child(RegionLevel.Kelurahan, rw, nameof(kelurahan), nameof(rw));

    /// <summary>Creates an RT code inside an RW.</summary>
    /// <param name="rw">An RW code.</param>
    /// <param name="rt">The RT number, 1 to 999.</param>
    /// <returns>The RT code, for example <c>31.71.01.1001.005.003</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="rw"/> is not an RW code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rt"/> is outside 1 to 999.</exception>
    public static RegionCode ForRt(RegionCode rw, int rt) => rw.Child(RegionLevel.Rw, rt, nameof(rw), nameof(rt));

    /// <summary>The first unit number reserved for institutions inside an RW (see <see cref="ForInstitution"/>).</summary>
    public const int FirstInstitutionNumber = 901;

    /// <summary>Creates the unit code of an institution recipient (panti, pesantren, other priority location) inside its RW.</summary>
    /// <param name="rw">The RW whose area holds the institution.</param>
    /// <param name="number">The institution's number inside the RW, 1 to 99.</param>
    /// <returns>The code <c>&lt;rw&gt;.9nn</c>, for example <c>31.71.01.1001.005.901</c>.</returns>
    /// <remarks>
    /// Institutions are recipients like RTs: they sit at the RT level of the code, numbered from
    /// <see cref="FirstInstitutionNumber"/> (RT numbers in DKI Jakarta stay far below 900), so every API keyed by unit
    /// (needs, reservations, allocation, the public map) works for them unchanged, and an RW's range contains its
    /// institutions. <see cref="IsInstitution"/> tells them apart.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="rw"/> is not an RW code.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is outside 1 to 99.</exception>
    public static RegionCode ForInstitution(RegionCode rw, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 999 - FirstInstitutionNumber + 1);
        return rw.Child(RegionLevel.Rw, FirstInstitutionNumber - 1 + number, nameof(rw), nameof(number));
    }

    /// <summary>Gets a value indicating whether this is the unit code of an institution (RT-level number 901 to 999).</summary>
    public bool IsInstitution => _level == RegionLevel.Rt && Rt >= FirstInstitutionNumber;

    private RegionCode Child(RegionLevel expected, int number, string parentName, string numberName)
    {
        if (_level != expected)
        {
            throw new ArgumentException($"Expected a {PartNames[(int)expected - 1]} code but got '{this}' ({_level}).", parentName);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, numberName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 999, numberName);
        return new RegionCode(_value + ((ulong)number * Scale[(int)expected]), expected + 1);
    }

    /// <summary>Rebuilds a code from its <see cref="PackedValue"/>.</summary>
    /// <param name="packedValue">A value produced by <see cref="PackedValue"/>.</param>
    /// <returns>The code.</returns>
    /// <exception cref="ArgumentException">The value is not a valid packed code.</exception>
    public static RegionCode FromPackedValue(ulong packedValue)
    {
        var digits = packedValue.ToString("D16", CultureInfo.InvariantCulture);
        if (digits.Length != 16)
        {
            throw new ArgumentException("A packed region code has at most 16 digits.", nameof(packedValue));
        }

        var level = RegionLevel.Provinsi;
        for (var i = 5; i >= 1; i--)
        {
            if (digits.AsSpan(Ends[i] - Widths[i], Widths[i]).ContainsAnyExcept('0'))
            {
                level = (RegionLevel)(i + 1);
                break;
            }
        }

        var text = digits[..Ends[(int)level - 1]];
        return TryParseCore(text, out var code, out var error)
            ? code
            : throw new ArgumentException($"Packed value {packedValue} is not a region code: {error}", nameof(packedValue));
    }

    /// <summary>Returns the ancestor of this code at <paramref name="level"/> (or this code at its own level).</summary>
    /// <param name="level">A level no finer than this code's level.</param>
    /// <returns>The truncated code.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is <see cref="RegionLevel.None"/> or finer than <see cref="Level"/>.</exception>
    public RegionCode AncestorAt(RegionLevel level)
    {
        if (level < RegionLevel.Provinsi || level > _level)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Code '{this}' ({_level}) has no ancestor at level {level}.");
        }

        var end = Ends[(int)level - 1];
        var divisor = 1UL;
        for (var i = end; i < 16; i++)
        {
            divisor *= 10;
        }

        return new RegionCode(_value / divisor * divisor, level);
    }

    /// <summary>Returns whether this code is a strict ancestor of <paramref name="other"/> (its parent, grandparent, …).</summary>
    /// <param name="other">The code that may lie inside this one.</param>
    /// <returns><see langword="true"/> when <paramref name="other"/> lies strictly inside this region.</returns>
    public bool IsAncestorOf(RegionCode other) => other._level > _level && _level != RegionLevel.None && other.AncestorAt(_level)._value == _value;

    /// <summary>Returns whether <paramref name="other"/> is this region or lies inside it.</summary>
    /// <param name="other">The code to test.</param>
    /// <returns><see langword="true"/> when <paramref name="other"/> equals this code or this code is its ancestor.</returns>
    /// <remarks>This is the area rule of the allocation contract: a unit lies in an area when its code equals the area code or starts with it followed by a dot.</remarks>
    public bool Contains(RegionCode other) => Equals(other) || IsAncestorOf(other);

    /// <summary>Parses a dotted (<c>31.71.01.1001.005</c>) or digits-only (<c>3171011001005</c>) region code.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The parsed code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a region code; the message names the part that is wrong.</exception>
    public static RegionCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses a dotted or digits-only region code.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The parsed code.</returns>
    /// <exception cref="FormatException">The text is not a region code; the message names the part that is wrong.</exception>
    public static RegionCode Parse(ReadOnlySpan<char> text) =>
        TryParseCore(text, out var code, out var error) ? code : throw new FormatException(error);

    /// <summary>Tries to parse a dotted or digits-only region code.</summary>
    /// <param name="text">The text to parse; <see langword="null"/> fails.</param>
    /// <param name="code">The parsed code, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid code.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out RegionCode code)
    {
        if (text is null)
        {
            code = default;
            return false;
        }

        return TryParseCore(text, out code, out _);
    }

    /// <summary>Tries to parse a dotted or digits-only region code.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="code">The parsed code, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid code.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RegionCode code) => TryParseCore(text, out code, out _);

    /// <summary>Tries to parse a region code, giving the reason when it fails.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="code">The parsed code, or <see langword="default"/>.</param>
    /// <param name="error">Why the text is not a code (names the part), or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid code.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RegionCode code, [NotNullWhen(false)] out string? error) =>
        TryParseCore(text, out code, out error);

    private static bool TryParseCore(ReadOnlySpan<char> text, out RegionCode code, [NotNullWhen(false)] out string? error)
    {
        code = default;
        if (text.IsEmpty)
        {
            error = "A region code cannot be empty.";
            return false;
        }

        ulong value = 0;
        if (!text.Contains('.'))
        {
            var level = Array.IndexOf(Ends, text.Length);
            if (level < 0)
            {
                error = $"Region code '{text}' has {text.Length} digits; a digits-only code has 2, 4, 6, 10, 13 or 16.";
                return false;
            }

            var start = 0;
            for (var i = 0; i <= level; i++)
            {
                if (!TryPart(text.Slice(start, Widths[i]), i, text, ref value, out error))
                {
                    return false;
                }

                start += Widths[i];
            }

            code = new RegionCode(value, (RegionLevel)(level + 1));
            error = null;
            return true;
        }

        var index = 0;
        var rest = text;
        while (true)
        {
            if (index == 6)
            {
                error = $"Region code '{text}' has more than six parts (provinsi.kota.kecamatan.kelurahan.RW.RT).";
                return false;
            }

            var dot = rest.IndexOf('.');
            var part = dot < 0 ? rest : rest[..dot];
            if (part.Length != Widths[index])
            {
                error = $"Region code '{text}': the {PartNames[index]} part '{part}' must have exactly {Widths[index]} digits.";
                return false;
            }

            if (!TryPart(part, index, text, ref value, out error))
            {
                return false;
            }

            index++;
            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        code = new RegionCode(value, (RegionLevel)index);
        error = null;
        return true;
    }

    private static bool TryPart(ReadOnlySpan<char> part, int index, ReadOnlySpan<char> text, ref ulong value, [NotNullWhen(false)] out string? error)
    {
        var number = 0UL;
        foreach (var c in part)
        {
            if (c is < '0' or > '9')
            {
                error = $"Region code '{text}': the {PartNames[index]} part '{part}' must contain only digits 0-9.";
                return false;
            }

            number = (number * 10) + (ulong)(c - '0');
        }

        if (number == 0)
        {
            error = $"Region code '{text}': the {PartNames[index]} part '{part}' must not be zero.";
            return false;
        }

        value += number * Scale[index];
        error = null;
        return true;
    }

    /// <summary>Formats the code in its dotted form, for example <c>31.71.01.1001.005.003</c>; the default value formats as the empty string.</summary>
    /// <returns>The dotted code.</returns>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the code: format <c>null</c>, empty or <c>"D"</c> gives the dotted form, <c>"N"</c> the digits-only form.</summary>
    /// <param name="format"><c>null</c>, <c>"D"</c> or <c>"N"</c>.</param>
    /// <param name="formatProvider">Ignored: codes are culture-invariant.</param>
    /// <returns>The formatted code.</returns>
    /// <exception cref="FormatException">The format is not one of those listed.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> buffer = stackalloc char[21];
        return TryFormat(buffer, out var written, format, formatProvider) ? new string(buffer[..written]) : throw new FormatException($"Unknown region code format '{format}'.");
    }

    /// <summary>Formats the code in its digits-only form, for example <c>3171011001005003</c>.</summary>
    /// <returns>The digits-only code.</returns>
    public string ToDigitsString() => ToString("N", null);

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var dotted = format.IsEmpty || format.SequenceEqual("D");
        if (!dotted && !format.SequenceEqual("N"))
        {
            charsWritten = 0;
            return false;
        }

        var level = (int)_level;
        var length = level == 0 ? 0 : Ends[level - 1] + (dotted ? level - 1 : 0);
        if (destination.Length < length)
        {
            charsWritten = 0;
            return false;
        }

        var pos = 0;
        for (var i = 0; i < level; i++)
        {
            if (dotted && i > 0)
            {
                destination[pos++] = '.';
            }

            var part = (int)(_value / Scale[i] % Pow10(Widths[i]));
            for (var w = Widths[i] - 1; w >= 0; w--)
            {
                destination[pos + w] = (char)('0' + (part % 10));
                part /= 10;
            }

            pos += Widths[i];
        }

        charsWritten = pos;
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(RegionCode other) => _value == other._value && _level == other._level;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RegionCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Compares codes by their digits: a parent sorts before its children, siblings by number.</summary>
    /// <param name="other">The other code.</param>
    /// <returns>A negative number, zero or a positive number.</returns>
    public int CompareTo(RegionCode other)
    {
        var c = _value.CompareTo(other._value);
        return c != 0 ? c : _level.CompareTo(other._level);
    }

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        RegionCode other => CompareTo(other),
        _ => throw new ArgumentException("Object must be a RegionCode.", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether the codes are equal.</returns>
    public static bool operator ==(RegionCode left, RegionCode right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether the codes differ.</returns>
    public static bool operator !=(RegionCode left, RegionCode right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</returns>
    public static bool operator <(RegionCode left, RegionCode right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</returns>
    public static bool operator >(RegionCode left, RegionCode right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</returns>
    public static bool operator <=(RegionCode left, RegionCode right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left code.</param>
    /// <param name="right">The right code.</param>
    /// <returns>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</returns>
    public static bool operator >=(RegionCode left, RegionCode right) => left.CompareTo(right) >= 0;
}

/// <summary>Reads and writes a <see cref="RegionCode"/> as a JSON string in dotted form (also as a property name).</summary>
public sealed class RegionCodeJsonConverter : JsonConverter<RegionCode>
{
    /// <inheritdoc/>
    public override RegionCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A region code must be a JSON string, not {reader.TokenType}.");
        }

        var text = reader.GetString();
        return RegionCode.TryParse(text.AsSpan(), out var code, out var error) ? code : throw new JsonException(error);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, RegionCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <inheritdoc/>
    public override RegionCode ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return RegionCode.TryParse(text.AsSpan(), out var code, out var error) ? code : throw new JsonException(error);
    }

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, RegionCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }
}
