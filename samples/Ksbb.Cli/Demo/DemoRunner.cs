using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>Runs the demo's steps against a console.</summary>
internal static class DemoRunner
{
    /// <summary>Runs every step in order.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="seed">The sample data seed.</param>
    /// <param name="outputDirectory">Where steps write files.</param>
    /// <param name="steps">The steps; <see langword="null"/> for <see cref="DemoSteps.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(IAnsiConsole console, int seed, DirectoryInfo outputDirectory, IReadOnlyList<IDemoStep>? steps = null, CancellationToken cancellationToken = default) =>
        RunAsync(console, seed, outputDirectory, DemoCity.Jakarta, steps, cancellationToken);

    /// <summary>Runs every step in order, drawing the maps on a chosen city.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="seed">The sample data seed.</param>
    /// <param name="outputDirectory">Where steps write files.</param>
    /// <param name="city">The city the maps are drawn on.</param>
    /// <param name="steps">The steps; <see langword="null"/> for <see cref="DemoSteps.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IAnsiConsole console, int seed, DirectoryInfo outputDirectory, DemoCity city, IReadOnlyList<IDemoStep>? steps = null, CancellationToken cancellationToken = default)
    {
        if (File.Exists(outputDirectory.FullName))
        {
            throw new CliInputException($"--out {outputDirectory.FullName} is a file; give a folder.");
        }

        var context = new DemoContext(console, seed, outputDirectory, city);
        var maps = city == DemoCity.Jakarta ? "maps on real Jakarta RWs" : "maps on the synthetic city";
        console.Write(new Rule($"[bold]KSBB demo[/]: synthetic round, seed {seed}, {maps}").LeftJustified());
        try
        {
            foreach (var step in steps ?? DemoSteps.Default)
            {
                cancellationToken.ThrowIfCancellationRequested();
                console.WriteLine();
                console.Write(new Rule($"[bold]{Markup.Escape(step.Title)}[/]").LeftJustified());
                await step.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The round's ledger (and anything else a step left open) is closed when the demo ends.
            foreach (var open in context.Results.Values.OfType<IAsyncDisposable>())
            {
                await open.DisposeAsync().ConfigureAwait(false);
            }
        }

        console.WriteLine();
        console.MarkupLine($"Done. Files are in [bold]{Markup.Escape(outputDirectory.FullName)}[/].");
        return ExitCodes.Ok;
    }
}
