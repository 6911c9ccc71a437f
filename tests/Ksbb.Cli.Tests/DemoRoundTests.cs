using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ksbb.Cli.Demo;
using Ksbb.Ledger;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Catalog;
using Ksbb.Model.Distribution;
using Ksbb.Model.Pledges;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Tests;

/// <summary>
/// The demo's round end to end: it runs once, and its printed ledger figures are checked against the ledger file and
/// the public export it wrote (read back independently of the demo's own code).
/// </summary>
public sealed partial class DemoRoundTests(DemoRoundFixture fixture) : IClassFixture<DemoRoundFixture>
{
    private readonly DirectoryInfo _out = fixture.Out;
    private readonly string _output = fixture.Output;

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private async Task<(List<Ksbb.Ledger.NeedState> Needs, IReadOnlyList<PledgeState> Pledges, List<Reservation> Reservations)> ReadLedgerAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        // As of the demo's last phase (two days after the round opened), so reservations held then still count.
        await using var store = SqliteLedgerStore.Open(Path.Combine(_out.FullName, "ledger.db"));
        var ledger = ReservationLedger.Create(store, new LedgerOptions { Clock = new FixedClock(SampleDataSet.AsOf + NodaTime.Duration.FromDays(2)) });
        var needs = new List<Ksbb.Ledger.NeedState>();
        await foreach (var state in ledger.ReadNeedsAsync(ct))
        {
            needs.Add(state);
        }

        var reservations = new List<Reservation>();
        await foreach (var reservation in ledger.ReadReservationsAsync(ct))
        {
            reservations.Add(reservation);
        }

        Assert.True((await ledger.VerifyChainAsync(ct)).IsIntact);
        return (needs, await ledger.ReadPledgesAsync(ct), reservations);
    }

    [Fact]
    public void Demo_PrintsTheRoundsSections_CatalogueDates_PublishedFigures_AndTheRulesByName()
    {
        foreach (var title in new[] { "KSBB Pendidikan round on the ledger", "KSBB Pangan round on the ledger: Jakarta Pusat", "Public export: who helps whom" })
        {
            Assert.Contains(title, _output, StringComparison.Ordinal);
        }

        Assert.Contains("Open until", _output, StringComparison.Ordinal);
        Assert.Contains($"Published (as of 26 November 2020): {PublishedFigures.Collaborators} collaborators, {N(PublishedFigures.DevicesCollected)} devices collected", _output, StringComparison.Ordinal);
        foreach (var rule in new[] { LedgerRule.PeriodOutsideProgramme, LedgerRule.AreaNotEligible, LedgerRule.BeneficiaryNotEligible })
        {
            Assert.Matches($"│ [^│]+│ {Regex.Escape(LedgerRules.Name(rule))} +│", _output);
        }

        Assert.Contains("Retry with the same idempotency key: Replayed", _output, StringComparison.Ordinal);
        Assert.Contains($"A donor verifying its own delivery: Refused ({LedgerRules.Name(LedgerRule.VerifierRoleRequired)}: ", _output, StringComparison.Ordinal);
        Assert.Contains("Only pooled pledges are placed by a plan; donors chose for themselves.", _output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_PendidikanFigures_AreTheLedgers_AndEveryCollectedDeviceIsPledged()
    {
        var (needs, pledges, _) = await ReadLedgerAsync();
        var card = ItemCode.Parse("pendidikan.kartu-internet-belajar");
        var devices = needs.Where(s => s.Key.Item.Programme == "pendidikan" && s.Key.Item != card).ToArray();
        var devicePledges = pledges.Where(p => p.Pledge.Item.Programme == "pendidikan").ToArray();
        Assert.Equal(PublishedFigures.DevicesCollected, devicePledges.Sum(p => p.Pledge.Quantity));
        var delivered = devices.Sum(s => s.Delivered);
        Assert.True(delivered > 1_000, $"only {delivered} devices were delivered");
        Assert.Contains(
            $"Ledger: devices pledged {N(devicePledges.Sum(p => p.Pledge.Quantity))}, reserved {N(devices.Sum(s => s.Reserved))}, delivered {N(delivered)}; " +
            $"Kartu Internet Belajar delivered {N(needs.Where(s => s.Key.Item == card).Sum(s => s.Delivered))}; left on pledges {N(devicePledges.Sum(p => p.Remaining))} ",
            _output,
            StringComparison.Ordinal);

        // Every student device went with its card: as many cards delivered as smartphones and tablets.
        var studentDevices = devices.Where(s => s.Key.Item.Value is "pendidikan.smartphone" or "pendidikan.tablet").Sum(s => s.Delivered);
        Assert.Equal(studentDevices, needs.Where(s => s.Key.Item == card).Sum(s => s.Delivered));
        Assert.All(needs, s => Assert.True(s.Reserved + s.Delivered <= s.Need, $"{s.Key} is over its need"));
    }

    [Fact]
    public async Task Demo_PooledRound_DrawsOnlyOnPooledPledges_AndThePanganFiguresAreTheLedgers()
    {
        var (needs, pledges, reservations) = await ReadLedgerAsync();
        var food = needs.Where(s => s.Key.Item.Value == "pangan.paket-sembako").ToArray();
        Assert.Contains($"Ledger: food packages reserved {N(food.Sum(s => s.Reserved))}, delivered {N(food.Sum(s => s.Delivered))} in {N(food.Length)} RTs", _output, StringComparison.Ordinal);

        // What the pooled plans reserved (keys "pool:…", devices and food, not the cards that follow a device) is
        // exactly what the pooled pledges have given; direct pledges gave exactly what their donors reserved.
        static long Drawn(IEnumerable<Reservation> rs) => rs
            .Where(r => r.Need.Item.Value != "pendidikan.kartu-internet-belajar")
            .Sum(r => r.Status switch
            {
                ReservationStatus.Reserved => r.Quantity,
                ReservationStatus.Delivered or ReservationStatus.Verified => r.DeliveredQuantity,
                _ => 0,
            });
        var pooled = reservations.Where(r => r.Key.Value.StartsWith("pool:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(pooled);
        Assert.Equal(pledges.Where(p => p.Pledge.Channel == PledgeChannel.Aggregator).Sum(p => p.Reserved + p.Delivered), Drawn(pooled));
        Assert.Equal(
            pledges.Where(p => p.Pledge.Channel == PledgeChannel.Direct).Sum(p => p.Reserved + p.Delivered),
            Drawn(reservations.Where(r => r.Key.Value.StartsWith("map:", StringComparison.Ordinal) || r.Key.Value.StartsWith("donor:", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Demo_PrintedStandings_AreThePublicExports_WithVerifiedDeliveriesThatCarryEvidence()
    {
        using var export = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "public-export.json"), TestContext.Current.CancellationToken));
        var counts = new Dictionary<(string Programme, string Standing), long>();
        foreach (var need in export.RootElement.GetProperty("needs").EnumerateArray())
        {
            if (need.GetProperty("deliveries") is { ValueKind: JsonValueKind.Object } deliveries)
            {
                var programme = need.GetProperty("item").GetString()!.Split('.')[0];
                foreach (var standing in deliveries.EnumerateObject())
                {
                    counts[(programme, standing.Name)] = counts.GetValueOrDefault((programme, standing.Name)) + standing.Value.GetInt64();
                }
            }
        }

        Assert.True(counts.GetValueOrDefault(("pangan", "verified-with-evidence")) > 0);
        var printed = StandingRow().Matches(_output).ToDictionary(m => (m.Groups[1].Value, m.Groups[2].Value), m => long.Parse(m.Groups[3].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(counts.OrderBy(c => c.Key), printed.OrderBy(c => c.Key));

        // The evidence files are labelled as generated.
        var evidence = new DirectoryInfo(Path.Combine(_out.FullName, "evidence")).GetFiles("handover-*.txt");
        Assert.NotEmpty(evidence);
        Assert.All(evidence, f => Assert.StartsWith("GENERATED", File.ReadAllText(f.FullName), StringComparison.Ordinal));
    }

    [GeneratedRegex(@"│ (pangan|pendidikan) +│ ([a-z-]+) +│ +([\d,]+) │")]
    private static partial Regex StandingRow();
}

/// <summary>Runs the demo once for <see cref="DemoRoundTests"/>.</summary>
public sealed class DemoRoundFixture : IAsyncLifetime
{
    /// <summary>Gets the demo's output folder.</summary>
    public DirectoryInfo Out { get; } = new(Path.Combine(Path.GetTempPath(), "ksbb-demo-round-" + Guid.NewGuid().ToString("N")));

    /// <summary>Gets what the demo printed.</summary>
    public string Output { get; private set; } = string.Empty;

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var writer = new StringWriter();
        var console = DemoCommandTests.PlainConsole(writer);
        console.Profile.Width = 1000; // one line per sentence, so figures can be matched whole
        Assert.Equal(0, await DemoRunner.RunAsync(console, SampleSeed.Default, Out, cancellationToken: TestContext.Current.CancellationToken));
        Output = writer.ToString();
    }

    public ValueTask DisposeAsync()
    {
        if (Out.Exists)
        {
            Out.Delete(recursive: true);
        }

        return ValueTask.CompletedTask;
    }

}
