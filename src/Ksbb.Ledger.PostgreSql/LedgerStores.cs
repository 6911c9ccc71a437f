using Ksbb.Ledger.Sqlite;

namespace Ksbb.Ledger.PostgreSql;

/// <summary>Opens the ledger store a location names — a SQLite file or a PostgreSQL connection string — as hosts and the CLI do.</summary>
/// <remarks>
/// <para>
/// A location is a connection string when it is a <c>postgres://</c> or <c>postgresql://</c> URI or a keyword list
/// (<c>key=value;…</c>); such a text is never taken as a file name. A keyword list must name a <c>Host</c> (or
/// <c>Server</c>); otherwise it is refused. Anything else is a file path. Every message names the file or describes the
/// server, and never contains a password (see <see cref="Redact"/>).
/// </para>
/// <para>Static and thread-safe.</para>
/// </remarks>
public static class LedgerStores
{
    /// <summary>Gets a value indicating whether a location is a connection string (a URI or a <c>key=value;…</c> list) rather than a file path.</summary>
    /// <param name="location">A <c>--db</c> argument or configuration value.</param>
    /// <returns><see langword="true"/> for a connection string, usable or not.</returns>
    public static bool IsConnectionString(string? location) =>
        location is not null && (ConnectionStrings.LooksLikeConnectionString(location) || ConnectionStrings.LooksLikeKeywordList(location));

    /// <summary>Hides every password in a text: the user information of a <c>postgres://</c> URI and <c>Password=…</c> in a keyword list or a URI query.</summary>
    /// <param name="text">A location, or a message that may contain one.</param>
    /// <returns>The text with passwords replaced by <c>***</c>.</returns>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ConnectionStrings.Redact(text);
    }

    /// <summary>Describes a location for messages: the file's full path, or the server, database and schema (never a password).</summary>
    /// <param name="location">The location.</param>
    /// <returns>The description.</returns>
    public static string Describe(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!IsConnectionString(location))
        {
            return Path.GetFullPath(location);
        }

        try
        {
            return PostgreSqlLedgerStore.Open(location).Description;
        }
        catch (ArgumentException)
        {
            return "the PostgreSQL ledger " + Redact(location);
        }
    }

    /// <summary>Opens the store a location names without touching the database (no schema check, no migration).</summary>
    /// <param name="location">A SQLite file path or a PostgreSQL connection string.</param>
    /// <returns>The store; the caller disposes it.</returns>
    /// <exception cref="LedgerLocationException">The location is a connection string that cannot be used, or an existing file that is not a SQLite database.</exception>
    public static LedgerStore Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (IsConnectionString(location))
        {
            if (!ConnectionStrings.LooksLikeConnectionString(location))
            {
                throw new LedgerLocationException(
                    $"'{Redact(location)}' looks like a connection string (key=value;…) but names no Host or Server, so it is not a PostgreSQL ledger; it is never taken as a file name. Give Host=… for PostgreSQL, or a file path for SQLite.");
            }

            try
            {
                return PostgreSqlLedgerStore.Open(location);
            }
            catch (ArgumentException ex)
            {
                // ArgumentException appends " (Parameter '…')": keep only the sentence.
                var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
                throw new LedgerLocationException($"Not a valid PostgreSQL connection string: {Redact(message)}", ex);
            }
        }

        var path = Path.GetFullPath(location);
        SqliteLedgerStore.CheckFile(path);
        return SqliteLedgerStore.Open(path);
    }

    /// <summary>Opens the store a location names, checking that it holds a ledger or, with <paramref name="create"/>, creating or upgrading its schema first.</summary>
    /// <remarks>
    /// With <paramref name="create"/>, a SQLite file is created when absent and migrated; a PostgreSQL schema is migrated
    /// only when missing or older, so an application role without the right to create schemas can open a database its
    /// owner migrated. Without it, a SQLite file must exist and hold a ledger schema.
    /// </remarks>
    /// <param name="location">A SQLite file path or a PostgreSQL connection string.</param>
    /// <param name="create">Whether to create or upgrade the schema.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The store; the caller disposes it.</returns>
    /// <exception cref="LedgerLocationException">The location names no usable ledger (see <see cref="Open"/>), or a file without a ledger.</exception>
    /// <exception cref="Storage.LedgerStoreException">The database failed.</exception>
    public static async Task<LedgerStore> OpenAsync(string location, bool create, CancellationToken cancellationToken = default)
    {
        var store = Open(location);
        try
        {
            await store.EnsureReadyAsync(create, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
