using System.Reflection;
using System.Xml.Linq;

namespace Ksbb.Api.Tests;

/// <summary>
/// House rules checked over every published library by reflection: public classes are sealed unless they are a
/// deliberate extension point (abstract or static), public structs are read-only, and every public type has XML docs
/// in the shipped documentation file. The dependency direction is checked too: Model at the bottom, Geo, Allocation
/// and Ledger each on Model and never on each other.
/// </summary>
public class PublicSurfaceTests
{
    public static TheoryData<string> Libraries => new() { "Ksbb.Model", "Ksbb.Geo", "Ksbb.Allocation", "Ksbb.Ledger", "Ksbb.Data.Jakarta", "Ksbb.Round", "Ksbb.Extensions.Hosting" };

    private static Assembly Load(string name) => Assembly.Load(name);

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicClasses_AreSealedStaticOrAbstract(string library)
    {
        var offenders = Load(library).GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !typeof(Delegate).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(offenders.Count == 0, $"Unsealed public classes in {library}: {string.Join(", ", offenders)}");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicStructs_AreReadOnly(string library)
    {
        var offenders = Load(library).GetExportedTypes()
            .Where(t => t.IsValueType && !t.IsEnum && !t.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute), false))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(offenders.Count == 0, $"Mutable public structs in {library}: {string.Join(", ", offenders)}");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicTypes_AreDocumented(string library)
    {
        var assembly = Load(library);
        var xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{library} ships no XML documentation file at {xmlPath}.");
        var documented = XDocument.Load(xmlPath).Descendants("member")
            .Select(m => (string?)m.Attribute("name"))
            .Where(n => n is not null && n.StartsWith("T:", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var missing = assembly.GetExportedTypes()
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(n => !documented.Contains(n))
            .ToList();
        Assert.True(missing.Count == 0, $"Undocumented public types in {library}: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("Ksbb.Model", new string[0])]
    [InlineData("Ksbb.Geo", new[] { "Ksbb.Model" })]
    [InlineData("Ksbb.Allocation", new[] { "Ksbb.Model" })]
    [InlineData("Ksbb.Ledger", new[] { "Ksbb.Model" })]
    [InlineData("Ksbb.Data.Jakarta", new[] { "Ksbb.Geo", "Ksbb.Model" })]
    [InlineData("Ksbb.Round", new[] { "Ksbb.Allocation", "Ksbb.Ledger", "Ksbb.Model" })]
    [InlineData("Ksbb.Extensions.Hosting", new[] { "Ksbb.Allocation", "Ksbb.Geo", "Ksbb.Ledger", "Ksbb.Model", "Ksbb.Round" })]
    public void Dependencies_PointDownToModelOnly(string library, string[] allowed)
    {
        var ksbbReferences = Load(library).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Ksbb.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(allowed, ksbbReferences);
    }

    [Fact]
    public void HostingPackage_DependsOnNeitherNpgsqlNorThePostgreSqlProvider()
    {
        // The store providers are plug-ins: a SQLite host pulls in no PostgreSQL client (the assembly, and the project the package's dependencies come from).
        var references = Load("Ksbb.Extensions.Hosting").GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain("Npgsql", references);
        Assert.DoesNotContain("Ksbb.Ledger.PostgreSql", references);
        var project = XDocument.Load(Path.Combine(FindRepositoryRoot(), "src", "Ksbb.Extensions.Hosting", "Ksbb.Extensions.Hosting.csproj"));
        var included = project.Descendants().Select(e => (string?)e.Attribute("Include")).OfType<string>().ToList();
        Assert.DoesNotContain(included, i => i.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || i.Contains("PostgreSql", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Npgsql");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicApiFiles_ListEveryLibrarySymbolOnce(string library)
    {
        var root = FindRepositoryRoot();
        var lines = File.ReadAllLines(Path.Combine(root, "src", library, "PublicAPI.Unshipped.txt"))
            .Concat(File.ReadAllLines(Path.Combine(root, "src", library, "PublicAPI.Shipped.txt")))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, lines.Distinct(StringComparer.Ordinal).Count());
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ksbb.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Ksbb.slnx) was not found above the test assembly.");
    }
}
