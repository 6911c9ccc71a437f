using System.CommandLine;
using Ksbb.Data.Jakarta;
using Ksbb.Geo;
using Ksbb.Ledger;
using Ksbb.Model.Distribution;
using Ksbb.Model.Regions;

namespace Ksbb.Cli.Ledger;

/// <summary>The proof options of <c>ksbb ledger deliver</c>: reads evidence files and locates a geotag, then hands plain values to the ledger.</summary>
internal sealed class DeliveryProofOptions
{
    public Option<FileInfo[]> Evidence { get; } = new("--evidence")
    {
        Description = "An evidence file (a photo, a signed receipt); repeat for several. Each is hashed (SHA-256) and its hash and size recorded; the file is never stored.",
    };

    public Option<string?> At { get; } = new("--at") { Description = "Where the delivery was recorded, LON,LAT in decimal degrees: located in the boundaries, with the distance to the claimed unit." };

    public Option<FileInfo?> Boundaries { get; } = new("--boundaries") { Description = "Boundary file for --at (GeoJSON or .shp) whose features carry region codes; default: the Jakarta RW layer." };

    public Option<string> CodeProperty { get; } = new("--code-property") { Description = "The feature property holding the region code in --boundaries (default kode).", DefaultValueFactory = _ => "kode" };

    public Option<int?> Acknowledgements { get; } = new("--acknowledgements") { Description = "How many recipients acknowledged the delivery (0 or more)." };

    /// <summary>Reads the proof options, or returns <see langword="null"/> when none was given.</summary>
    public async Task<DeliveryProof?> ReadAsync(ParseResult r, ReservationLedger ledger, ReservationId id, CancellationToken ct)
    {
        var files = r.GetValue(Evidence) ?? [];
        var at = r.GetValue(At);
        var acknowledgements = r.GetValue(Acknowledgements);
        if (files.Length == 0 && at is null && acknowledgements is null)
        {
            if (r.GetValue(Boundaries) is not null)
            {
                throw new CliInputException("--boundaries is for locating --at; give --at LON,LAT too.");
            }

            return null;
        }

        if (acknowledgements is < 0)
        {
            throw new CliInputException($"--acknowledgements {acknowledgements} must be 0 or more.");
        }

        var evidence = new List<DeliveryEvidence>(files.Length);
        foreach (var file in files)
        {
            evidence.Add(await HashAsync(file, ct).ConfigureAwait(false));
        }

        var geotag = at is null ? null : await LocateAsync(LedgerFiles.ParsePoint(at, "--at"), r.GetValue(Boundaries), r.GetValue(CodeProperty)!, ledger, id, ct).ConfigureAwait(false);
        try
        {
            return DeliveryProof.Create(evidence, geotag, acknowledgements ?? 0);
        }
        catch (ArgumentException ex)
        {
            throw new CliInputException($"--evidence: {ex.Message} (files in the order given: {string.Join(", ", files.Select(f => f.Name))})", ex);
        }
    }

    private static async Task<DeliveryEvidence> HashAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return await DeliveryEvidence.ComputeAsync(stream, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliInputException($"--evidence '{file.FullName}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new CliInputException($"--evidence '{file.FullName}' cannot be read: {ex.Message}", ex);
        }
    }

    // The host locates the point; the geometry stays in Ksbb.Geo and the ledger gets plain values.
    private static async Task<DeliveryGeotag> LocateAsync(GeoPoint point, FileInfo? boundaries, string codeProperty, ReservationLedger ledger, ReservationId id, CancellationToken ct)
    {
        var reservation = await ledger.FindAsync(id, ct).ConfigureAwait(false) ?? throw new CliInputException($"Reservation {id} was not found.");
        var layer = boundaries is null ? JakartaData.LoadRwLayer() : GeoCommandSupport.LoadBoundaries(boundaries, FeatureKeying.ByCodeProperty(codeProperty));
        var claimedCode = reservation.Need.Unit;
        if (!layer.TryGetUnitOrAncestor(claimedCode, out var claimed))
        {
            throw new CliInputException($"--at: the boundaries ({(boundaries?.FullName ?? "the Jakarta RW layer")}) hold neither the claimed unit {claimedCode} nor a unit containing it.");
        }

        RegionCode? located = BoundaryIndex.Create(layer).TryLocate(point.Longitude, point.Latitude, out var unit) && !unit.Code.IsDefault ? unit.Code : null;
        return DeliveryGeotag.Create(point, located, claimed.DistanceMetres(point.Longitude, point.Latitude));
    }
}
