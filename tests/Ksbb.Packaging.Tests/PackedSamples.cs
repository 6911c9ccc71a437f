using System.Xml.Linq;

namespace Ksbb.Packaging.Tests;

/// <summary>
/// Packs the libraries into a temp local feed and builds every sample there as a consumer would: a new project with
/// <c>PackageReference</c>s (from the sample's project references) and the sample's <c>Program.cs</c>. Nothing is written
/// into the repository: the build output goes to <c>--artifacts-path</c> in the temp folder, and the consumer restores
/// into its own temp <c>NUGET_PACKAGES</c> (so the same-version Ksbb packages never land in the user's cache), taking
/// other packages from the user's cache folder as a local source, then nuget.org.
/// </summary>
public sealed class PackedSamples : IDisposable
{
    /// <summary>Every library package.</summary>
    public static readonly string[] Libraries = ["Ksbb.Model", "Ksbb.Geo", "Ksbb.Allocation", "Ksbb.Ledger", "Ksbb.Ledger.PostgreSql", "Ksbb.Data.Jakarta", "Ksbb.Round", "Ksbb.Extensions.Hosting"];

    /// <summary>The packages the samples use.</summary>
    public static readonly string[] SampleLibraries = ["Ksbb.Model", "Ksbb.Geo", "Ksbb.Allocation", "Ksbb.Ledger"];

    public static readonly string[] Samples = ["Ksbb.Samples.Allocation", "Ksbb.Samples.Locate", "Ksbb.Samples.LedgerRequestLoop"];

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public PackedSamples()
    {
        Root = FindRoot();
        Temp = Directory.CreateTempSubdirectory("ksbb-packaging-").FullName;
        Feed = Path.Combine(Temp, "feed");
        Version = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").First().Value;

        // 1. Pack the libraries, as `dotnet pack -c Release -o artifacts` does, but into the temp folder. Analysers are
        //    skipped (they change no output; the CI build runs them) to keep this test within a few minutes.
        var solution = Path.Combine(Temp, "libraries.slnx");
        File.WriteAllText(solution, new XElement("Solution", Libraries.Select(l => new XElement("Project", new XAttribute("Path", Path.Combine(Root, "src", l, l + ".csproj"))))).ToString());
        DotNet.Run(Temp, null, Limit, "pack", solution, "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Temp, "pack"), "-p:RunAnalyzers=false");

        // 2. The consumer's world: NuGet.config, no inherited Directory.Build.props, one project per sample.
        var consumer = Path.Combine(Temp, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), NuGetConfig(Feed, UserPackagesFolder()));
        var projects = new List<XElement>();
        foreach (var sample in Samples)
        {
            var source = Path.Combine(Root, "samples", sample);
            var target = Path.Combine(consumer, sample);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source, "*.cs"))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }

            var references = XDocument.Load(Path.Combine(source, sample + ".csproj")).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray();
            Assert.NotEmpty(references);
            new XDocument(new XElement(
                "Project",
                new XAttribute("Sdk", "Microsoft.NET.Sdk"),
                new XElement(
                    "PropertyGroup",
                    new XElement("OutputType", "Exe"),
                    new XElement("TargetFramework", "net10.0"),
                    new XElement("Nullable", "enable"),
                    new XElement("ImplicitUsings", "enable")),
                new XElement("ItemGroup", references.Select(r => new XElement("PackageReference", new XAttribute("Include", r), new XAttribute("Version", Version))))))
                .Save(Path.Combine(target, sample + ".csproj"));
            projects.Add(new XElement("Project", new XAttribute("Path", Path.Combine(sample, sample + ".csproj"))));
        }

        File.WriteAllText(Path.Combine(consumer, "samples.slnx"), new XElement("Solution", projects).ToString());
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Temp, "nuget-packages") };
        BuildOutput = DotNet.Run(consumer, environment, Limit, "build", "samples.slnx", "-c", "Release");
        Consumer = consumer;
        Environment = environment;
    }

    public string Root { get; }

    public string Temp { get; }

    public string Feed { get; }

    public string Version { get; }

    public string Consumer { get; }

    public string BuildOutput { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Runs a sample's built program and returns what it printed.</summary>
    public string RunSample(string sample) =>
        DotNet.Run(Temp, Environment, TimeSpan.FromMinutes(3), Path.Combine(Consumer, sample, "bin", "Release", "net10.0", sample + ".dll"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Temp, recursive: true);
        }
        catch (IOException)
        {
            // A build node may still hold a file for a moment; the folder is in the temp directory either way.
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ksbb.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Ksbb.slnx not found above {AppContext.BaseDirectory}.");
    }

    private static string UserPackagesFolder() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string NuGetConfig(string feed, string userPackages) =>
        new XElement(
            "configuration",
            new XElement(
                "packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "ksbb"), new XAttribute("value", feed)),
                Directory.Exists(userPackages) ? new XElement("add", new XAttribute("key", "cache"), new XAttribute("value", userPackages)) : null,
                new XElement("add", new XAttribute("key", "nuget.org"), new XAttribute("value", "https://api.nuget.org/v3/index.json"))),
            new XElement(
                "packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "ksbb"), new XElement("package", new XAttribute("pattern", "Ksbb.*"))),
                Directory.Exists(userPackages) ? new XElement("packageSource", new XAttribute("key", "cache"), new XElement("package", new XAttribute("pattern", "*"))) : null,
                new XElement("packageSource", new XAttribute("key", "nuget.org"), new XElement("package", new XAttribute("pattern", "*")))))
        .ToString();
}
