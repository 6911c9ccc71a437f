using System.CommandLine;
using Ksbb.Cli;

var root = new RootCommand(
    """
    ksbb: tools for Jakarta's Kolaborasi Sosial Berskala Besar (large-scale social collaboration).

    Exit codes: 0 ok, 1 unexpected failure, 2 bad input (the message names the file, line or JSON path),
    3 refused by a rule (for example a reservation larger than the remaining need).
    """);

// Each command lives in its own file under Commands/ and is registered here.
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await CommandRunner.InvokeAsync(root, args).ConfigureAwait(false);
