using System.CommandLine;
using Ksbb.Cli;

var root = new RootCommand(
    """
    ksbb: tools for Jakarta's Kolaborasi Sosial Berskala Besar (large-scale social collaboration).

    Exit codes: 0 ok, 1 unexpected failure, 2 bad input (the message names the file, line or JSON path),
    3 refused by a rule (for example a reservation larger than the remaining need).
    Colours and progress bars appear only on a terminal (set NO_COLOR=1 to switch colours off); commands that other
    programs read write CSV or JSON files, and 'allocate' and 'about' print JSON with --json.
    Output files are written whole or not at all; an output that is one of the command's inputs (by any path or link)
    or a folder is bad input. Values starting with '@' are values, not response files.
    Start with: ksbb demo    Then: ksbb <command> --help
    """);

// Each command lives in its own file under Commands/ and is registered here.
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CommandRunner.InvokeAsync(root, args).ConfigureAwait(false);
