using System.Globalization;
using System.Reflection;
using System.Text;

namespace Ksbb.Ledger.Storage;

// A store's versioned SQL scripts, embedded as resources "<prefix>NNNN_name.sql" and numbered 1, 2, 3, … without gaps.
internal sealed class MigrationScripts
{
    private MigrationScripts(IReadOnlyList<MigrationScript> scripts) => Scripts = scripts;

    public IReadOnlyList<MigrationScript> Scripts { get; }

    public int Latest => Scripts[^1].Version;

    public static MigrationScripts Load(Assembly assembly, string resourcePrefix)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[resourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Embedded ledger migrations are not numbered 1, 2, 3, …: found {scripts[i].Name} at position {i + 1}.");
            }
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No embedded ledger migrations under {resourcePrefix}.");
        }

        return new MigrationScripts(scripts);
    }
}

internal sealed record MigrationScript(int Version, string Name, string Sql);
