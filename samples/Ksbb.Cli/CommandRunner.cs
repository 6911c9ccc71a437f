using System.CommandLine;

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

            // Option values are read only when the command's own action is what runs. Help (--help on any command, where
            // required options are not validated), parse errors and directives have actions of their own, handled by
            // System.CommandLine without reading a value; reading one there would throw for a required option left out.
            if (RunsCommandAction(result))
            {
                AtomicFile.UseInputsOf(result);
            }

            // Without this, System.CommandLine catches an action's exceptions itself (printing a stack trace, exit 1) and
            // CliInputException never reaches the handler below.
            var code = await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
            // Parse errors (unknown option, missing value) come back from System.CommandLine as 1: they are bad input.
            return result.Errors.Count > 0 ? ExitCodes.BadInput : code;
        }
        catch (Exception ex)
        {
            // One table for every command (ExitCodes.Map): bad input is 2, anything else 1; no stack trace for operators.
            var (code, message) = ExitCodes.Map(ex);
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>Whether invoking <paramref name="result"/> runs the parsed command's own action (not help, a parse error or a directive).</summary>
    private static bool RunsCommandAction(ParseResult result) =>
        result.Errors.Count == 0 && result.Action is { } action && ReferenceEquals(action, result.CommandResult.Command.Action);
}
