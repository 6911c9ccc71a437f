using Ksbb.Model.Catalog;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>KSBB Pendidikan: devices collected against the students' and teachers' need.</summary>
internal sealed class DevicesStep : IDemoStep
{
    public string Title => "KSBB Pendidikan: devices collected";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var pendidikan = data.Catalog.GetProgramme("pendidikan");
        var table = new Table()
            .AddColumn("Device")
            .AddColumn("For")
            .AddColumn(new TableColumn("Pledged\n[dim]generated[/]").RightAligned())
            .AddColumn(new TableColumn("Need\n[dim]generated[/]").RightAligned());
        var bundled = 0L;
        foreach (var item in pendidikan.Items.Where(i => i.Bundles.Count > 0 || i.Recipient == "pendidik"))
        {
            var collected = data.Pledges.Where(o => o.Item == item.Code).Sum(o => o.Quantity);
            var need = data.Needs.Where(n => n.Item == item.Code).Sum(n => (long)n.Quantity);
            bundled += item.Bundles.Count > 0 ? collected : 0;
            table.AddRow(Markup.Escape(item.Name.Indonesian), Markup.Escape(item.Recipient), DemoContext.N(collected), DemoContext.N(need));
        }

        table.AddRow("[bold]Jumlah[/]", string.Empty, $"[bold]{DemoContext.N(data.DevicesCollected)}[/]", string.Empty);
        context.Console.Write(table);
        context.Console.WriteLine(
            $"Published: {DemoContext.N(PublishedFigures.DevicesCollected)} devices collected by the {PublishedFigures.CountedOn:d MMMM yyyy} launch. " +
            $"Generated: the sample splits {DemoContext.N(data.DevicesCollected)} pledged devices over the items and the need over RTs and RWs (no such split was published); " +
            $"{DemoContext.N(bundled)} student devices each come with a Kartu Internet Belajar Jakarta.");
        return Task.CompletedTask;
    }
}
