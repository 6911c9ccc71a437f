using System.Globalization;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>What the demo steps share: the console, the options, the sample data and the files written.</summary>
internal sealed class DemoContext(IAnsiConsole console, int seed, DirectoryInfo outputDirectory, DemoCity city = DemoCity.Jakarta)
{
    private SampleDataSet? _data;

    /// <summary>Gets the console (plain output when it is not interactive).</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Gets the seed of the synthetic data.</summary>
    public int Seed { get; } = seed;

    /// <summary>Gets the city the maps are drawn on.</summary>
    public DemoCity City { get; } = city;

    /// <summary>Gets the folder where steps write their files.</summary>
    public DirectoryInfo OutputDirectory { get; } = outputDirectory;

    /// <summary>Gets or sets the sample data, set by the first step.</summary>
    public SampleDataSet Data
    {
        get => _data ?? throw new InvalidOperationException("The sample data step has not run yet.");
        set => _data = value;
    }

    /// <summary>Gets the files written so far, in order.</summary>
    public List<FileInfo> FilesWritten { get; } = [];

    /// <summary>Gets a bag where steps leave results for later steps (for example an allocation result for a map step).</summary>
    public Dictionary<string, object> Results { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether the console is an interactive terminal (progress bars, colours).</summary>
    public bool IsInteractive => Console.Profile.Capabilities.Interactive;

    /// <summary>Formats a whole number with thousands separators, for example 1,208.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A programme's name without the "KSBB " prefix, for table headers: "Pangan", "Penataan Permukiman".</summary>
    public static string ShortName(Ksbb.Model.Catalog.Programme programme) =>
        programme.Name.Indonesian.StartsWith("KSBB ", StringComparison.Ordinal) ? programme.Name.Indonesian[5..] : programme.Name.Indonesian;

    /// <summary>Runs long work with a progress bar on a terminal, or a plain "working… done" line otherwise.</summary>
    /// <param name="description">What the work does.</param>
    /// <param name="work">The work; it reports progress from 0 to 100.</param>
    /// <returns>A task that completes when the work is done.</returns>
    public async Task RunWithProgressAsync(string description, Func<IProgress<double>, Task> work)
    {
        if (!IsInteractive)
        {
            Console.WriteLine($"{description}...");
            await work(new Progress<double>()).ConfigureAwait(false);
            return;
        }

        await Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 100);
                await work(new SyncProgress(v => task.Value = v)).ConfigureAwait(false);
                task.Value = 100;
            }).ConfigureAwait(false);
    }

    /// <summary>Writes a file in the output folder atomically: a temp file in the same folder, then a move over the target.</summary>
    /// <param name="fileName">The file name inside the output folder.</param>
    /// <param name="write">Writes the content.</param>
    /// <returns>The file written.</returns>
    public FileInfo WriteFile(string fileName, Action<Stream> write)
    {
        OutputDirectory.Create();
        var file = new FileInfo(Path.Combine(OutputDirectory.FullName, fileName));
        AtomicFile.Write(file, write);
        FilesWritten.Add(file);
        return file;
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
