using Ksbb.Ledger.Export;
using Ksbb.Model.Distribution;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>The round's public record: the hash chain checked, and the public export with each need's delivery standings.</summary>
internal sealed class PublicExportStep : IDemoStep
{
    public string Title => "Public export: who helps whom, and how each delivery stands";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var round = await DemoLedger.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var chain = await round.Ledger.VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        context.Console.MarkupLine($"Hash chain: {(chain.IsIntact ? "[green]intact[/]" : "[red]broken[/]")}, {DemoContext.N(chain.VerifiedCount)} events.");

        var export = await PublicExport.CreateAsync(round.Ledger, cancellationToken: cancellationToken).ConfigureAwait(false);
        var json = context.WriteFile("public-export.json", export.WriteJson);
        var csv = context.WriteFile("public-export-hxl.csv", stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            export.WriteHxlCsv(writer);
        });

        var table = new Table().AddColumn("Programme").AddColumn("Standing").AddColumn(new TableColumn("Deliveries").RightAligned());
        var standings = Enum.GetValues<DeliveryStanding>().Where(s => s != DeliveryStanding.None).Select(DeliveryProof.Code).ToArray();
        foreach (var programme in export.Needs.GroupBy(n => n.Item.Programme).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var standing in standings)
            {
                var count = programme.SelectMany(n => n.Deliveries ?? []).Where(d => d.Standing == standing).Sum(d => d.Count);
                if (count > 0)
                {
                    table.AddRow(Markup.Escape(programme.Key), Markup.Escape(standing), DemoContext.N(count));
                }
            }
        }

        context.Console.Write(table);
        context.Console.MarkupLine(
            $"Wrote [bold]{Markup.Escape(json.Name)}[/] and [bold]{Markup.Escape(csv.Name)}[/]: {DemoContext.N(export.Needs.Count)} needs, who helps whom, each delivery's standing " +
            "(verified with evidence when a verifier confirmed a delivery that carries evidence); no personal data, no evidence hashes, small household counts suppressed.");
    }
}
