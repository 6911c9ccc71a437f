namespace Ksbb.Tests;

/// <summary>
/// The real public Jakarta data that sits beside a checkout in <c>../shared/data/jakarta</c> (or where the
/// <c>KSBB_DATA</c> environment variable points). A user's fresh clone has none: tests that need it skip
/// with a message saying what to install. Under continuous integration (<c>CI=true</c>) they fail instead, so a
/// missing install step cannot pass unseen.
/// </summary>
internal static class JakartaData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>Gets the data folder, or <see langword="null"/> when it is absent.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Returns the full path of a file in the data folder, or skips the calling test when the data is absent.</summary>
    /// <remarks>Under <c>CI=true</c> the test fails instead of skipping.</remarks>
    public static string PathOrSkip(string relativePath)
    {
        if (Root.Value is null)
        {
            Prerequisite.SkipOrFail($"The real Jakarta data is absent: put the public Jakarta data set (folders codes/, rw/, rt/) in ../shared/data/jakarta beside the repository, or set KSBB_DATA to its folder, to run this test (it needs {relativePath}).");
        }

        var path = Path.Combine(Root.Value, relativePath);
        if (!File.Exists(path))
        {
            Prerequisite.SkipOrFail($"The real Jakarta data folder {Root.Value} has no {relativePath}: install the complete public Jakarta data set there, or point KSBB_DATA at one.");
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
