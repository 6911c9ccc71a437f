using System.CommandLine;

namespace Ksbb.Cli;

/// <summary>The list of <c>ksbb</c> subcommands, in the order <c>--help</c> shows them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return VersionCommand.Create();
        yield return LocateCommand.Create();
        yield return MapCommand.Create();
        yield return LedgerCommand.Create();
        yield return AllocateCommand.Create();
    }
}
