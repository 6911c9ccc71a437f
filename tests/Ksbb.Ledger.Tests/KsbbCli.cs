using System.Diagnostics;
using System.Reflection;

namespace Ksbb.Tests;

/// <summary>Runs the built <c>ksbb</c> CLI (<c>dotnet ksbb.dll …</c>) as a separate process.</summary>
internal static class KsbbCli
{
    private static readonly Lazy<string> DllPath = new(() =>
    {
        var path = typeof(KsbbCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "KsbbCliPath").Value!;
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            Assert.Fail($"The ksbb CLI was not built at {path}; build the test project (it references samples/Ksbb.Cli).");
        }

        return path;
    });

    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        info.ArgumentList.Add(DllPath.Value);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(args, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
