using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ksbb.Allocation;
using Spectre.Console;

namespace Ksbb.Cli;

/// <summary><c>ksbb allocate --problem P.json --out R.json</c>: solves a <c>ksbb.allocation-problem/1</c> document.</summary>
internal static class AllocateCommand
{
    public static Command Create()
    {
        var problemOption = new Option<FileInfo>("--problem") { Description = "The ksbb.allocation-problem/1 JSON file to solve.", Required = true };
        var outOption = new Option<FileInfo>("--out") { Description = "Where to write the ksbb.allocation-result/1 JSON (written only on success).", Required = true };
        var jsonOption = new Option<bool>("--json") { Description = "Print the summary as JSON on standard output instead of a table." };
        var command = new Command(
            "allocate",
            """
            Allocate offers to units exactly: maximum total first, then fair fill rates and short deliveries (exit 2 names
            the JSON path of bad input). Examples:
              ksbb allocate --problem problem.json --out result.json
              ksbb allocate --problem problem.json --out result.json --json
            """);
        command.Options.Add(problemOption);
        command.Options.Add(outOption);
        command.Options.Add(jsonOption);
        command.SetAction((ParseResult r, CancellationToken ct) =>
            RunAsync(r.GetValue(problemOption)!, r.GetValue(outOption)!, r.GetValue(jsonOption), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo problemFile, FileInfo outFile, bool json, CancellationToken cancellationToken)
    {
        var problem = Load(problemFile);
        var engine = AllocationEngine.Default;
        var interactive = !json && !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        AllocationResult result;
        if (interactive)
        {
            var latest = new LatestProgress();
            var run = Task.Run(() => engine.Allocate(problem, latest, cancellationToken), cancellationToken);
            await AnsiConsole.Status().StartAsync("Building the flow network…", async ctx =>
            {
                while (!run.IsCompleted)
                {
                    var p = latest.Value;
                    ctx.Status(p.Stage switch
                    {
                        AllocationStage.Solving => string.Create(CultureInfo.InvariantCulture, $"Solving: {p.Nodes:N0} nodes, {p.Arcs:N0} arcs, {p.Pivots:N0} pivots…"),
                        AllocationStage.Finishing or AllocationStage.Completed => "Writing lines and metrics…",
                        _ => "Building the flow network…",
                    });
                    await Task.WhenAny(run, Task.Delay(150, cancellationToken)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            result = await run.ConfigureAwait(false);
        }
        else
        {
            result = engine.Allocate(problem, cancellationToken);
        }

        Write(result, outFile);
        var s = result.Summary;
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteNumber("allocated", s.Allocated);
            writer.WriteNumber("need", s.Need);
            writer.WriteNumber("supply", s.Supply);
            writer.WriteNumber("cost", s.Cost);
            writer.WriteNumber("unmetNeed", s.UnmetNeed);
            writer.WriteNumber("undistributedSupply", s.UndistributedSupply);
            writer.WriteNumber("minimumFillRate", s.MinimumFillRate);
            writer.WriteNumber("gini", s.Gini);
            writer.WriteNumber("jain", s.Jain);
            writer.WriteNumber("lines", result.Allocations.Count);
            writer.WriteNumber("unallocatedOffers", result.Unallocated.Count);
            writer.WriteEndObject();
            writer.Flush();
            await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        var c = CultureInfo.InvariantCulture;
        table.AddRow("allocated", s.Allocated.ToString("N0", c));
        table.AddRow("need", s.Need.ToString("N0", c));
        table.AddRow("supply", s.Supply.ToString("N0", c));
        table.AddRow("unmet need", s.UnmetNeed.ToString("N0", c));
        table.AddRow("undistributed supply", s.UndistributedSupply.ToString("N0", c));
        table.AddRow("minimum fill rate", s.MinimumFillRate.ToString("P1", c));
        table.AddRow("Gini / Jain of fill rates", string.Create(c, $"{s.Gini:F4} / {s.Jain:F4}"));
        table.AddRow("cost", s.Cost.ToString("N0", c));
        table.AddRow("lines / offers not fully allocated", string.Create(c, $"{result.Allocations.Count:N0} / {result.Unallocated.Count:N0}"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outFile.FullName)}[/]");
        return ExitCodes.Ok;
    }

    private static AllocationProblem Load(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliInputException($"{file.FullName}: file not found");
        }

        try
        {
            using var stream = file.OpenRead();
            return AllocationProblem.Load(stream);
        }
        catch (AllocationProblemException ex)
        {
            throw new CliInputException($"{file.Name}: {ex.Message}", ex);
        }
    }

    private static void Write(AllocationResult result, FileInfo outFile) => AtomicFile.Write(outFile, result.WriteTo);

    private sealed class LatestProgress : IProgress<AllocationProgress>
    {
        private readonly Lock _gate = new();
        private AllocationProgress _value;

        public AllocationProgress Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public void Report(AllocationProgress value)
        {
            lock (_gate)
            {
                _value = value;
            }
        }
    }
}
