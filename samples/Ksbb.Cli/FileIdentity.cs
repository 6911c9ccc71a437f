using System.Runtime.InteropServices;

namespace Ksbb.Cli;

/// <summary>Whether two paths name the same file: by any path, symbolic link, hard link or letter case.</summary>
/// <remarks>
/// Where both files exist on Unix, the device and inode numbers decide (this catches hard links and case-insensitive
/// file systems); otherwise the fully resolved paths (symbolic links followed, <c>..</c> removed) are compared, ignoring
/// case on Windows and macOS, whose file systems ignore it by default.
/// </remarks>
internal static partial class FileIdentity
{
    public static bool Same(string a, string b)
    {
        if (File.Exists(a) && File.Exists(b) && TryInode(a, out var ia) && TryInode(b, out var ib))
        {
            return ia == ib;
        }

        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(Resolve(a), Resolve(b), comparison);
    }

    /// <summary>The full path with every symbolic link on the way followed (as far as the path exists).</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (parent is null || name.Length == 0)
        {
            return full;
        }

        var resolvedParent = Resolve(parent);
        var joined = Path.Combine(resolvedParent, name);
        try
        {
            var target = new FileInfo(joined).ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? joined : Path.GetFullPath(target.FullName);
        }
        catch (IOException)
        {
            return joined;
        }
        catch (UnauthorizedAccessException)
        {
            return joined;
        }
    }

    private static bool TryInode(string path, out (ulong Device, ulong Inode) id)
    {
        id = default;
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return false;
        }

        // struct stat: st_dev first (8 bytes on Linux, 4 on macOS), st_ino at offset 8 on both (x64 and arm64).
        var buffer = new byte[256];
        try
        {
            if (NativeMethods.Stat(path, buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        var device = OperatingSystem.IsLinux() ? BitConverter.ToUInt64(buffer, 0) : BitConverter.ToUInt32(buffer, 0);
        id = (device, BitConverter.ToUInt64(buffer, 8));
        return true;
    }
}

/// <summary>The few libc calls .NET does not expose: <c>stat</c> for file identity, <c>open</c>/<c>fsync</c>/<c>close</c> to flush a folder.</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Stat(string path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
