namespace Ksbb.Cli;

/// <summary>The process exit codes of <c>ksbb</c>; documented in the README and in <c>ksbb --help</c>.</summary>
internal static class ExitCodes
{
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
