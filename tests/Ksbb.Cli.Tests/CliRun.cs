namespace Ksbb.Cli.Tests;

/// <summary>Runs <c>ksbb</c> in this process: the command tree the tool builds, through the same runner (parser configuration, help and exit-code mapping).</summary>
internal static class CliRun
{
    public static Task<int> RunAsync(params string[] args) => CommandRunner.InvokeAsync(CommandCatalog.CreateRoot(), args);

    /// <summary>A folder of its own for one test, deleted afterwards.</summary>
    public sealed class Folder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ksbb-cli-test-" + Guid.NewGuid().ToString("N"));

        public Folder() => Directory.CreateDirectory(Path);

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temporary folder.
            }
        }
    }

    /// <summary>A 2 × 1 GeoJSON layer: west square kode "w" (106.80–106.81), east square kode "e" (106.81–106.82), latitudes -6.20 to -6.19.</summary>
    public const string TwoSquares = """
        { "type": "FeatureCollection", "features": [
          { "type": "Feature", "properties": { "kode": "w" }, "geometry": { "type": "Polygon", "coordinates": [[[106.80,-6.20],[106.81,-6.20],[106.81,-6.19],[106.80,-6.19],[106.80,-6.20]]] } },
          { "type": "Feature", "properties": { "kode": "e" }, "geometry": { "type": "Polygon", "coordinates": [[[106.81,-6.20],[106.82,-6.20],[106.82,-6.19],[106.81,-6.19],[106.81,-6.20]]] } }
        ] }
        """;
}

/// <summary>Runs <c>ksbb</c> in this process with standard output and error captured, one run at a time (the console is process-wide).</summary>
internal static class CapturedCliRun
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        await OneAtATime.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        var saved = environment?.ToDictionary(e => e.Key, e => Environment.GetEnvironmentVariable(e.Key));
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var code = await CliRun.RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            foreach (var (name, value) in saved ?? [])
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            OneAtATime.Release();
        }
    }
}
