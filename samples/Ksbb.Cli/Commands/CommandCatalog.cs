using System.CommandLine;

namespace Ksbb.Cli;

/// <summary>The <c>ksbb</c> command tree: the root command and its subcommands, in the order <c>--help</c> shows them.</summary>
internal static class CommandCatalog
{
    /// <summary>The root command the tool runs, with every subcommand registered.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            """
            ksbb: tools for Jakarta's Kolaborasi Sosial Berskala Besar (large-scale social collaboration).

            Exit codes: 0 ok, 1 unexpected failure, 2 bad input (the message names the file, line or JSON path),
            3 refused by a rule (for example a reservation larger than the remaining need).
            Colours and progress bars appear only on a terminal (set NO_COLOR=1 to switch colours off); commands that other
            programs read write CSV or JSON files, and 'allocate' and 'about' print JSON with --json.
            Output files are written whole or not at all; an output that is one of the command's inputs (by any path or link)
            or a folder is bad input. Values starting with '@' are values, not response files.
            Start with 'ksbb demo', then 'ksbb <command> --help' for each command's options and examples. Examples:
              ksbb demo
              ksbb ledger reserve --help
            """);
        foreach (var command in All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>The subcommands of the root, each built by its own file under <c>Commands/</c>.</summary>
    private static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return VersionCommand.Create();
        yield return LocateCommand.Create();
        yield return MapCommand.Create();
        yield return LedgerCommand.Create();
        yield return AllocateCommand.Create();
    }
}
