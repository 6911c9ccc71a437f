using System.CommandLine;
using System.Reflection;

namespace Ksbb.Cli;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("about", "Print the tool and library versions.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.Out.WriteLine($"ksbb {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
