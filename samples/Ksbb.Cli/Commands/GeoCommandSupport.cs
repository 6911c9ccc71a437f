using Ksbb.Geo;

namespace Ksbb.Cli;

/// <summary>Shared plumbing of the geo commands: loading a boundary file with a clear error, and atomic output files.</summary>
internal static class GeoCommandSupport
{
    /// <summary>Reads a boundary layer, turning file problems into bad-input errors that name the file.</summary>
    public static BoundaryLayer LoadBoundaries(FileInfo file, FeatureKeying keying)
    {
        try
        {
            return BoundaryReader.Read(file.FullName, keying);
        }
        catch (FileNotFoundException)
        {
            throw new CliInputException($"boundary file '{file.FullName}' does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliInputException($"boundary file '{file.FullName}' does not exist.");
        }
        catch (InvalidDataException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }
    }

    /// <summary>Writes a file atomically: a temporary file in the same folder, renamed over the target when complete.</summary>
    public static void WriteAtomically(FileInfo target, Action<Stream> write)
    {
        var folder = target.Directory ?? new DirectoryInfo(Directory.GetCurrentDirectory());
        if (!folder.Exists)
        {
            throw new CliInputException($"the output folder '{folder.FullName}' does not exist.");
        }

        var temp = Path.Combine(folder.FullName, $".{target.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
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
