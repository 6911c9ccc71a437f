using System.CommandLine;

namespace Ksbb.Cli;

/// <summary>
/// Writes every output file of <c>ksbb</c> through a temporary file in the same folder, flushed to disk, then renames it
/// over the target and flushes the folder, so a failed or killed run (or a power cut after it) never leaves half a file,
/// and an existing file is replaced whole or not at all. A target that is one of the command's own inputs (by any path,
/// link or letter case) or an existing folder is refused before anything is written.
/// </summary>
internal static class AtomicFile
{
    // Per invocation (an async flow), so commands run side by side in one process (the tests) do not mix their inputs.
    private static readonly AsyncLocal<IReadOnlyList<(string Option, object Value, string Path)>> Inputs = new();

    /// <summary>Remembers the file paths given to the command being run (every option whose value is a file, folder or an existing path).</summary>
    public static void UseInputsOf(ParseResult result)
    {
        var inputs = new List<(string, object, string)>();
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            foreach (var option in command.Children.OfType<System.CommandLine.Parsing.OptionResult>())
            {
                object? value = option.Option switch
                {
                    Option<FileInfo> file => result.GetValue(file),
                    Option<DirectoryInfo> folder => result.GetValue(folder),
                    Option<string> text => result.GetValue(text),
                    _ => null,
                };
                var path = value switch
                {
                    FileSystemInfo info => info.ToString(),
                    string text when text.Length > 0 && File.Exists(text) => text,
                    _ => null,
                };
                if (value is not null && path is not null)
                {
                    inputs.Add((option.Option.Name, value, path));
                }
            }
        }

        Inputs.Value = inputs;
    }

    /// <summary>Writes <paramref name="target"/> atomically.</summary>
    /// <exception cref="CliInputException">The target is an input of the command, an existing folder, or its folder does not exist.</exception>
    public static void Write(FileInfo target, Action<Stream> write) =>
        WriteAsync(target, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>Writes <paramref name="target"/> atomically.</summary>
    /// <exception cref="CliInputException">The target is an input of the command, an existing folder, or its folder does not exist.</exception>
    public static async Task WriteAsync(FileInfo target, Func<Stream, Task> write)
    {
        CheckTarget(target);
        var folder = target.Directory!;
        var temp = Path.Combine(folder.FullName, $".{target.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                await write(stream).ConfigureAwait(false);
            }

            // The writer may have closed the stream itself: flush the file's data to disk through a handle of our own.
            using (var written = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                written.Flush(flushToDisk: true);
            }

            File.Move(temp, target.FullName, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        FlushFolder(folder.FullName);
    }

    /// <summary>Refuses a target that would destroy an input, or that is a folder, or whose folder is missing.</summary>
    /// <exception cref="CliInputException">The target cannot be written.</exception>
    public static void CheckTarget(FileInfo target)
    {
        if (Directory.Exists(target.FullName))
        {
            throw new CliInputException($"{target.FullName}: is a folder; name a file to write.");
        }

        var folder = target.Directory ?? new DirectoryInfo(Directory.GetCurrentDirectory());
        if (!folder.Exists)
        {
            throw new CliInputException($"{target.FullName}: the output folder '{folder.FullName}' does not exist.");
        }

        foreach (var (option, value, path) in Inputs.Value ?? [])
        {
            if (!ReferenceEquals(value, target) && FileIdentity.Same(path, target.FullName))
            {
                throw new CliInputException($"{target.FullName}: is also the input {option} '{path}'; write the output to another file.");
            }
        }
    }

    // After a rename, the folder entry is durable only once the folder itself is flushed (POSIX). Windows has no such
    // call for folders; a file system that refuses it (some network mounts) is skipped.
    private static void FlushFolder(string folder)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return;
        }

        try
        {
            var fd = NativeMethods.Open(folder, 0 /* O_RDONLY */);
            if (fd >= 0)
            {
                _ = NativeMethods.Fsync(fd);
                _ = NativeMethods.Close(fd);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // No libc to call: nothing more can be done.
        }
    }
}
