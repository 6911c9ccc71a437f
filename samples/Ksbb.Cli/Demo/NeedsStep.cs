using Ksbb.Model.Regions;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>Need per kota and programme, in each programme's own units.</summary>
internal sealed class NeedsStep : IDemoStep
{
    public string Title => "Need per kota and programme (generated sample)";

    public Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        var programmes = data.Catalog.Programmes.Where(p => p.Items.Count > 0).ToArray();
        var totals = data.Needs
            .GroupBy(n => (Kota: n.Unit.AncestorAt(RegionLevel.Kota), n.Item.Programme))
            .ToDictionary(g => g.Key, g => g.Sum(n => (long)n.Quantity));
        var table = new Table().AddColumn("Kota");
        foreach (var programme in programmes)
        {
            var units = string.Join("/", programme.Items.Where(i => data.Needs.Any(n => n.Item == i.Code)).Select(i => i.Unit).Distinct());
            table.AddColumn(new TableColumn($"{Markup.Escape(DemoContext.ShortName(programme))}\n[dim]{Markup.Escape(units)}[/]").RightAligned());
        }

        foreach (var kota in data.City.Kota)
        {
            table.AddRow([Markup.Escape(kota.Name.Replace("Kota Administrasi ", string.Empty, StringComparison.Ordinal).Replace("Kabupaten Administrasi ", string.Empty, StringComparison.Ordinal)),
                .. programmes.Select(p => DemoContext.N(totals.GetValueOrDefault((kota.Code, p.Code))))]);
        }

        table.AddRow(["[bold]Jakarta[/]", .. programmes.Select(p => $"[bold]{DemoContext.N(totals.Where(t => t.Key.Programme == p.Code).Sum(t => t.Value))}[/]")]);
        context.Console.Write(table);
        var closed = data.Catalog.Programmes.Where(p => !p.IsOpen).Select(p => p.Name.Indonesian);
        context.Console.WriteLine($"Generated: {DemoContext.N(data.Needs.Count)} need records (food per RT; devices per RT/RW; UMKM per RW; settlement only in the {DemoContext.N(data.Cap2019.Count)} CAP 2019 RWs). Under discussion: {string.Join(", ", closed)}.");
        return Task.CompletedTask;
    }
}
