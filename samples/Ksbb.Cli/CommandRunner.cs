using System.CommandLine;
using System.Text.Json;

namespace Ksbb.Cli;

/// <summary>Runs the parsed command and maps failures to the documented exit codes.</summary>
internal static class CommandRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        try
        {
            var result = root.Parse(args);
            // The default exception handler would print a stack trace and return 1; let bad input reach the catch below.
            var code = await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
            // Parse errors (unknown option, missing value) come back from System.CommandLine as 1: they are bad input.
            return result.Errors.Count > 0 ? ExitCodes.BadInput : code;
        }
        catch (CliInputException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (JsonException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
