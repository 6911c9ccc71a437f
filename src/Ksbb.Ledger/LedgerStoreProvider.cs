namespace Ksbb.Ledger;

/// <summary>A store provider: how a host's ledger store is created, chosen with a provider package's <c>Use…</c>
/// method on <see cref="LedgerProviderOptions"/> (<see cref="SqliteLedgerProviderExtensions.UseSqlite"/> in this
/// package, <c>UsePostgreSql</c> in Ksbb.Ledger.PostgreSql), as Entity Framework Core's providers are.</summary>
/// <remarks>
/// A provider only describes and creates its store; creating one never touches the database, and the host makes it
/// ready with <see cref="LedgerStore.EnsureReadyAsync"/>. Providers are immutable and thread-safe. The class cannot be
/// derived from outside the ledger packages (like <see cref="LedgerStore"/>).
/// </remarks>
public abstract class LedgerStoreProvider
{
    internal LedgerStoreProvider()
    {
    }

    /// <summary>Gets a description for messages: the file's full path, or the server (never a password).</summary>
    public abstract string Description { get; }

    /// <summary>Creates the store, without touching the database (no connection, no schema check).</summary>
    /// <returns>A new store; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The provider's settings cannot be used (the message never contains a password).</exception>
    public abstract LedgerStore CreateStore();

    /// <inheritdoc/>
    public override string ToString() => Description;
}

/// <summary>The store a host's ledger uses, chosen by a provider's <c>Use…</c> method, and how it is opened: the
/// options of <c>AddKsbbLedger</c> (package Ksbb.Extensions.Hosting), validated when the host starts.</summary>
/// <remarks>For example <c>o =&gt; o.UseSqlite("ledger.db")</c> or <c>o =&gt; o.UsePostgreSql(connectionString)</c>
/// (package Ksbb.Ledger.PostgreSql). The last <c>Use…</c> call wins.</remarks>
public sealed class LedgerProviderOptions
{
    /// <summary>Gets the store provider.</summary>
    /// <value>Required: <see langword="null"/> until a <c>Use…</c> method is called.</value>
    public LedgerStoreProvider? Provider { get; private set; }

    /// <summary>Gets or sets whether making the store ready creates the SQLite file or creates and upgrades the schema
    /// (<see cref="LedgerStore.EnsureReadyAsync"/>); else the database must already hold the current schema.</summary>
    /// <value><see langword="true"/> by default.</value>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>Gets or sets how long a reservation counts without being delivered (<see cref="LedgerOptions.ReservationLifetime"/>).</summary>
    /// <value>Positive; the default is 7 days.</value>
    public NodaTime.Duration ReservationLifetime { get; set; } = NodaTime.Duration.FromDays(7);

    /// <summary>Sets the store provider (what a provider package's <c>Use…</c> method calls).</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is <see langword="null"/>.</exception>
    public LedgerProviderOptions UseProvider(LedgerStoreProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Provider = provider;
        return this;
    }
}
