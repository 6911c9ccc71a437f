namespace Ksbb.Extensions.Hosting;

/// <summary>Options of the boundary index registered by <c>AddKsbbBoundaryIndex</c>; validated at start-up.</summary>
public sealed class BoundaryIndexOptions
{
    /// <summary>Gets or sets the index grid density, cells per unit, passed to <see cref="Ksbb.Geo.BoundaryIndex.Create"/>.</summary>
    /// <value>Finite and greater than 0, or <see langword="null"/> for the index's own default.</value>
    public double? CellsPerUnit { get; set; }

    /// <summary>Gets or sets how far <see cref="BoundaryLookup.TryLocate"/> looks for the nearest unit when a point is in none (a GPS fix just offshore).</summary>
    /// <value>Metres, 0 to <see cref="KsbbHostingDefaults.NearestMaxMetresLimit"/>; the default is <see cref="KsbbHostingDefaults.NearestMaxMetres"/> (no fallback).</value>
    public double NearestMaxMetres { get; set; } = KsbbHostingDefaults.NearestMaxMetres;
}

/// <summary>Validates <see cref="BoundaryIndexOptions"/>; each failure names the option and the value.</summary>
internal sealed class BoundaryIndexOptionsValidator : OptionsValidator<BoundaryIndexOptions>
{
    protected override IEnumerable<string> Failures(BoundaryIndexOptions options)
    {
        if (options.CellsPerUnit is { } cells && (!double.IsFinite(cells) || cells <= 0))
        {
            yield return $"{nameof(BoundaryIndexOptions)}.{nameof(options.CellsPerUnit)} = {cells}: must be finite and greater than 0, or unset.";
        }

        if (!double.IsFinite(options.NearestMaxMetres) || options.NearestMaxMetres is < 0 or > KsbbHostingDefaults.NearestMaxMetresLimit)
        {
            yield return $"{nameof(BoundaryIndexOptions)}.{nameof(options.NearestMaxMetres)} = {options.NearestMaxMetres}: must be 0 to {KsbbHostingDefaults.NearestMaxMetresLimit} metres.";
        }
    }
}
