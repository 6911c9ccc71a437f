using System.Globalization;
using Ksbb.Model.Regions;

namespace Ksbb.Geo;

/// <summary>How a feature read from a file gets its unit key, region code and name.</summary>
/// <remarks>
/// Four ways: <see cref="ByProperty"/> (any property, kept as text), <see cref="PerFeature"/> (no merging), <see cref="ByCodeProperty"/> (a property holding a
/// Kemendagri/RW/RT code) and <see cref="ByRwNames"/> (the 2012 RW layer's KAB/KEC/KEL names and <c>RW nn</c>, joined to
/// kelurahan codes through a <see cref="KelurahanCrosswalk"/>). Immutable and thread-safe.
/// </remarks>
public sealed class FeatureKeying
{
    private readonly Func<IReadOnlyDictionary<string, string?>, int, string, (string Key, RegionCode Code, string Name)> _key;

    private FeatureKeying(string description, string? requiredProperty, Func<IReadOnlyDictionary<string, string?>, int, string, (string, RegionCode, string)> key)
    {
        Description = description;
        RequiredProperty = requiredProperty;
        _key = key;
    }

    /// <summary>Gets a short description for messages, such as <c>property 'kode'</c>.</summary>
    public string Description { get; }

    internal string? RequiredProperty { get; }

    /// <summary>Keys features by the text of one property (numbers in invariant culture); features without it get the empty key.</summary>
    /// <param name="property">The property name (case-sensitive).</param>
    /// <param name="nameProperty">The property used as display name, or <see langword="null"/> to use the key.</param>
    /// <returns>The keying.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is empty.</exception>
    public static FeatureKeying ByProperty(string property, string? nameProperty = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        return new FeatureKeying($"property '{property}'", property, (attributes, _, _) =>
        {
            var key = attributes.GetValueOrDefault(property) ?? string.Empty;
            var name = nameProperty is null ? key : attributes.GetValueOrDefault(nameProperty) ?? key;
            return (key, default, name);
        });
    }

    /// <summary>Makes every feature its own unit (key = its zero-based position in the source), named by a property's text.</summary>
    /// <param name="property">The property used as the unit name (missing or null values give the empty name); at least one feature must have it.</param>
    /// <returns>The keying. Nothing is merged, so where features overlap the one earlier in the file wins, as in a
    /// feature-by-feature scan; this is what <c>ksbb locate</c> uses.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is empty.</exception>
    public static FeatureKeying PerFeature(string property)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        return new FeatureKeying($"feature position, named by property '{property}'", property, (attributes, index, _) =>
            (index.ToString(CultureInfo.InvariantCulture), default, attributes.GetValueOrDefault(property) ?? string.Empty));
    }

    /// <summary>Keys features by a property holding a region code (dotted or digits-only).</summary>
    /// <param name="property">The code property, such as <c>kode</c>.</param>
    /// <param name="nameProperty">The display-name property, or <see langword="null"/> to use the code.</param>
    /// <returns>The keying; reading throws <see cref="InvalidDataException"/> naming the feature when a code is missing or invalid.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is empty.</exception>
    public static FeatureKeying ByCodeProperty(string property, string? nameProperty = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        return new FeatureKeying($"code property '{property}'", property, (attributes, index, source) =>
        {
            var text = attributes.GetValueOrDefault(property);
            if (!RegionCode.TryParse(text.AsSpan(), out var code, out var error))
            {
                throw new InvalidDataException($"{source}: feature {index}: property '{property}' = '{text}' is not a region code: {error}");
            }

            var name = nameProperty is null ? code.ToString() : attributes.GetValueOrDefault(nameProperty) ?? code.ToString();
            return (code.ToString(), code, name);
        });
    }

    /// <summary>Keys RW features by kota/kecamatan/kelurahan names and an <c>RW nn</c> label through a crosswalk.</summary>
    /// <param name="crosswalk">The kelurahan name-to-code table.</param>
    /// <param name="kotaProperty">The kota name property (default <c>KAB_NAME</c>).</param>
    /// <param name="kecamatanProperty">The kecamatan name property (default <c>KEC_NAME</c>).</param>
    /// <param name="kelurahanProperty">The kelurahan name property (default <c>KEL_NAME</c>).</param>
    /// <param name="rwProperty">The RW label property, values like <c>RW 02</c> (default <c>RW</c>).</param>
    /// <returns>The keying: key and code are the RW code (<c>31.71.01.1001.002</c>), the name is <c>GAMBIR RW 02</c>.</returns>
    /// <remarks>Reading throws <see cref="InvalidDataException"/> naming the feature when the names are not in the crosswalk or the label is not <c>RW nn</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="crosswalk"/> is <see langword="null"/>.</exception>
    public static FeatureKeying ByRwNames(KelurahanCrosswalk crosswalk, string kotaProperty = "KAB_NAME", string kecamatanProperty = "KEC_NAME", string kelurahanProperty = "KEL_NAME", string rwProperty = "RW")
    {
        ArgumentNullException.ThrowIfNull(crosswalk);
        return new FeatureKeying($"RW names ({kotaProperty}, {kecamatanProperty}, {kelurahanProperty}, {rwProperty}) with a crosswalk", kelurahanProperty, (attributes, index, source) =>
        {
            var kota = attributes.GetValueOrDefault(kotaProperty) ?? string.Empty;
            var kecamatan = attributes.GetValueOrDefault(kecamatanProperty) ?? string.Empty;
            var kelurahan = attributes.GetValueOrDefault(kelurahanProperty) ?? string.Empty;
            var label = attributes.GetValueOrDefault(rwProperty) ?? string.Empty;
            if (!crosswalk.TryFind(kota, kecamatan, kelurahan, out var kelurahanCode))
            {
                throw new InvalidDataException($"{source}: feature {index}: kelurahan '{kota} / {kecamatan} / {kelurahan}' is not in the crosswalk.");
            }

            if (!TryParseRwLabel(label, out var rw))
            {
                throw new InvalidDataException($"{source}: feature {index}: property '{rwProperty}' = '{label}' is not an RW label like 'RW 02'.");
            }

            var code = RegionCode.ForRw(kelurahanCode, rw);
            return (code.ToString(), code, string.Create(CultureInfo.InvariantCulture, $"{kelurahan} RW {rw:D2}"));
        });
    }

    /// <summary>Parses an RW label such as <c>RW 02</c>, <c>RW02</c> or <c>2</c> into its number (1 to 999).</summary>
    /// <param name="label">The label.</param>
    /// <param name="rw">The RW number when the label is valid.</param>
    /// <returns><see langword="true"/> when the label names an RW number from 1 to 999.</returns>
    public static bool TryParseRwLabel(ReadOnlySpan<char> label, out int rw)
    {
        var text = label.Trim();
        if (text.StartsWith("RW", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..].Trim();
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out rw) && rw is >= 1 and <= 999;
    }

    internal (string Key, RegionCode Code, string Name) KeyOf(IReadOnlyDictionary<string, string?> attributes, int featureIndex, string source) =>
        _key(attributes, featureIndex, source);
}
