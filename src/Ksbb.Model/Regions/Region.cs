namespace Ksbb.Model.Regions;

/// <summary>An administrative unit: its code, its name and (from the code) its level and parent.</summary>
/// <remarks>Immutable and thread-safe. Create one with <see cref="Create"/>.</remarks>
public sealed class Region
{
    private Region(RegionCode code, string name)
    {
        Code = code;
        Name = name;
    }

    /// <summary>Gets the unit's code.</summary>
    public RegionCode Code { get; }

    /// <summary>Gets the unit's name, trimmed, for example <c>Gambir</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the unit's level (from its code).</summary>
    public RegionLevel Level => Code.Level;

    /// <summary>Gets the parent unit's code, or <see langword="null"/> for a provinsi.</summary>
    public RegionCode? Parent => Code.Parent;

    /// <summary>Creates a unit.</summary>
    /// <param name="code">The unit's code; not the default value.</param>
    /// <param name="name">The unit's name; surrounding white space is trimmed and it must not be empty.</param>
    /// <returns>The unit.</returns>
    /// <exception cref="ArgumentException">The code is the default value or the name is empty.</exception>
    public static Region Create(RegionCode code, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (code.IsDefault)
        {
            throw new ArgumentException("A region needs a code; the default RegionCode names no region.", nameof(code));
        }

        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException($"Region {code} needs a non-empty name.", nameof(name));
        }

        return new Region(code, trimmed);
    }

    /// <summary>Returns the code and name, for example <c>31.71.01.1001 Gambir</c>.</summary>
    /// <returns>The code and name.</returns>
    public override string ToString() => $"{Code} {Name}";
}
