namespace Ksbb.Cli.Ledger;

/// <summary>Writes an output file through a temporary file in the same folder, so a failure never leaves half a file.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(FileInfo target, Func<Stream, Task> write)
    {
        var folder = target.Directory ?? new DirectoryInfo(".");
        if (!folder.Exists)
        {
            throw new CliInputException($"{target.FullName}: the folder does not exist.");
        }

        var temp = Path.Combine(folder.FullName, $".{target.Name}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
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
