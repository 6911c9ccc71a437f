using System.CommandLine;
using System.Text;

namespace Ksbb.Cli.Tests;

/// <summary>
/// <c>ksbb COMMAND --help</c> for every command and subcommand of the tree the tool builds, through the tool's runner:
/// exit 0, nothing on standard error, and the command's usage and examples printed; each example is a real invocation.
/// In the console-capturing collection: no other test's run writes to the captured standard error meanwhile.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class HelpTests
{
    /// <summary>Every command path of the tool's tree, found by walking it from the root ("" is the root itself).</summary>
    public static TheoryData<string> CommandPaths()
    {
        var paths = new TheoryData<string>();
        Walk(CommandCatalog.CreateRoot(), []);
        return paths;

        void Walk(Command command, IReadOnlyList<string> path)
        {
            paths.Add(string.Join(' ', path));
            foreach (var subcommand in command.Subcommands)
            {
                Walk(subcommand, [.. path, subcommand.Name]);
            }
        }
    }

    [Fact]
    public void CommandPaths_ReachTheSubcommandsOfSubcommands()
    {
        var paths = CommandPaths().Select(row => row.Data).ToList();
        var root = CommandCatalog.CreateRoot();
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(string.Empty, paths);
        Assert.All(root.Subcommands, c => Assert.Contains(c.Name, paths));
        Assert.Contains(paths, p => p.Split(' ').Length >= 2);
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_OnEveryCommand_Exits0_PrintsUsageAndExamples_NothingOnStandardError(string path)
    {
        var words = path.Length == 0 ? [] : path.Split(' ');
        var root = CommandCatalog.CreateRoot();
        var command = Find(root, words);
        var examples = Examples(command);
        Assert.NotEmpty(examples);

        var (code, output, error) = await CapturedCliRun.RunAsync(null, [.. words, "--help"]);

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', [root.Name, .. words]), output, StringComparison.Ordinal);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.All(examples, example => Assert.Contains(example, output, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Examples_OfEveryCommand_AreInvocationsOfIt_ThatParseWithoutError(string path)
    {
        var words = path.Length == 0 ? [] : path.Split(' ');
        Assert.All(Examples(Find(CommandCatalog.CreateRoot(), words)), example =>
        {
            var tokens = Tokens(example);
            Assert.Equal("ksbb", tokens[0]);
            Assert.Equal(words, tokens.Skip(1).Take(words.Length));

            // Parsed by a tree of its own: every option exists, has a valid value, and the required ones are there.
            var result = CommandCatalog.CreateRoot().Parse(tokens.Skip(1).ToArray(), new ParserConfiguration { ResponseFileTokenReplacer = null });
            Assert.True(result.Errors.Count == 0, $"{example}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            var parsed = new List<string>();
            for (var r = result.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            {
                parsed.Insert(0, r.Command.Name);
            }

            Assert.Equal(words, parsed.Take(words.Length));
        });
    }

    [Fact]
    public async Task RequiredOptionMissing_IsAParseError_Exit2NamingIt()
    {
        var (code, output, error) = await CapturedCliRun.RunAsync(null, "ledger", "reserve", "--db", "ledger.db", "--collaborator", "c-17");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--unit", error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", output, StringComparison.Ordinal);
    }

    private static Command Find(Command root, IEnumerable<string> words) =>
        words.Aggregate(root, (command, word) => command.Subcommands.Single(c => c.Name == word));

    // The lines after "Examples:" in the command's description that invoke the tool.
    private static List<string> Examples(Command command)
    {
        var description = command.Description ?? string.Empty;
        var start = description.IndexOf("Examples:", StringComparison.Ordinal);
        return start < 0
            ? []
            : [.. description[(start + "Examples:".Length)..].Split('\n').Select(l => l.Trim()).SkipWhile(l => l.Length == 0).TakeWhile(l => l.StartsWith("ksbb ", StringComparison.Ordinal) || l == "ksbb")];
    }

    // Splits an example as a shell would split it: on spaces, with double quotes grouping a value.
    private static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    tokens.Add(token.ToString());
                    token.Clear();
                    any = false;
                }
            }
            else
            {
                token.Append(c);
                any = true;
            }
        }

        Assert.False(quoted, $"{line}: a quote is not closed.");
        if (any)
        {
            tokens.Add(token.ToString());
        }

        return tokens;
    }
}
