using System.Diagnostics.CodeAnalysis;
using Ksbb.Model.Documents;

namespace Ksbb.Model.Catalog;

/// <summary>
/// The programme catalogue: the KSBB programmes, their items and eligibility rules, as data. A built-in default
/// (<see cref="Default"/>) ships as an embedded <c>ksbb.catalog/1</c> JSON document; a host loads its own with
/// <see cref="Load(Stream)"/> and overlays it with <see cref="With"/>.
/// </summary>
/// <remarks>
/// New programmes arrive as data: a JSON document with one more programme, overlaid on the default, needs no code.
/// Immutable and thread-safe.
/// </remarks>
public sealed class ProgrammeCatalog
{
    private const string ResourceName = "Ksbb.Model.Catalog.default-catalog.json";
    private static readonly Lazy<ProgrammeCatalog> DefaultCatalog = new(LoadDefault);

    private readonly Programme[] _programmes;
    private readonly Dictionary<string, Programme> _byCode;
    private readonly Dictionary<ItemCode, (CatalogItem Item, Programme Programme)> _items;

    private ProgrammeCatalog(Programme[] programmes)
    {
        _programmes = programmes;
        _byCode = programmes.ToDictionary(p => p.Code, StringComparer.Ordinal);
        _items = programmes.SelectMany(p => p.Items.Select(i => (i, p))).ToDictionary(x => x.i.Code, x => (x.i, x.p));
    }

    /// <summary>Gets the built-in catalogue: Pangan, UMKM, Pendidikan, Penataan Permukiman, Persampahan and Tenaga Kerja as of November 2020.</summary>
    public static ProgrammeCatalog Default => DefaultCatalog.Value;

    /// <summary>Gets the programmes in catalogue order.</summary>
    public IReadOnlyList<Programme> Programmes => _programmes;

    /// <summary>Gets every item of every programme, in catalogue order.</summary>
    public IReadOnlyList<CatalogItem> Items => [.. _programmes.SelectMany(p => p.Items)];

    /// <summary>Builds a catalogue.</summary>
    /// <param name="programmes">The programmes; codes must be unique and every bundled item must be in the catalogue.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="ArgumentException">A programme code repeats or a bundle names an unknown item.</exception>
    public static ProgrammeCatalog Create(IEnumerable<Programme> programmes)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        var list = programmes.ToArray();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var programme in list)
        {
            ArgumentNullException.ThrowIfNull(programme, nameof(programmes));
            if (!codes.Add(programme.Code))
            {
                throw new ArgumentException($"Programme {programme.Code} appears twice.", nameof(programmes));
            }
        }

        var items = list.SelectMany(p => p.Items).Select(i => i.Code).ToHashSet();
        foreach (var item in list.SelectMany(p => p.Items))
        {
            foreach (var bundle in item.Bundles)
            {
                if (!items.Contains(bundle))
                {
                    throw new ArgumentException($"Item {item.Code} bundles {bundle}, which is not in the catalogue.", nameof(programmes));
                }
            }
        }

        return new ProgrammeCatalog(list);
    }

    /// <summary>Reads a <c>ksbb.catalog/1</c> document.</summary>
    /// <param name="utf8Json">The UTF-8 JSON stream.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="DocumentException">The document is malformed or breaks a rule; the message starts with the JSON path.</exception>
    public static ProgrammeCatalog Load(Stream utf8Json) => CatalogDocument.Read(utf8Json);

    /// <summary>Reads a <c>ksbb.catalog/1</c> document from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the file name and JSON path.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ProgrammeCatalog Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        try
        {
            return Load(stream);
        }
        catch (DocumentException ex)
        {
            throw new DocumentException(ex.Path ?? "$", $"{ex.Detail} (in {Path.GetFileName(path)})", ex);
        }
    }

    /// <summary>Reads a <c>ksbb.catalog/1</c> document from a string.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static ProgrammeCatalog Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Load(stream);
    }

    /// <summary>Writes this catalogue as a <c>ksbb.catalog/1</c> document (UTF-8, indented).</summary>
    /// <param name="utf8Json">The stream to write to.</param>
    public void WriteTo(Stream utf8Json) => CatalogDocument.Write(utf8Json, this);

    /// <summary>Returns a catalogue with another's programmes laid over this one's: a programme with the same code is replaced, a new one is appended.</summary>
    /// <param name="overlay">The overriding catalogue, for example loaded from a host's file.</param>
    /// <returns>The combined catalogue.</returns>
    /// <exception cref="ArgumentException">The result breaks a catalogue rule (a bundle names a removed item).</exception>
    public ProgrammeCatalog With(ProgrammeCatalog overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var merged = _programmes.Select(p => overlay._byCode.TryGetValue(p.Code, out var o) ? o : p)
            .Concat(overlay._programmes.Where(p => !_byCode.ContainsKey(p.Code)));
        return Create(merged);
    }

    /// <summary>Tries to find a programme by code.</summary>
    /// <param name="code">The programme code, for example <c>pangan</c>.</param>
    /// <param name="programme">The programme, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetProgramme(string code, [NotNullWhen(true)] out Programme? programme) => _byCode.TryGetValue(code, out programme);

    /// <summary>Returns a programme by code.</summary>
    /// <param name="code">The programme code.</param>
    /// <returns>The programme.</returns>
    /// <exception cref="KeyNotFoundException">No programme has that code.</exception>
    public Programme GetProgramme(string code) =>
        _byCode.TryGetValue(code, out var p) ? p : throw new KeyNotFoundException($"Programme '{code}' is not in the catalogue.");

    /// <summary>Tries to find an item and its programme.</summary>
    /// <param name="code">The item code.</param>
    /// <param name="item">The item, or <see langword="null"/>.</param>
    /// <param name="programme">The item's programme, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetItem(ItemCode code, [NotNullWhen(true)] out CatalogItem? item, [NotNullWhen(true)] out Programme? programme)
    {
        if (!code.IsDefault && _items.TryGetValue(code, out var entry))
        {
            (item, programme) = entry;
            return true;
        }

        item = null;
        programme = null;
        return false;
    }

    /// <summary>Returns an item by code.</summary>
    /// <param name="code">The item code.</param>
    /// <returns>The item.</returns>
    /// <exception cref="KeyNotFoundException">No item has that code.</exception>
    public CatalogItem GetItem(ItemCode code) =>
        TryGetItem(code, out var item, out _) ? item : throw new KeyNotFoundException($"Item '{code}' is not in the catalogue.");

    /// <summary>Returns the catalogue code of a status: <c>open</c>, <c>under-discussion</c> or <c>closed</c> (<c>none</c> for the default).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The code, as catalogue documents write it.</returns>
    public static string GetStatusCode(ProgrammeStatus status) => status switch
    {
        ProgrammeStatus.Open => "open",
        ProgrammeStatus.UnderDiscussion => "under-discussion",
        ProgrammeStatus.Closed => "closed",
        _ => "none",
    };

    internal static bool TryParseStatus(string? code, out ProgrammeStatus status)
    {
        status = code switch
        {
            "open" => ProgrammeStatus.Open,
            "under-discussion" => ProgrammeStatus.UnderDiscussion,
            "closed" => ProgrammeStatus.Closed,
            _ => ProgrammeStatus.None,
        };
        return status != ProgrammeStatus.None;
    }

    private static ProgrammeCatalog LoadDefault()
    {
        using var stream = typeof(ProgrammeCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from Ksbb.Model.");
        return Load(stream);
    }

    /// <summary>Returns the programme codes.</summary>
    /// <returns>For example <c>pangan, umkm, pendidikan, …</c>.</returns>
    public override string ToString() => string.Join(", ", _programmes.Select(p => p.Code));
}
