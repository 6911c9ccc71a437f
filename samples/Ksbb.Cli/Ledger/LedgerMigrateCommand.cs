using System.CommandLine;
using Ksbb.Ledger.PostgreSql;

namespace Ksbb.Cli.Ledger;

/// <summary><c>ksbb ledger migrate --db CONNECTION</c>: creates or upgrades a ledger schema (SQLite or PostgreSQL).</summary>
internal static class LedgerMigrateCommand
{
    public static Command Create(Option<FileInfo> db)
    {
        var command = new Command(
            "migrate",
            """
            Create or upgrade the ledger's schema (a SQLite file or a PostgreSQL database) to this version with its
            versioned scripts (run once per deployment, before the application servers; safe to repeat and to run from
            two places at once). Prints the schema version before and after. Examples:
              ksbb ledger migrate --db ledger.db
              ksbb ledger migrate --db "Host=db.internal;Database=ksbb;Username=ksbb_owner"
            """)
        {
            db,
        };
        command.SetAction(async (r, ct) =>
        {
            // The same on both stores: the versioned scripts above the recorded version, applied once.
            await using var store = LedgerStores.Open(r.GetValue(db)!.ToString());
            var before = await store.GetSchemaVersionAsync(ct).ConfigureAwait(false);
            var after = await store.MigrateAsync(ct).ConfigureAwait(false);
            Console.Out.WriteLine(before == after
                ? $"{store.Description}: schema version {after}, up to date"
                : $"{store.Description}: schema version {before?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} -> {after}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
