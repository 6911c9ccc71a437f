using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Ksbb.Ledger.PostgreSql;

// The versioned SQL scripts embedded in the package (Migrations/NNNN_name.sql) and their application.
internal static class SchemaMigrations
{
    private const string ResourcePrefix = "Ksbb.Ledger.PostgreSql.Migrations.";

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = Load();

    public static int Latest => Scripts[^1].Version;

    // The advisory lock key of a schema's migrator: the first 8 bytes of SHA-256("ksbb.ledger.migrate:" + schema).
    public static long LockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("ksbb.ledger.migrate:" + schema)), 0);

    // Applies the scripts above the recorded version up to target, in one transaction under the schema's advisory lock.
    public static async Task<int> ApplyAsync(NpgsqlConnection connection, string schema, int target, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(@key);
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_version (
              version    integer PRIMARY KEY,
              name       text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now());
            """, connection, tx))
        {
            command.Parameters.AddWithValue("key", LockKey(schema));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var current = await CurrentAsync(connection, tx, schema, ct).ConfigureAwait(false) ?? 0;
        if (current > Latest)
        {
            throw new Storage.LedgerStoreException($"The ledger schema '{schema}' is at version {current}, newer than this library's {Latest}: upgrade the Ksbb.Ledger.PostgreSql package.");
        }

        foreach (var (version, name, sql) in Scripts)
        {
            if (version <= current || version > target)
            {
                continue;
            }

            await using (var setPath = new NpgsqlCommand($"SET LOCAL search_path TO {schema}", connection, tx))
            {
                await setPath.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await using (var script = new NpgsqlCommand(sql, connection, tx))
            {
                await script.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_version (version, name) VALUES (@v, @n)", connection, tx);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("n", name);
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            current = version;
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return current;
    }

    // The recorded version, or null when the schema or its version table does not exist.
    public static async Task<int?> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass(@table) IS NOT NULL", connection, tx);
        command.Parameters.AddWithValue("table", schema + ".schema_version");
        if (!(bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
        {
            return null;
        }

        await using var max = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {schema}.schema_version", connection, tx);
        return Convert.ToInt32(await max.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static List<(int Version, string Name, string Sql)> Load()
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Item1 != i + 1)
            {
                throw new InvalidOperationException($"Embedded ledger migrations are not numbered 1, 2, 3, …: found {scripts[i].Item2} at position {i + 1}.");
            }
        }

        return scripts;
    }
}
