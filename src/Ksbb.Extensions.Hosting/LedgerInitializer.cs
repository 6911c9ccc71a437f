using Ksbb.Ledger;
using Microsoft.Extensions.Logging;

namespace Ksbb.Extensions.Hosting;

/// <summary>Makes the registered ledger's store ready, asynchronously and once: creates or migrates the schema when
/// <see cref="LedgerProviderOptions.CreateIfMissing"/> is set, else checks that it is current
/// (<see cref="LedgerStore.EnsureReadyAsync"/>).</summary>
/// <remarks>
/// <para>
/// Resolving <see cref="ReservationLedger"/> never touches the database (the provider creates the store without
/// connecting), so nothing blocks a thread; call <see cref="InitializeAsync"/> once at start-up — from a hosted
/// service, or before <c>app.Run()</c> — the way <c>Database.MigrateAsync</c> is called with Entity Framework Core.
/// Until it has succeeded, the <c>Ksbb.Ledger</c> health check says what is missing, and a ledger operation on a
/// store without its schema throws <see cref="Ksbb.Ledger.Storage.LedgerStoreException"/> naming the fix.
/// </para>
/// <para>Thread-safe: concurrent callers share one run; a run that failed is tried again by the next call.</para>
/// </remarks>
public sealed partial class LedgerInitializer
{
    private readonly Lock _lock = new();
    private readonly bool _create;
    private readonly ILogger _logger;
    private Task? _run;

    internal LedgerInitializer(ReservationLedger ledger, bool create, ILogger logger)
    {
        Ledger = ledger;
        _create = create;
        _logger = logger;
    }

    /// <summary>Gets the registered ledger (ready once <see cref="InitializeAsync"/> has completed).</summary>
    public ReservationLedger Ledger { get; }

    /// <summary>Gets a value indicating whether a run of <see cref="InitializeAsync"/> has succeeded.</summary>
    public bool IsReady => _run is { IsCompletedSuccessfully: true };

    /// <summary>Makes the store ready (once) and returns the ledger.</summary>
    /// <param name="cancellationToken">Cancels this caller's wait (the shared run goes on).</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="LedgerLocationException">The location names no usable ledger (a folder, another kind of file; without creating, a missing file).</exception>
    /// <exception cref="Ksbb.Ledger.Storage.LedgerStoreException">The database failed, or (without creating) its schema is not current.</exception>
    public async Task<ReservationLedger> InitializeAsync(CancellationToken cancellationToken = default)
    {
        Task run;
        lock (_lock)
        {
            if (_run is null || _run.IsFaulted || _run.IsCanceled)
            {
                _run = RunAsync();
            }

            run = _run;
        }

        await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Ledger;
    }

    private async Task RunAsync()
    {
        var store = Ledger.Store;
        try
        {
            await store.EnsureReadyAsync(_create, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogNotReady(_logger, ex, store.Description);
            throw;
        }

        LogReady(_logger, store.Description, store.LatestSchemaVersion);
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Reservation ledger ready: {Store}, schema {Version}")]
    private static partial void LogReady(ILogger logger, string store, int version);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Reservation ledger not ready: {Store}")]
    private static partial void LogNotReady(ILogger logger, Exception exception, string store);
}

/// <summary>Validates <see cref="LedgerProviderOptions"/>; each failure names the option and the value.</summary>
internal sealed class LedgerProviderOptionsValidator : OptionsValidator<LedgerProviderOptions>
{
    protected override IEnumerable<string> Failures(LedgerProviderOptions options)
    {
        if (options.Provider is null)
        {
            yield return $"{nameof(LedgerProviderOptions)}.{nameof(options.Provider)} is not set: call UseSqlite(path), or UsePostgreSql(connectionString) from the Ksbb.Ledger.PostgreSql package, in AddKsbbLedger.";
        }

        if (options.ReservationLifetime <= NodaTime.Duration.Zero)
        {
            yield return $"{nameof(LedgerProviderOptions)}.{nameof(options.ReservationLifetime)} = {options.ReservationLifetime}: must be positive.";
        }
    }
}
