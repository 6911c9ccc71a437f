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
            .AddColumn(new TableColumn("Collaborators").RightAligned());
        foreach (var row in report.Rows)
        {
            table.AddRow(Markup.Escape(row.Entry.Indonesian), Markup.Escape(row.Entry.English), DemoContext.N(row.Count));
            if (row.Category == CollaboratorCategory.LsmOmsPbbUniversitas)
            {
                foreach (var subKind in CollaboratorTaxonomy.SubKinds)
                {
                    var entry = CollaboratorTaxonomy.Describe(subKind);
                    table.AddRow($"  [dim]{Markup.Escape(entry.Indonesian)}[/]", $"  [dim]{Markup.Escape(entry.English)}[/]", $"[dim]{DemoContext.N(report.CountOf(subKind))}[/]");
                }
            }
        }

        table.AddRow("[bold]Jumlah[/]", "[bold]Total[/]", $"[bold]{DemoContext.N(report.Total)}[/]");
        context.Console.Write(table);
        context.Console.WriteLine($"As counted on 26 November 2020: {report}. Contact details stay internal; the public file has names only.");
        return Task.CompletedTask;
    }
}
