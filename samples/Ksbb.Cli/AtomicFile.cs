namespace Ksbb.Cli;

/// <summary>
/// Writes every output file of <c>ksbb</c> through a temporary file in the same folder, then renames it over the
/// target, so a failed or killed run never leaves half a file and an existing file is replaced whole or not at all.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="target"/> atomically.</summary>
    /// <exception cref="CliInputException">The target's folder does not exist.</exception>
    public static void Write(FileInfo target, Action<Stream> write) =>
        WriteAsync(target, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>Writes <paramref name="target"/> atomically.</summary>
    /// <exception cref="CliInputException">The target's folder does not exist.</exception>
    public static async Task WriteAsync(FileInfo target, Func<Stream, Task> write)
    {
        var folder = target.Directory ?? new DirectoryInfo(Directory.GetCurrentDirectory());
        if (!folder.Exists)
        {
            throw new CliInputException($"{target.FullName}: the output folder '{folder.FullName}' does not exist.");
        }

        var temp = Path.Combine(folder.FullName, $".{target.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                await write(stream).ConfigureAwait(false);
            }

            File.Move(temp, target.FullName, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
