using Ksbb.Model.Catalog;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>The catalogue's programmes with their status, opening date and items, as the catalogue records them.</summary>
internal sealed class ProgrammesStep : IDemoStep
{
    public string Title => "Programmes (the catalogue)";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumn("Programme").AddColumn("Status").AddColumn("Opened").AddColumn("Open until").AddColumn("Items");
        foreach (var programme in context.Data.Catalog.Programmes)
        {
            table.AddRow(
                Markup.Escape(programme.Name.Indonesian),
                Markup.Escape(ProgrammeCatalog.GetStatusCode(programme.Status)),
                programme.OpenedOn is { } opened ? opened.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) : "-",
                programme.OpenUntil is { } until ? until.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) : "-",
                Markup.Escape(programme.Items.Count == 0 ? "(not yet defined)" : string.Join(", ", programme.Items.Select(i => i.Name.Indonesian))));
        }

        context.Console.Write(table);
        context.Console.WriteLine("Statuses and dates as the catalogue records them (data, not code: new programmes arrive as catalogue files); \"-\" where the catalogue records no date. The ledger enforces them: items of a programme not yet open, closed, or outside its dates are refused by rule.");
        context.Console.WriteLine(
            $"Published (as of {PublishedFigures.CountedOn:d MMMM yyyy}): {DemoContext.N(PublishedFigures.Collaborators)} collaborators, {DemoContext.N(PublishedFigures.DevicesCollected)} devices collected for KSBB Pendidikan. " +
            "Every other figure below is generated (labelled so), from a seeded synthetic round.");
        return Task.CompletedTask;
    }
}
