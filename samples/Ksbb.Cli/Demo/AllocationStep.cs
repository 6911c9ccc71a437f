using Ksbb.Allocation;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>
/// Allocates the pooled food-package pledges (those given through an aggregator) over the open RT need with the
/// allocation engine. Direct donors choose for themselves whom to help: they reserve from the public map in the
/// reservation step, never through a central plan.
/// </summary>
internal sealed class AllocationStep : IDemoStep
{
    /// <summary>The key under which the result is left in <see cref="DemoContext.Results"/>.</summary>
    public const string ResultKey = "allocation";

    public string Title => "Allocation round: pooled food-package pledges via aggregators (pangan.paket-sembako)";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var period = DemoRound.PeriodOf(data);
        var needs = DemoRound.NeedsOf(data);
        var pledges = data.Pledges.Where(o => o.Item == DemoRound.Item && o.Period.Overlaps(period) && o.Channel == PledgeChannel.Aggregator).ToArray();
        var aggregators = data.Aggregators.Where(a => pledges.Any(o => o.Aggregator == a.Id)).ToArray();
        var problem = AllocationProblem.From(needs, unit => data.City[unit].Point, pledges, aggregators, AllocationPolicy.Default);

        context.Console.MarkupLine(
            $"Period [bold]{period}[/]: {DemoContext.N(problem.UnitCount)} RTs need {DemoContext.N(problem.TotalNeed)} packages; " +
            $"{DemoContext.N(pledges.Length)} pooled pledges bring {DemoContext.N(problem.TotalSupply)} ({aggregators.Length} aggregators).");

        AllocationResult? result = null;
        await context.RunWithProgressAsync("Allocating (exact min-cost max-flow)", progress =>
        {
            var reporter = new StageProgress(progress);
            result = new AllocationEngineBuilder().Build().Allocate(problem, reporter, cancellationToken);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var summary = result!.Summary;
        var table = new Table().AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Need", DemoContext.N(summary.Need));
        table.AddRow("Supply", DemoContext.N(summary.Supply));
        table.AddRow("Allocated", DemoContext.N(summary.Allocated));
        table.AddRow("Unmet need", DemoContext.N(summary.UnmetNeed));
        table.AddRow("Undistributed supply", DemoContext.N(summary.UndistributedSupply));
        table.AddRow("Minimum fill rate", summary.MinimumFillRate.ToString("P1", System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("Gini of fill rates", summary.Gini.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("Jain index of fill rates", summary.Jain.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("Allocation lines", DemoContext.N(result.Allocations.Count));
        context.Console.Write(table);

        var perKota = new Table().AddColumn("Kota").AddColumn(new TableColumn("Need").RightAligned()).AddColumn(new TableColumn("Allocated").RightAligned()).AddColumn(new TableColumn("Fill rate").RightAligned());
        foreach (var kota in data.City.Kota)
        {
            var need = needs.Where(n => kota.Code.Contains(n.Unit)).Sum(n => (long)n.Quantity);
            var allocated = result.Allocations.Where(l => kota.Code.Contains(l.Unit)).Sum(l => l.Quantity);
            perKota.AddRow(Markup.Escape(kota.Name), DemoContext.N(need), DemoContext.N(allocated), need == 0 ? "-" : ((double)allocated / need).ToString("P1", System.Globalization.CultureInfo.InvariantCulture));
        }

        context.Console.Write(perKota);

        if (result.Allocations.Count > 0)
        {
            var line = result.Allocations.OrderByDescending(l => l.Quantity).ThenBy(l => l.Unit).First();
            context.Console.MarkupLine("[bold]Why this line?[/] " + Markup.Escape(result.Explain(line.Pledge, line.Unit).Text));
        }

        foreach (var group in result.Unallocated.GroupBy(u => u.Reason).OrderBy(g => g.Key))
        {
            context.Console.MarkupLine($"Unallocated ({Markup.Escape(UnallocatedPledge.JsonName(group.Key))}): {group.Count()} offers, {DemoContext.N(group.Sum(u => u.Quantity))} items.");
        }

        context.Console.MarkupLine("A preview over the whole city's need: nothing is reserved here. On the ledger (below), the pooled round plans again from the ledger's state, after the donors have chosen.");
        var file = context.WriteFile("allocation-result.json", result.WriteTo);
        context.Console.MarkupLine($"Wrote [bold]{Markup.Escape(file.Name)}[/] (ksbb.allocation-result/1).");
        context.Results[ResultKey] = result;
    }

    /// <summary>Maps the engine's stages to a percentage for the progress bar.</summary>
    private sealed class StageProgress(IProgress<double> progress) : IProgress<AllocationProgress>
    {
        public void Report(AllocationProgress value) => progress.Report(value.Stage switch
        {
            AllocationStage.Building => 10,
            AllocationStage.Solving => 50,
            AllocationStage.Finishing => 90,
            _ => 100,
        });
    }
}
