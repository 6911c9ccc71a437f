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
}
