namespace Ksbb.Tests;

/// <summary>
/// The real public Jakarta data that sits beside a checkout in <c>../shared/data/jakarta</c> (or where the
/// <c>KSBB_DATA</c> environment variable points). A user's fresh clone has none: tests that need it skip
/// with a message saying so.
/// </summary>
internal static class JakartaData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>Gets the data folder, or <see langword="null"/> when it is absent.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Returns the full path of a file in the data folder, or skips the calling test when the data is absent.</summary>
    public static string PathOrSkip(string relativePath)
    {
        if (Root.Value is null)
        {
            Assert.Skip("The real Jakarta data (../shared/data/jakarta beside the repository, or KSBB_DATA) is absent; this test runs where it is present, as in CI.");
        }

        var path = Path.Combine(Root.Value, relativePath);
        if (!File.Exists(path))
        {
            Assert.Skip($"The real Jakarta data folder {Root.Value} has no {relativePath}.");
        }

        return path;
    }

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KSBB_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && System.IO.Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ksbb.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "jakarta"));
                return System.IO.Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
