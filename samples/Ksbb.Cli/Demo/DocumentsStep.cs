using Ksbb.Model.Documents;
using Spectre.Console;

namespace Ksbb.Cli.Demo;

/// <summary>Writes the round as Ksbb JSON documents (the public ones only: no contact details leave the demo).</summary>
internal sealed class DocumentsStep : IDemoStep
{
    public string Title => "Documents";

    public async Task RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var data = context.Data;
        (string File, Action<Stream> Write)[] documents =
        [
            ("catalog.json", data.Catalog.WriteTo),
            ("collaborators-public.json", s => KsbbDocuments.WritePublicCollaborators(s, data.Collaborators.Select(c => c.ToPublic()))),
            ("aggregators.json", s => KsbbDocuments.WriteAggregators(s, data.Aggregators)),
            ("offers.json", s => KsbbDocuments.WritePledges(s, data.Pledges)),
            ("needs.json", s => KsbbDocuments.WriteNeeds(s, data.Needs)),
            ("area-lists.json", s => KsbbDocuments.WriteAreaLists(s, [data.Cap2019])),
        ];
        var written = new List<FileInfo>();
        await context.RunWithProgressAsync($"Writing {documents.Length} JSON documents", progress =>
        {
            for (var i = 0; i < documents.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                written.Add(context.WriteFile(documents[i].File, documents[i].Write));
                progress.Report(100.0 * (i + 1) / documents.Length);
            }

            return Task.CompletedTask;
        }).ConfigureAwait(false);

        foreach (var file in written)
        {
            context.Console.WriteLine($"  {Path.GetRelativePath(Environment.CurrentDirectory, file.FullName)} ({DemoContext.N(file.Length / 1024)} KiB)");
        }
    }
}
