using System.Text.Json;
using Ksbb.Ledger;
using Ksbb.Ledger.Storage;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Model.Formats;

namespace Ksbb.Cli;

/// <summary>The process exit codes of <c>ksbb</c>; documented in the README and in <c>ksbb --help</c>.</summary>
internal static class ExitCodes
{
    /// <summary>
    /// The one table from a failure to the exit code and the line an operator sees. Bad input (arguments, files, a
    /// ledger location) is 2 and names its place; a store failure and anything unexpected is 1. Every message is
    /// redacted, since a connection string given as <c>--db</c> may appear in it. Refusals by a rule are not
    /// exceptions: commands return <see cref="Refused"/> themselves.
    /// </summary>
    /// <param name="exception">What a command threw.</param>
    /// <returns>The exit code and the message to print on standard error.</returns>
    public static (int Code, string Message) Map(Exception exception)
    {
        var message = LedgerStores.Redact(exception.Message);
        return exception switch
        {
            CliInputException or CsvFormatException or JsonException or LedgerLocationException or ArgumentException
                or FileNotFoundException or DirectoryNotFoundException => (BadInput, $"error: {message}"),
            LedgerStoreException => (Failure, $"failure: {message}"),
            OperationCanceledException => (Failure, "error: cancelled."),
            _ => (Failure, $"error: unexpected {exception.GetType().Name}: {message}"),
        };
    }

    /// <summary>
    /// The one table from a ledger refusal to the exit code and the line an operator sees: a refusal by a rule is
    /// <see cref="Refused"/>, "refused: &lt;rule-name&gt;: &lt;facts&gt;"; a refusal that says the caller named something
    /// wrong (a key used before with other parameters, a need or reservation the ledger does not hold) is
    /// <see cref="BadInput"/>, "error: &lt;rule-name&gt;: &lt;facts&gt;". Both on standard error; the rule's name is the
    /// ledger's (<see cref="LedgerRules.Name(LedgerRule)"/>), never a sentence parsed here.
    /// </summary>
    /// <param name="refusal">The ledger's refusal.</param>
    /// <returns>The exit code and the message to print on standard error.</returns>
    public static (int Code, string Message) Map(LedgerRefusal refusal) => refusal.Rule switch
    {
        LedgerRule.KeyConflict or LedgerRule.NeedNotFound or LedgerRule.ReservationNotFound => (BadInput, $"error: {refusal.Message}"),
        _ => (Refused, $"refused: {refusal.Message}"),
    };

    /// <summary>Prints a refusal by <see cref="Map(LedgerRefusal)"/> on standard error and returns its exit code.</summary>
    /// <param name="refusal">The ledger's refusal.</param>
    /// <returns>The exit code.</returns>
    public static int Report(LedgerRefusal refusal)
    {
        var (code, message) = Map(refusal);
        Console.Error.WriteLine(message);
        return code;
    }

    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>Unexpected failure (a bug or an environment problem); the message says what happened.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a file, a JSON path, a CSV line or an argument was wrong; the message names it.</summary>
    public const int BadInput = 2;

    /// <summary>Refused by a rule, for example a reservation larger than the remaining need.</summary>
    public const int Refused = 3;
}

/// <summary>Bad input from the user: reported on standard error, exit code <see cref="ExitCodes.BadInput"/>.</summary>
internal sealed class CliInputException(string message, Exception? inner = null) : Exception(message, inner);
