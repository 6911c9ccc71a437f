using System.CommandLine;
using System.Globalization;
using Ksbb.Allocation;
using Ksbb.Data.Jakarta;
using Ksbb.Geo;
using Ksbb.Model.Catalog;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Round;

namespace Ksbb.Cli.Ledger;

/// <summary>
/// <c>ksbb ledger allocate --db F --item I --period P [--boundaries FILE --key PROPERTY] [--out PLAN.json] [--commit]</c>:
/// the pooled round (<see cref="PooledRound"/>) on the ledger's state; a dry run unless <c>--commit</c>.
/// </summary>
internal static class LedgerAllocateCommand
{
    public static Command Create(Option<FileInfo> db)
    {
        var item = new Option<string>("--item") { Description = "The item code, for example pangan.paket-sembako.", Required = true };
        var period = new Option<string>("--period") { Description = "The period of the needs, for example 2020-11; pooled pledges of an overlapping period are drawn on.", Required = true };
        var boundaries = new Option<FileInfo?>("--boundaries") { Description = "Boundary file (GeoJSON or .shp) whose units place the needs for the distances; default: the embedded Jakarta RW layer. An RT or institution is placed at its RW." };
        var key = new Option<string?>("--key") { Description = "With --boundaries: the feature property holding each unit's region code (for example kode)." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the plan (ksbb.pooled-plan/1 JSON)." };
        var commit = new Option<bool>("--commit") { Description = "Reserve the plan's lines in the ledger (without it: a dry run that only prints and writes the plan)." };
        var actor = new Option<string?>("--actor") { Description = $"With --commit, who commits the plan: once the ledger records roles, an operator whose region holds the line's unit (or the actor of the line's aggregator); a line it may not reserve is refused naming the rule, exit 3 when every line is. Default: the CLI's system actor (system/{ActorOptions.SystemName}), which places others' pledges only while no roles are recorded (set-up mode)." };
        var command = new Command(
            "allocate",
            """
            Spread the pooled pledges (those via an aggregator) over what remains of the needs of one item and period after
            the donors' own reservations and deliveries, exactly and fairly (maximum coverage, then even fill rates, then
            short trips); direct pledges are never drawn. A dry run prints the plan (and writes it with --out); --commit
            reserves each line drawing on its pledge under a key derived from the plan, so repeating the command after a
            crash never reserves twice. Prints the counts of reserved, replayed and refused lines; a refused line (a need
            taken meanwhile) is reported with its rule, and exit 3 means no line could be committed. Examples:
              ksbb ledger allocate --db ledger.db --item pangan.paket-sembako --period 2020-11 --out plan.json
              ksbb ledger allocate --db ledger.db --item pangan.paket-sembako --period 2020-11 --commit
              ksbb ledger allocate --db ledger.db --item pangan.paket-sembako --period 2020-11 --commit --actor operator-gambir
            """)
        {
            db, item, period, boundaries, key, output, commit, actor,
        };
        command.SetAction(async (r, ct) =>
        {
            if (!ItemCode.TryParse(r.GetValue(item), out var code, out var error))
            {
                throw new CliInputException($"--item: {error}");
            }

            if (!DistributionPeriod.TryParse(r.GetValue(period), out var when, out error))
            {
                throw new CliInputException($"--period: {error}");
            }

            var committer = ActorOptions.Parse(r.GetValue(actor));
            if ((r.GetValue(boundaries) is null) != (r.GetValue(key) is null))
            {
                throw new CliInputException("--boundaries and --key go together: the file, and the property holding each unit's region code.");
            }

            var layer = r.GetValue(boundaries) is { } file
                ? GeoCommandSupport.LoadBoundaries(file, FeatureKeying.ByCodeProperty(r.GetValue(key)!))
                : JakartaData.LoadRwLayer();
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(db)!, create: false, ct: ct).ConfigureAwait(false);
            var round = new PooledRound(ledger, unit => layer.TryGetPosition(unit, out var point)
                ? point
                : throw new CliInputException($"need {unit} {code} {when}: neither the unit nor an area holding it is a unit of {layer.Name}; give --boundaries with a layer that holds it."));
            PooledPlan plan;
            try
            {
                plan = await round.PlanAsync(code, when, ct).ConfigureAwait(false);
            }
            catch (AllocationProblemException ex)
            {
                throw new CliInputException($"{code} {when}: {ex.Message}", ex);
            }

            var c = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(c, $"{code} {when}: remaining need {plan.Need}, pooled supply {plan.Supply}; plan {plan.Allocated} in {plan.Lines.Count} lines, cost {plan.Cost}, fingerprint {plan.Fingerprint}"));
            foreach (var line in plan.Lines)
            {
                Console.Out.WriteLine(string.Create(c, $"  {line.Pledge} ({line.Collaborator} via {line.Aggregator}) -> {line.Need.Unit} x{line.Quantity}, {line.Distance / 10.0:F1} km"));
            }

            if (r.GetValue(output) is { } target)
            {
                AtomicFile.Write(target, plan.WriteTo);
                Console.Out.WriteLine($"wrote {target.FullName}");
            }

            if (!r.GetValue(commit))
            {
                Console.Out.WriteLine("dry run: nothing reserved (add --commit to reserve the plan)");
                return ExitCodes.Ok;
            }

            var done = await round.CommitAsync(plan, committer, ct).ConfigureAwait(false);
            foreach (var refused in done.Lines.Where(l => !l.Succeeded))
            {
                Console.Error.WriteLine($"refused: {refused.Line.Pledge} -> {refused.Line.Need.Unit} x{refused.Line.Quantity}: {refused.Reason}");
            }

            Console.Out.WriteLine(string.Create(c, $"committed: {done.Reserved} reserved, {done.Replayed} replayed, {done.Refused} refused ({done.Quantity} of {plan.Allocated} held)"));
            return plan.Lines.Count > 0 && done.Refused == plan.Lines.Count ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }
}
