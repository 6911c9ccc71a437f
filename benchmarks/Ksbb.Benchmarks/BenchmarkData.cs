namespace Ksbb.Benchmarks;

/// <summary>Locates the shared real data used by some benchmarks.</summary>
public static class BenchmarkData
{
    /// <summary>Finds <c>shared/data/jakarta</c> beside the repository (or in <c>KSBB_DATA</c>), or null.</summary>
    public static string? FindJakartaData()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KSBB_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "jakarta");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Ksbb.slnx")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
