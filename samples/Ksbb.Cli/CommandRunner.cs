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
            // No response files: a value starting with '@' (for example --key @order-1) is a value, not a file to expand.
            var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (result.Errors.Count == 0)
            {
                AtomicFile.UseInputsOf(result);
            }

            // Without this, System.CommandLine catches an action's exceptions itself (printing a stack trace, exit 1) and
            // CliInputException never reaches the handler below.
            var code = await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
            // Parse errors (unknown option, missing value) come back from System.CommandLine as 1: they are bad input.
            return result.Errors.Count > 0 ? ExitCodes.BadInput : code;
        }
        catch (CliInputException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Ksbb.Model.Formats.CsvFormatException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (JsonException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // An input file or folder named on the command line does not exist: the message names the path.
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("error: cancelled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // Anything else is a bug or an environment problem: say what happened, exit 1, no stack trace for operators.
            await Console.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
