using Ksbb.Cli;

// The whole command tree is built by CommandCatalog (each command in its own file under Commands/); CommandRunner
// parses, handles help and parse errors, runs the command and maps failures to the exit codes.
return await CommandRunner.InvokeAsync(CommandCatalog.CreateRoot(), args).ConfigureAwait(false);
