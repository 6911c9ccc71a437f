using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ksbb.Allocation;
using nietras.SeparatedValues;
using Spectre.Console;

namespace Ksbb.Cli;

/// <summary>
/// <c>ksbb allocate --problem P.json --out R.json [--events E.jsonl [--log L.csv]]</c>: solves a
/// <c>ksbb.allocation-problem/1</c> document, then optionally applies JSON Lines changes one at a time, re-optimising after each.
/// </summary>
internal static class AllocateCommand
{
    public static Command Create()
    {
        var problemOption = new Option<FileInfo>("--problem") { Description = "The ksbb.allocation-problem/1 JSON file to solve.", Required = true };
        var outOption = new Option<FileInfo>("--out") { Description = "Where to write the ksbb.allocation-result/1 JSON (written only on success).", Required = true };
        var jsonOption = new Option<bool>("--json") { Description = "Print the summary as JSON on standard output instead of a table." };
        var eventsOption = new Option<FileInfo>("--events")
        {
            Description = "A JSON Lines file of changes applied in order after the first solve, re-optimising after each; --out gets the final result.",
        };
        var logOption = new Option<FileInfo>("--log") { Description = "With --events: where to write one CSV row per change: event,op,total,cost,microseconds." };
        var command = new Command(
            "allocate",
            """
            Allocate offers to units exactly: maximum total first, then fair fill rates and short deliveries (exit 2 names
            the JSON path of bad input). With --events, apply changes one per line after the first solve, each re-optimised
            from the previous optimum (exact, as a solve from scratch of the changed problem):
              {"op":"add-offer","offer":{...an offer object as in the problem...}}
              {"op":"remove-offer","id":"o-17"}
              {"op":"set-quantity","offer":"o-17","quantity":40}
              {"op":"set-need","unit":"31.71.01.1001.005.003","need":12}
              {"op":"set-capacity","aggregator":"agg-1","capacity":500}
            Blank lines are skipped. A bad event exits 2 naming the file, its line and the JSON path; nothing is written.
            Examples:
              ksbb allocate --problem problem.json --out result.json
              ksbb allocate --problem problem.json --out result.json --json
              ksbb allocate --problem problem.json --events changes.jsonl --out result.json --log changes.csv
            """);
        command.Options.Add(problemOption);
        command.Options.Add(outOption);
        command.Options.Add(jsonOption);
        command.Options.Add(eventsOption);
        command.Options.Add(logOption);
        command.Validators.Add(r =>
        {
            if (r.GetValue(logOption) is not null && r.GetValue(eventsOption) is null)
            {
                r.AddError("--log needs --events.");
            }
        });
        command.SetAction((ParseResult r, CancellationToken ct) =>
            RunAsync(r.GetValue(problemOption)!, r.GetValue(outOption)!, r.GetValue(jsonOption), r.GetValue(eventsOption), r.GetValue(logOption), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo problemFile, FileInfo outFile, bool json, FileInfo? eventsFile, FileInfo? logFile, CancellationToken cancellationToken)
    {
        var problem = Load(problemFile);
        var engine = AllocationEngine.Default;
        var interactive = !json && !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        AllocationResult result;
        if (eventsFile is not null)
        {
            var events = ReadEvents(eventsFile);
            var (online, log) = ApplyEvents(engine, problem, events, eventsFile, cancellationToken);
            result = online;
            Write(result, outFile);
            if (logFile is not null)
            {
                AtomicFile.Write(logFile, stream => WriteLog(stream, log));
            }
        }
        else if (interactive)
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

        if (eventsFile is null)
        {
            Write(result, outFile);
        }

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

    /// <summary>Reads every event of a JSON Lines file (blank lines skipped), naming the file, line and JSON path of a bad one.</summary>
    private static List<(int Line, AllocationChange Change)> ReadEvents(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliInputException($"{file.FullName}: file not found");
        }

        var events = new List<(int, AllocationChange)>();
        var line = 0;
        foreach (var text in File.ReadLines(file.FullName))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                events.Add((line, AllocationChange.Parse(text)));
            }
            catch (AllocationProblemException ex)
            {
                throw new CliInputException(string.Create(CultureInfo.InvariantCulture, $"{file.Name}: line {line}: {ex.Message}"), ex);
            }
        }

        return events;
    }

    /// <summary>Solves the problem, applies the events in order and returns the final result and one log row per event.</summary>
    private static (AllocationResult Result, List<LogRow> Log) ApplyEvents(
        AllocationEngine engine, AllocationProblem problem, List<(int Line, AllocationChange Change)> events, FileInfo file, CancellationToken cancellationToken)
    {
        var session = engine.StartOnline(problem, cancellationToken);
        var log = new List<LogRow>(events.Count);
        foreach (var (line, change) in events)
        {
            var start = Stopwatch.GetTimestamp();
            AllocationUpdate update;
            try
            {
                update = session.Apply(change, cancellationToken);
            }
            catch (AllocationProblemException ex)
            {
                throw new CliInputException(string.Create(CultureInfo.InvariantCulture, $"{file.Name}: line {line}: {ex.Message}"), ex);
            }

            var microseconds = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            log.Add(new LogRow(log.Count + 1, change.Op, update.Allocated, update.Cost, microseconds));
        }

        return (session.Result, log);
    }

    private readonly record struct LogRow(int Event, string Op, long Total, long Cost, long Microseconds);

    // The log's columns (a file contract): event (from 1), op, total and cost of the optimum after the event, and the
    // time the change took in microseconds.
    private static void WriteLog(Stream stream, List<LogRow> log)
    {
        using var text = new StreamWriter(stream, leaveOpen: true);
        using (var csv = Sep.New(',').Writer(o => o with { WriteHeader = false }).To(text, leaveOpen: true))
        {
            using (var header = csv.NewRow())
            {
                header[0].Set("event");
                header[1].Set("op");
                header[2].Set("total");
                header[3].Set("cost");
                header[4].Set("microseconds");
            }

            foreach (var row in log)
            {
                using var r = csv.NewRow();
                r[0].Format(row.Event);
                r[1].Set(row.Op);
                r[2].Format(row.Total);
                r[3].Format(row.Cost);
                r[4].Format(row.Microseconds);
            }
        }
    }

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
