using System.CommandLine;
using Ksbb.Cli.Demo;
using Ksbb.SampleData;
using Spectre.Console;

namespace Ksbb.Cli;

internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed")
        {
            Description = $"Seed of the synthetic city and round; the same seed always gives the same data. Default: {SampleSeed.Default}.",
            DefaultValueFactory = _ => SampleSeed.Default,
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the files the demo writes (JSON documents; later maps, allocations and exports). Created if absent. Default: ./ksbb-demo.",
            DefaultValueFactory = _ => new DirectoryInfo("ksbb-demo"),
        };
        var city = new Option<DemoCity>("--city")
        {
            Description = "City the maps are drawn on: jakarta (the real 2012 RW boundaries from Ksbb.Data.Jakarta, with synthetic RTs inside them) or synthetic (the generated city of rectangles the round is built on). Default: jakarta.",
            DefaultValueFactory = _ => DemoCity.Jakarta,
        };
        var command = new Command(
            "demo",
            """
            Run a whole KSBB round on built-in synthetic data: a Jakarta-scale city (6 kota, 44 kecamatan, 267 kelurahan,
            about 2,700 RWs and 30,000 RTs), 222 collaborators, needs and offers. Prints collaborators per category, need
            per kota and programme, devices collected and offers by channel, and writes JSON documents and need maps
            to --out. The maps are drawn on real Jakarta RWs by default (each generated unit's figures go to the real
            unit holding its point; the data's ODbL/MIT notice is written beside them), or on the generated city with
            --city synthetic. Needs no files: it runs from a fresh clone. Examples:
              ksbb demo
              ksbb demo --seed 7 --out /tmp/round7
              ksbb demo --city synthetic
            """);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.Options.Add(city);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            DemoRunner.RunAsync(AnsiConsole.Console, result.GetValue(seed), result.GetValue(output)!, result.GetValue(city), cancellationToken: cancellationToken));
        return command;
    }
}
