using Ksbb.Model.Pledges;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>Pledges by channel, and the aggregators that carry the indirect ones.</summary>
internal sealed class PledgesStep : IDemoStep
{
    public string Title => "Offers by channel";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var programmes = data.Catalog.Programmes.Where(p => p.Items.Count > 0).ToArray();
        var table = new Table().AddColumn("Channel").AddColumn(new TableColumn("Offers").RightAligned()).AddColumn(new TableColumn("Donors").RightAligned());
        foreach (var programme in programmes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(DemoContext.ShortName(programme))).RightAligned());
        }

        foreach (var channel in new[] { PledgeChannel.Direct, PledgeChannel.Aggregator })
        {
            var pledges = data.Pledges.Where(o => o.Channel == channel).ToArray();
            table.AddRow([channel == PledgeChannel.Direct ? "Direct" : "Via aggregator",
                DemoContext.N(pledges.Length), DemoContext.N(pledges.Select(o => o.Collaborator).Distinct().Count()),
                .. programmes.Select(p => DemoContext.N(pledges.Where(o => o.Item.Programme == p.Code).Sum(o => (long)o.Quantity)))]);
        }

        context.Console.Write(table);

        var aggregators = new Table().AddColumn("Aggregator").AddColumn("Service areas").AddColumn(new TableColumn("Capacity").RightAligned()).AddColumn(new TableColumn("Items pledged via").RightAligned());
        foreach (var aggregator in data.Aggregators)
        {
            var via = data.Pledges.Where(o => o.Aggregator == aggregator.Id).Sum(o => (long)o.Quantity);
            var areas = aggregator.ServiceAreas.Count == 0 ? "all of Jakarta" : string.Join(", ", aggregator.ServiceAreas);
            aggregators.AddRow(Markup.Escape($"{aggregator.Id} {aggregator.Name}"), Markup.Escape(areas), DemoContext.N(aggregator.Capacity), DemoContext.N(via));
        }

        context.Console.Write(aggregators);
        return Task.CompletedTask;
    }
}
