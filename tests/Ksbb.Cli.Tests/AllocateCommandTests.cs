using System.CommandLine;
using Ksbb.Allocation;

namespace Ksbb.Cli.Tests;

/// <summary><c>ksbb allocate --events</c>: the JSON Lines contract, the log, and nothing written on a bad event.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class AllocateCommandTests : IDisposable
{
    private const string Problem = """
        { "schema": "ksbb.allocation-problem/1", "item": "pangan.paket-sembako",
          "units": [ { "code": "31.71.01.1001.002.003", "need": 42, "location": [106.8271, -6.1754] },
                     { "code": "31.73.01.1001.001.001", "need": 10, "location": [106.80, -6.15] } ],
          "aggregators": [ { "id": "agg-1", "depot": [106.80, -6.20], "capacity": 50, "serviceAreas": ["31.71", "31.73"] } ],
          "offers": [ { "id": "o-1", "collaborator": "c-17", "quantity": 30, "origin": [106.81, -6.21], "areas": ["31.71.01"] },
                      { "id": "o-2", "collaborator": "c-18", "quantity": 5, "via": "agg-1" } ] }
        """;

    private static readonly string[] GoodEvents =
    [
        """{"op":"add-offer","offer":{"id":"o-3","collaborator":"c-19","quantity":20,"via":"agg-1"}}""",
        "",
        """{"op":"set-need","unit":"31.73.01.1001.001.001","need":0}""",
        """{"op":"set-capacity","aggregator":"agg-1","capacity":3}""",
        """{"op":"set-quantity","offer":"o-1","quantity":40}""",
        """{"op":"remove-offer","id":"o-2"}""",
        """{"op":"set-need","unit":"31.73.01.1001.001.001","need":25}""",
        """{"op":"add-offer","offer":{"id":"o-4","collaborator":"c-20","quantity":7,"origin":[106.79,-6.14],"areas":["31.73"]}}""",
    ];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ksbb-allocate-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { AllocateCommand.Create() };
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await CommandRunner.InvokeAsync(root, ["allocate", .. args]);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Fact]
    public async Task Events_WriteTheFinalResultAndOneLogRowPerEvent()
    {
        File.WriteAllText(PathOf("p.json"), Problem);
        File.WriteAllLines(PathOf("e.jsonl"), GoodEvents);

        var (code, error) = await RunAsync("--problem", PathOf("p.json"), "--events", PathOf("e.jsonl"), "--out", PathOf("r.json"), "--log", PathOf("l.csv"));

        Assert.True(code == 0, error);
        var log = File.ReadAllLines(PathOf("l.csv"));
        Assert.Equal("event,op,total,cost,microseconds", log[0]);
        var rows = log.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(7, rows.Length);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], rows.Select(r => r[0]));
        Assert.Equal(["add-offer", "set-need", "set-capacity", "set-quantity", "remove-offer", "set-need", "add-offer"], rows.Select(r => r[1]));
        Assert.All(rows, r => Assert.True(long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture) >= 0));

        // The final result is the optimum of the changed problem: the same total and cost as a solve from scratch.
        var result = File.ReadAllBytes(PathOf("r.json"));
        var session = AllocationEngine.Default.StartOnline(AllocationProblem.Parse(Problem), TestContext.Current.CancellationToken);
        foreach (var line in GoodEvents.Where(l => l.Length > 0))
        {
            session.Apply(AllocationChange.Parse(line), TestContext.Current.CancellationToken);
        }

        var scratch = AllocationEngine.Default.Allocate(session.Problem, TestContext.Current.CancellationToken);
        Assert.Equal(session.Result.ToUtf8Json(), result);
        Assert.Equal($"{scratch.Summary.Allocated}", rows[^1][2]);
        Assert.Equal($"{scratch.Summary.Cost}", rows[^1][3]);
        Assert.Contains($"\"cost\": {scratch.Summary.Cost}", File.ReadAllText(PathOf("r.json")), StringComparison.Ordinal);

        // The same events give the same bytes.
        Assert.Equal(0, (await RunAsync("--problem", PathOf("p.json"), "--events", PathOf("e.jsonl"), "--out", PathOf("r2.json"))).Code);
        Assert.Equal(result, File.ReadAllBytes(PathOf("r2.json")));
    }

    [Theory]
    [InlineData("""{"op":"set-need","unit":"31.73.01.1001.001.001","need":-3}""", "line 3: $.need: must be >= 0")]
    [InlineData("""{"op":"remove-offer","id":"o-9"}""", "line 3: $.id: unknown offer 'o-9'")]
    [InlineData("""{"op":"add-offer","offer":{"id":"o-1","collaborator":"c","quantity":3}}""", "line 3: $.offer.id: duplicate offer id 'o-1'")]
    [InlineData("""{"op":"set-capacity","aggregator":"agg-7","capacity":3}""", "line 3: $.aggregator: unknown aggregator 'agg-7'")]
    [InlineData("""{"op":"set-need","unit":"31.71.01.1001.009.009","need":3}""", "line 3: $.unit: unknown unit")]
    [InlineData("""{"op":"set-quantity","offer":"o-1"}""", "line 3: $.quantity: missing")]
    [InlineData("""{"op":"grow","id":"o-1"}""", "line 3: $.op: unknown op")]
    [InlineData("""{"op":"add-offer","offer":{"id":"o-5","quantity":true}}""", "line 3: $.offer.quantity")]
    [InlineData("""{"op":"remove-offer",""", "line 3: $")]
    public async Task BadEvent_ExitsTwoNamingLineAndField_AndWritesNothing(string bad, string expected)
    {
        File.WriteAllText(PathOf("p.json"), Problem);
        File.WriteAllLines(PathOf("e.jsonl"), [GoodEvents[0], "", bad, GoodEvents[2]]);

        var (code, error) = await RunAsync("--problem", PathOf("p.json"), "--events", PathOf("e.jsonl"), "--out", PathOf("r.json"), "--log", PathOf("l.csv"));

        Assert.Equal(2, code);
        Assert.Contains($"e.jsonl: {expected}", error, StringComparison.Ordinal);
        Assert.Equal(["e.jsonl", "p.json"], _dir.EnumerateFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WithoutEvents_SolvesAsBefore()
    {
        File.WriteAllText(PathOf("p.json"), Problem);

        var (code, error) = await RunAsync("--problem", PathOf("p.json"), "--out", PathOf("r.json"));

        Assert.True(code == 0, error);
        var problem = AllocationProblem.Parse(Problem);
        Assert.Equal(AllocationEngine.Default.Allocate(problem, TestContext.Current.CancellationToken).ToUtf8Json(), File.ReadAllBytes(PathOf("r.json")));
    }

    [Fact]
    public async Task LogWithoutEvents_IsBadInput()
    {
        File.WriteAllText(PathOf("p.json"), Problem);
        var (code, _) = await RunAsync("--problem", PathOf("p.json"), "--out", PathOf("r.json"), "--log", PathOf("l.csv"));
        Assert.Equal(2, code);
        Assert.False(File.Exists(PathOf("r.json")));
    }
}
