using System.CommandLine;

namespace Ksbb.Cli.Ledger;

/// <summary><c>ksbb ledger migrate --db CONNECTION</c>: creates or upgrades a PostgreSQL ledger schema.</summary>
internal static class LedgerMigrateCommand
{
    public static Command Create(Option<FileInfo> db)
    {
        var command = new Command(
            "migrate",
            """
            Create or upgrade the ledger's PostgreSQL schema to this version (run once per deployment, before the
            application servers; safe to repeat and to run from two places at once). For a SQLite file, creates the
            schema if absent. Prints the schema version.
            """)
        {
            db,
        };
        command.SetAction((r, ct) => LedgerCommand.Guard(async () =>
        {
            var text = r.GetValue(db)!.ToString();
            if (!LedgerStoreFactory.IsPostgreSql(text))
            {
                await using var file = await LedgerStoreFactory.OpenAsync(text, create: true, ct).ConfigureAwait(false);
                Console.Out.WriteLine($"{LedgerStoreFactory.Describe(text)}: schema ready");
                return ExitCodes.Ok;
            }

            await using var store = LedgerStoreFactory.OpenPostgreSql(text);
            var before = await store.GetSchemaVersionAsync(ct).ConfigureAwait(false);
            var after = await store.MigrateAsync(ct).ConfigureAwait(false);
            Console.Out.WriteLine(before == after
                ? $"{store.Description}: schema version {after}, up to date"
                : $"{store.Description}: schema version {before?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} -> {after}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
