using System.Security.Cryptography;
using System.Text.Json;
using Ksbb.Data.Jakarta;
using Ksbb.Ledger;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Catalog;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Cli.Tests;

[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary><c>ksbb ledger deliver</c> with proof, <c>reserve --deliver-by</c> and <c>ledger overdue</c>.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class LedgerProofCommandTests : IDisposable
{
    private static readonly NeedKey Rt = new(RegionCode.Parse("31.71.01.1001.005.003"), ItemCode.Parse("pangan.paket-sembako"), DistributionPeriod.Parse("2020-05"));

    // West square: RW 31.71.01.1001.005; east square: RW 31.71.01.1001.006.
    private static readonly string TwoRws = CliRun.TwoSquares
        .Replace("\"kode\": \"w\"", "\"kode\": \"31.71.01.1001.005\"", StringComparison.Ordinal)
        .Replace("\"kode\": \"e\"", "\"kode\": \"31.71.01.1001.006\"", StringComparison.Ordinal);

    private readonly CliRun.Folder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private async Task<(string Db, ReservationId Id)> LedgerWithReservationAsync(NeedKey? need = null)
    {
        var db = _folder.File("ledger.db");
        var key = need ?? Rt;
        var ledger = await OpenAsync(db, migrate: true);
        await SeedAsync(ledger, key);
        return (db, (await ledger.ReserveAsync(LedgerActor.Of(Donor), key, 4, IdempotencyKey.Parse("k1"), cancellationToken: Ct)).Reservation!.Id);
    }

    private static readonly Ksbb.Model.Collaborators.CollaboratorId Donor = Ksbb.Model.Collaborators.CollaboratorId.Parse("donor-a");

    // The need and its donor (a recorded, active collaborator), set as the host's system actor before any role.
    private static async Task SeedAsync(ReservationLedger ledger, NeedKey need)
    {
        var seed = LedgerActor.System("test");
        Assert.True((await ledger.SetNeedsAsync(seed, [new(need, 10)], Ct)).Succeeded);
        var donor = Ksbb.Model.Collaborators.Collaborator.Create(Donor, "Donor A", Ksbb.Model.Collaborators.CollaboratorCategory.Perorangan);
        Assert.True((await ledger.SetCollaboratorsAsync(seed, [donor], Ct)).Succeeded);
    }

    private static async Task<ReservationLedger> OpenAsync(string db, bool migrate = false, Instant? now = null)
    {
        var store = SqliteLedgerStore.Open(db);
        if (migrate)
        {
            await store.MigrateAsync(Ct);
        }

        return ReservationLedger.Create(store, new LedgerOptions { Clock = new NodaTime.Testing.FakeClock(now ?? SystemClock.Instance.GetCurrentInstant()) });
    }

    private static async Task<(int Code, string Out, string Error)> RunCapturedAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await CliRun.RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    [Fact]
    public async Task Deliver_WithEvidenceGeotagAndAcknowledgements_RecordsHashesNotFiles_AndTheChainStaysIntact()
    {
        var (db, id) = await LedgerWithReservationAsync();
        var photo = _folder.File("photo.jpg");
        var receipt = _folder.File("receipt.pdf");
        File.WriteAllBytes(photo, [1, 2, 3, 4, 5]);
        File.WriteAllText(receipt, "signed receipt");
        var boundaries = _folder.File("rw.geojson");
        File.WriteAllText(boundaries, TwoRws);

        var (code, output, _) = await RunCapturedAsync("ledger", "deliver", "--db", db, "--id", id.Value, "--actor", "donor-a", "--evidence", photo, "--evidence", receipt,
            "--at", "106.815,-6.195", "--boundaries", boundaries, "--acknowledgements", "3");

        Assert.Equal(0, code);
        Assert.Contains($"{id} delivered", output, StringComparison.Ordinal);
        var ledger = await OpenAsync(db);
        var proof = (await ledger.GetProofAsync(id, Ct))!;
        Assert.Equal([Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(photo))), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(receipt)))], proof.Evidence.Select(e => e.Sha256));
        Assert.Equal([5L, 14L], proof.Evidence.Select(e => e.Size));
        Assert.Equal(3, proof.Acknowledgements);

        // The point lies in the east RW; the claimed RT belongs to the west RW, 0.005° of longitude away (about 553 m at 6.2° S).
        Assert.Equal(RegionCode.Parse("31.71.01.1001.006"), proof.Geotag!.LocatedUnit);
        Assert.InRange(proof.Geotag.DistanceMetres, 540, 565);
        Assert.Equal(DeliveryStanding.LocatedOutsideClaimedUnit, DeliveryProof.StandingOf(ReservationStatus.Delivered, proof));
        Assert.True((await ledger.VerifyChainAsync(Ct)).IsIntact);

        // No file content and no path reaches the database.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(db));
        Assert.DoesNotContain("signed receipt", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("receipt.pdf", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_AtAPointInsideTheClaimedUnit_OfTheDefaultJakartaRwLayer_IsZeroMetres()
    {
        var rw = JakartaData.LoadRwLayer().Units.First(u => !u.Code.IsDefault);
        var (db, id) = await LedgerWithReservationAsync(Rt with { Unit = RegionCode.ForRt(rw.Code, 1) });
        var point = rw.RepresentativePoint;

        var (code, _, _) = await RunCapturedAsync("ledger", "deliver", "--db", db, "--id", id.Value, "--actor", "donor-a",
            "--at", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{point.Longitude:R},{point.Latitude:R}"));

        Assert.Equal(0, code);
        var geotag = (await (await OpenAsync(db)).GetProofAsync(id, Ct))!.Geotag!;
        Assert.Equal((rw.Code, 0.0), (geotag.LocatedUnit!.Value, geotag.DistanceMetres));
    }

    [Theory]
    [InlineData("--evidence", "missing.jpg", "missing.jpg")]
    [InlineData("--at", "106.8;-6.2", "--at")]
    [InlineData("--acknowledgements", "-1", "--acknowledgements")]
    public async Task Deliver_BadProofInput_Exit2_NamingIt_AndNothingDelivered(string option, string value, string named)
    {
        var (db, id) = await LedgerWithReservationAsync();
        var argument = option == "--evidence" ? _folder.File(value) : value;

        var (code, _, error) = await RunCapturedAsync("ledger", "deliver", "--db", db, "--id", id.Value, "--actor", "donor-a", option, argument);

        Assert.Equal(2, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Equal(ReservationStatus.Reserved, (await (await OpenAsync(db)).FindAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task Deliver_TheSameEvidenceFileTwice_Exit2()
    {
        var (db, id) = await LedgerWithReservationAsync();
        var photo = _folder.File("photo.jpg");
        File.WriteAllText(photo, "x");
        var (code, _, error) = await RunCapturedAsync("ledger", "deliver", "--db", db, "--id", id.Value, "--actor", "donor-a", "--evidence", photo, "--evidence", photo);
        Assert.Equal(2, code);
        Assert.Contains("repeats", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReserveWithDeliverBy_ThenOverdue_ListsItOnceThePlannedDayHasPassed()
    {
        var db = _folder.File("ledger.db");
        var far = new NeedKey(Rt.Unit, Rt.Item, DistributionPeriod.Parse("2099-01"));
        await SeedAsync(await OpenAsync(db, migrate: true), far);
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DistributionPeriod.Zone).Date;
        var planned = NodaTime.Text.LocalDatePattern.Iso.Format(today.PlusDays(1));

        var (code, output, _) = await RunCapturedAsync("ledger", "reserve", "--db", db, "--collaborator", "donor-a", "--unit", far.Unit.ToString(), "--item", far.Item.Value,
            "--period", "2099-01", "--quantity", "3", "--key", "k1", "--deliver-by", planned, "--lifetime-hours", "720");
        Assert.Equal(0, code);
        var id = output.Trim();
        Assert.Equal(today.PlusDays(1), (await (await OpenAsync(db)).FindAsync(ReservationId.Parse(id), Ct))!.DeliverBy);

        Assert.Equal(2, (await RunCapturedAsync("ledger", "reserve", "--db", db, "--collaborator", "donor-a", "--unit", far.Unit.ToString(), "--item", far.Item.Value,
            "--period", "2099-01", "--quantity", "1", "--key", "k2", "--deliver-by", "01/02/2099")).Code);

        var (none, nothing, count) = await RunCapturedAsync("ledger", "overdue", "--db", db);
        Assert.Equal((0, string.Empty), (none, nothing));
        Assert.Contains("0 overdue commitments", count, StringComparison.Ordinal);

        var (late, json, _) = await RunCapturedAsync("ledger", "overdue", "--db", db, "--at", NodaTime.Text.LocalDatePattern.Iso.Format(today.PlusDays(4)), "--json");
        Assert.Equal(0, late);
        using var line = JsonDocument.Parse(json.Trim());
        Assert.Equal(id, line.RootElement.GetProperty("id").GetString());
        Assert.Equal(planned, line.RootElement.GetProperty("deliverBy").GetString());
        Assert.Equal(3, line.RootElement.GetProperty("daysOverdue").GetInt32());

        Assert.Equal(2, (await RunCapturedAsync("ledger", "overdue", "--db", db, "--at", "tomorrow")).Code);
    }
}
