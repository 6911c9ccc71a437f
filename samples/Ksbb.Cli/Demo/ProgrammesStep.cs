using Ksbb.Model.Catalog;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>The catalogue's programmes with their status, opening date and items, as the catalogue records them.</summary>
internal sealed class ProgrammesStep : IDemoStep
{
    public string Title => "Programmes (the catalogue)";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumn("Programme").AddColumn("Status").AddColumn("Opened").AddColumn("Items");
        foreach (var programme in context.Data.Catalog.Programmes)
        {
            table.AddRow(
                Markup.Escape(programme.Name.Indonesian),
                Markup.Escape(ProgrammeCatalog.GetStatusCode(programme.Status)),
                programme.OpenedOn is { } opened ? opened.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) : "-",
                Markup.Escape(programme.Items.Count == 0 ? "(not yet defined)" : string.Join(", ", programme.Items.Select(i => i.Name.Indonesian))));
        }

        context.Console.Write(table);
        context.Console.WriteLine("Statuses and dates as the catalogue records them (data, not code: new programmes arrive as catalogue files).");
        return Task.CompletedTask;
    }
}
