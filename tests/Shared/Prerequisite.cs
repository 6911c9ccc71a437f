using System.Diagnostics.CodeAnalysis;

namespace Ksbb.Tests;

/// <summary>
/// What a test does when something it needs outside the repository (the real data, a PostgreSQL server) is missing:
/// it skips with a message saying what to install, except under continuous integration (<c>CI=true</c>), where it
/// fails, so a missing install step cannot pass unseen.
/// </summary>
internal static class Prerequisite
{
    /// <summary>Gets whether the tests run under continuous integration (<c>CI=true</c>).</summary>
    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test with <paramref name="message"/>, or fails it under <c>CI=true</c>.</summary>
    [DoesNotReturn]
    public static void SkipOrFail(string message)
    {
        if (UnderCi)
        {
            Assert.Fail("CI=true, so a missing prerequisite fails the test instead of skipping it. " + message);
        }

        Assert.Skip(message);
    }
}
