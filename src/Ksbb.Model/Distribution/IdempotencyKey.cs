using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Model.Distribution;

/// <summary>
/// A caller's idempotency key: the name of one intended change (a reservation, a pledge), so that repeating the call
/// after a lost answer gives the first answer instead of a second change. The one rule for keys, wherever they come
/// from (the CLI, an HTTP header, a host): 1 to <see cref="MaxLength"/> printable ASCII characters without spaces.
/// </summary>
public readonly record struct IdempotencyKey : IComparable<IdempotencyKey>
{
    /// <summary>The longest key, in characters.</summary>
    public const int MaxLength = 200;

    private readonly string? _value;

    private IdempotencyKey(string value) => _value = value;

    /// <summary>Gets the key's text (empty for the default value).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default (invalid) value.</summary>
    public bool IsDefault => _value is null;

    /// <summary>Parses a key.</summary>
    /// <param name="text">The key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text breaks the key rule; the message says how.</exception>
    public static IdempotencyKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var key, out var error) ? key : throw new FormatException(error);
    }

    /// <summary>Parses a key.</summary>
    /// <param name="text">The key.</param>
    /// <param name="key">The key, when valid.</param>
    /// <param name="error">Why it is invalid, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out IdempotencyKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !text.All(c => c is > ' ' and < (char)127))
        {
            error = $"Idempotency key '{text}' must be 1 to {MaxLength} printable ASCII characters without spaces.";
            return false;
        }

        key = new IdempotencyKey(text);
        error = null;
        return true;
    }

    /// <summary>Derives the key of a change made together with this one (for example the bundled item of a reservation):
    /// this key, <c>+</c>, and <paramref name="part"/>.</summary>
    /// <param name="part">What the derived change is (for example an item code).</param>
    /// <returns>The derived key.</returns>
    /// <exception cref="ArgumentException">The derived key would break the key rule (this key is too long for it).</exception>
    public IdempotencyKey Derive(string part)
    {
        ArgumentException.ThrowIfNullOrEmpty(part);
        return TryParse($"{Value}+{part}", out var derived, out var error) ? derived : throw new ArgumentException(error, nameof(part));
    }

    /// <inheritdoc/>
    public int CompareTo(IdempotencyKey other) => string.CompareOrdinal(_value, other._value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Compares two keys ordinally.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) < 0;

    /// <summary>Compares two keys ordinally.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) > 0;

    /// <summary>Compares two keys ordinally.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns>Whether <paramref name="left"/> does not sort last.</returns>
    public static bool operator <=(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two keys ordinally.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns>Whether <paramref name="left"/> does not sort first.</returns>
    public static bool operator >=(IdempotencyKey left, IdempotencyKey right) => left.CompareTo(right) >= 0;
}
