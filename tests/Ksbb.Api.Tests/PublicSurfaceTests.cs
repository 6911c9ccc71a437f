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

    // Ids a ledger command is about, by name: a collaborator, an actor, a pledge or pledge, an idempotency key.
    private static readonly string[] IdWords = ["collaborator", "actor", "pledge", "offer", "key"];

    // Not an id a command takes: the primary key of a tampered row, whichever table it is in (an event number, a need, a
    // reservation or a collaborator id), reported as the table holds it.
    private static readonly string[] StringKeysAllowed = ["Ksbb.Ledger.ChainVerification.Key"];

    // The ledger's reads: everything else on ReservationLedger changes state.
    private static readonly string[] ReadPrefixes = ["Get", "Read", "Find"];

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Theory]
    [InlineData("Ksbb.Ledger")]
    [InlineData("Ksbb.Round")]
    public void PublicMembers_TakeNoCollaboratorActorPledgePledgeOrKeyIdAsString(string library)
    {
        var offenders = new List<string>();
        foreach (var type in Load(library).GetExportedTypes())
        {
            foreach (var property in type.GetProperties(Declared).Where(p => IsStringId(p.Name, p.PropertyType) && !StringKeysAllowed.Contains($"{type.FullName}.{p.Name}")))
            {
                offenders.Add($"property {type.FullName}.{property.Name} is {Describe(property.PropertyType)}");
            }

            foreach (var method in type.GetMethods(Declared).Where(m => !m.IsSpecialName).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                foreach (var parameter in method.GetParameters().Where(p => IsStringId(p.Name ?? string.Empty, p.ParameterType)))
                {
                    offenders.Add($"parameter '{parameter.Name}' of {type.FullName}.{method.Name} is {Describe(parameter.ParameterType)}");
                }
            }
        }

        Assert.True(
            offenders.Count == 0,
            $"Public members of {library} take a collaborator, actor, pledge, offer or key id as a string; use the typed id (CollaboratorId, LedgerActor, OfferId, IdempotencyKey):\n  {string.Join("\n  ", offenders)}");
    }

    [Fact]
    public void ReservationLedger_EveryPublicStateChangingMethod_TakesALedgerActor()
    {
        var ledger = typeof(Ksbb.Ledger.ReservationLedger);
        var commands = ledger.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !ReadPrefixes.Any(p => m.Name.StartsWith(p, StringComparison.Ordinal)) && m.Name != "VerifyChainAsync")
            .ToList();
        Assert.Contains(commands, m => m.Name == "ReserveAsync");
        var offenders = commands
            .Where(m => m.GetParameters() is not [{ ParameterType: var first }, ..] || first != typeof(Ksbb.Ledger.LedgerActor))
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => $"{Describe(p.ParameterType)} {p.Name}"))})")
            .ToList();
        Assert.True(
            offenders.Count == 0,
            $"State-changing methods of ReservationLedger without a LedgerActor as their first parameter (every command names who sends it; reads are Get*, Read*, Find* and VerifyChainAsync):\n  {string.Join("\n  ", offenders)}");
        Assert.All(
            ledger.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.ReturnType == typeof(Task<Ksbb.Ledger.LedgerOutcome>)),
            m => Assert.True(commands.Contains(m), $"ReservationLedger.{m.Name} returns a LedgerOutcome, so it is a command: it must not be named as a read."));
    }

    private static bool IsStringId(string name, Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type.IsGenericType && type.GetGenericArguments() is [var only] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? only : type;
        return element == typeof(string) && IdWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;

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
