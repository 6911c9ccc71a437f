using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>Collaborators per category (the programme's headline count).</summary>
internal sealed class CollaboratorsStep : IDemoStep
{
    public string Title => "Collaborators per category";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var report = CollaboratorCountReport.Create(context.Data.Collaborators);
        var table = new Table()
            .AddColumn("Kategori")
            .AddColumn("Category")
            .AddColumn(new TableColumn($"Published\n[dim]{PublishedFigures.CountedOn:d MMMM yyyy}[/]").RightAligned())
            .AddColumn(new TableColumn("Sample\n[dim]generated[/]").RightAligned());
        foreach (var (category, published) in PublishedFigures.CollaboratorsByCategory)
        {
            var entry = CollaboratorTaxonomy.Describe(category);
            table.AddRow(Markup.Escape(entry.Indonesian), Markup.Escape(entry.English), DemoContext.N(published), DemoContext.N(report.CountOf(category)));
        }

        table.AddRow("[bold]Jumlah[/]", "[bold]Total[/]", $"[bold]{DemoContext.N(PublishedFigures.Collaborators)}[/]", $"[bold]{DemoContext.N(report.Total)}[/]");
        context.Console.Write(table);
        var counts = string.Join(" + ", PublishedFigures.CollaboratorsByCategory.Select(c => c.Value));
        context.Console.WriteLine(
            $"As published for {PublishedFigures.CountedOn:d MMMM yyyy}: {PublishedFigures.Collaborators} = {counts} (no breakdown below the five categories was published). " +
            "The sample's collaborators, names and contacts are generated to that mix; contact details stay internal and the public file has names only.");
        return Task.CompletedTask;
    }
}
