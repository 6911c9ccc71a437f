using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>Generates the synthetic city and round, and says how big it is.</summary>
internal sealed class SampleDataStep : IDemoStep
{
    public string Title => "Sample city";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        await context.RunWithProgressAsync("Generating the synthetic city, collaborators, needs and offers", progress =>
        {
            context.Data = SampleGenerator.Generate(context.Seed, new InlineProgress(p => progress.Report(100.0 * p.Completed / p.Total)));
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var city = context.Data.City;
        var table = new Table().AddColumn("Level").AddColumn(new TableColumn("Units").RightAligned()).AddColumn("Example");
        foreach (var (level, units) in new[] { ("Kota", city.Kota), ("Kecamatan", city.Kecamatan), ("Kelurahan", city.Kelurahan), ("RW", city.Rws), ("RT", city.Rts) })
        {
            var example = units[units.Count / 2];
            table.AddRow(level, DemoContext.N(units.Count), Markup.Escape($"{example.Code} {example.Name}"));
        }

        context.Console.Write(table);
        context.Console.WriteLine($"Households: {DemoContext.N(city.Units[0].Households)}. Names below kota level are synthetic; kota codes and names are Kemendagri's.");
    }

    private sealed class InlineProgress(Action<SampleProgress> report) : IProgress<SampleProgress>
    {
        public void Report(SampleProgress value) => report(value);
    }
}
