using System.CommandLine;
using Ksbb.Ledger;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;

namespace Ksbb.Cli.Ledger;

/// <summary>
/// Who acts in a <c>ksbb ledger</c> command (<c>--actor</c>, <c>--collaborator</c>), and the command's keys: parsed
/// here, decided by the ledger. The CLI's own work is done as the system actor <see cref="SystemName"/>.
/// </summary>
internal static class ActorOptions
{
    /// <summary>The name of the CLI's system actor (recorded as <c>system/ksbb-cli</c>).</summary>
    public const string SystemName = "ksbb-cli";

    private const string SystemPrefix = "system/";

    /// <summary>Gets the CLI's system actor: the ledger accepts it only while no roles are recorded (set-up mode).</summary>
    public static LedgerActor System { get; } = LedgerActor.System(SystemName);

    /// <summary>The <c>--actor</c> of a transition (verify, release, renew, cancel, deliver): required, since only the ledger decides who may.</summary>
    /// <param name="who">Who may act, for the help.</param>
    /// <returns>The option.</returns>
    public static Option<string> Required(string who) => new("--actor")
    {
        Description = $"Who acts (required): {who}. Recorded with its role in the event chain. While the ledger records no roles (set-up mode), {SystemPrefix}{SystemName} is the host's system actor, which holds the operator's and verifier's authority; once roles are recorded it has none.",
        Required = true,
    };

    /// <summary>The optional <c>--actor</c> of a command that sets needs or records.</summary>
    /// <param name="what">What the actor does, for the help.</param>
    /// <returns>The option.</returns>
    public static Option<string?> Optional(string what) => new("--actor")
    {
        Description = $"Who {what}: once the ledger records roles, an operator whose region holds the units (otherwise exit 3, operator-role-required). Default: the CLI's system actor ({SystemPrefix}{SystemName}), which the ledger accepts only while no roles are recorded (set-up mode): record roles last.",
    };

    /// <summary>Parses an actor: a collaborator or officer id, or <c>system/NAME</c> for a system actor; bad input names the option.</summary>
    /// <param name="text">The option's value, or <see langword="null"/> for the CLI's system actor.</param>
    /// <param name="option">The option, for the message.</param>
    /// <returns>The actor.</returns>
    public static LedgerActor Parse(string? text, string option = "--actor")
    {
        if (text is null)
        {
            return System;
        }

        if (text.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            var name = text[SystemPrefix.Length..];
            return CollaboratorId.TryParse(name, out _, out var nameError)
                ? LedgerActor.System(name)
                : throw new CliInputException($"{option}: the system actor's name: {nameError}");
        }

        return CollaboratorId.TryParse(text, out var id, out var error) ? LedgerActor.Of(id) : throw new CliInputException($"{option}: {error}");
    }

    /// <summary>Parses an idempotency key by the one key rule (<see cref="IdempotencyKey.TryParse(string?, out IdempotencyKey, out string?)"/>).</summary>
    /// <param name="text">The option's value.</param>
    /// <returns>The key.</returns>
    public static IdempotencyKey Key(string? text) =>
        IdempotencyKey.TryParse(text, out var key, out var error) ? key : throw new CliInputException($"--key: {error}");
}
