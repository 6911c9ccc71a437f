namespace Ksbb.Extensions.Hosting;

/// <summary>Options of the reservation ledger registered by <c>AddKsbbLedger</c>; validated at start-up.</summary>
public sealed class LedgerStoreOptions
{
    /// <summary>Gets or sets where the ledger lives: a SQLite file path (the default store) or a PostgreSQL connection string.</summary>
    /// <value>Required. A <c>Host=…</c> or <c>postgresql://…</c> value selects PostgreSQL; anything else is a file path.</value>
    public string? Location { get; set; }

    /// <summary>Gets or sets whether to create the SQLite file or migrate the schema when opening.</summary>
    /// <value><see langword="true"/> by default.</value>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>Gets or sets how long a reservation counts without being delivered.</summary>
    /// <value>Positive; the default is 7 days.</value>
    public TimeSpan ReservationLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Validates <see cref="LedgerStoreOptions"/>; each failure names the option and the value.</summary>
internal sealed class LedgerStoreOptionsValidator : OptionsValidator<LedgerStoreOptions>
{
    protected override IEnumerable<string> Failures(LedgerStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Location))
        {
            yield return $"{nameof(LedgerStoreOptions)}.{nameof(options.Location)} is empty: give a SQLite file path or a PostgreSQL connection string.";
        }

        if (options.ReservationLifetime <= TimeSpan.Zero)
        {
            yield return $"{nameof(LedgerStoreOptions)}.{nameof(options.ReservationLifetime)} = {options.ReservationLifetime}: must be positive.";
        }
    }
}
