using Ksbb.Geo;

namespace Ksbb.Cli;

/// <summary>Shared plumbing of the geo commands: loading a boundary file with a clear error, and atomic output files.</summary>
internal static class GeoCommandSupport
{
    /// <summary>Reads a boundary layer, turning file problems into bad-input errors that name the file (or the missing companion of a shapefile).</summary>
    public static BoundaryLayer LoadBoundaries(FileInfo file, FeatureKeying keying)
    {
        try
        {
            return BoundaryReader.Read(file.FullName, keying);
        }
        catch (FileNotFoundException ex) when (ex.FileName is { } missing && missing != file.FullName)
        {
            // A file the layer is made of beside the one named (a shapefile's .shx or .dbf): the library's message names it.
            throw new CliInputException(ex.Message, ex);
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
}
