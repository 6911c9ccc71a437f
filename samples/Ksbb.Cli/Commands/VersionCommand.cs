using System.CommandLine;
using System.Reflection;
using System.Text.Json;

namespace Ksbb.Cli;

internal static class VersionCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the versions as a JSON object (name → version) instead of lines." };
        var command = new Command(
            "about",
            """
            Print the tool and library versions. Examples:
              ksbb about
              ksbb about --json
            """);
        command.Options.Add(json);
        command.SetAction(r =>
        {
            // The tool and the Ksbb libraries it was built with (the NuGet package versions a consumer would reference).
            var versions = new[] { typeof(VersionCommand).Assembly }
                .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.StartsWith("Ksbb.", StringComparison.Ordinal) == true && a.GetName().Name != "Ksbb.SampleData"))
                .Concat(new[] { typeof(Ksbb.Model.Regions.RegionCode).Assembly, typeof(Ksbb.Geo.BoundaryIndex).Assembly, typeof(Ksbb.Allocation.AllocationEngine).Assembly, typeof(Ksbb.Ledger.ReservationLedger).Assembly })
                .Distinct()
                .Select(a => (Name: a.GetName().Name!, Version: Version(a)))
                .OrderBy(v => v.Name == "ksbb" ? string.Empty : v.Name, StringComparer.Ordinal)
                .ToArray();
            if (r.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    foreach (var (name, version) in versions)
                    {
                        writer.WriteString(name, version);
                    }

                    writer.WriteEndObject();
                }

                stdout.Write("\n"u8);
                return ExitCodes.Ok;
            }

            foreach (var (name, version) in versions)
            {
                Console.Out.WriteLine($"{name} {version}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The informational version without the "+commit" suffix SourceLink adds.
    private static string Version(Assembly assembly)
    {
        var text = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? text : text[..plus];
    }
}
