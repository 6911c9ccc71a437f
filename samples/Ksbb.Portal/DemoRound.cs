using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ksbb.Extensions.Hosting;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;

namespace Ksbb.Portal;

/// <summary>The demo round a data directory holds: generated households per RT, institutions as points, the
/// collaborators and their development tokens. Seeded once, on an empty directory; read-only afterwards.</summary>
internal sealed class DemoRound
{
    public const string RoundFile = "round.json";
    public const string TokensFile = "dev-tokens.json";

    /// <summary>The food packages each active demo collaborator pledges when the round is seeded.</summary>
    public const long PledgeQuantity = 500;
    public const string LedgerFile = "ledger.db";

    /// <summary>The item and period of the seeded round.</summary>
    public static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");
    public static readonly DistributionPeriod Period = DistributionPeriod.Parse("2020-11");

    private readonly Dictionary<string, CollaboratorRecord> _byToken;

    private DemoRound(RoundDocument document, Dictionary<string, string> tokens)
    {
        Document = document;
        Households = document.Households.ToDictionary(p => RegionCode.Parse(p.Key), p => p.Value);
        Collaborators = document.Collaborators.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _byToken = tokens.Where(p => Collaborators.ContainsKey(p.Key)).ToDictionary(p => p.Value, p => Collaborators[p.Key], StringComparer.Ordinal);
    }

    public RoundDocument Document { get; }

    /// <summary>Generated households in need per RT (demo data, never real counts).</summary>
    public IReadOnlyDictionary<RegionCode, int> Households { get; }

    public IReadOnlyDictionary<string, CollaboratorRecord> Collaborators { get; }

    public CollaboratorRecord? FindByToken(string token) => _byToken.GetValueOrDefault(token);

    /// <summary>Loads the round of a data directory, seeding it first when the directory holds none.</summary>
    public static async Task<DemoRound> LoadOrSeedAsync(string dataDir, MapData map, int seed, LedgerRecorder recorder, CancellationToken cancellationToken)
    {
        var roundPath = Path.Combine(dataDir, RoundFile);
        var tokensPath = Path.Combine(dataDir, TokensFile);
        if (!File.Exists(roundPath))
        {
            var document = Generate(map, seed);
            var ledger = recorder.Ledger;
            await ledger.SetCollaboratorsAsync(document.Collaborators.Select(c => c.ToModel()), cancellationToken);
            await ledger.SetNeedsAsync(document.Households.Select(p => KeyValuePair.Create(new NeedKey(RegionCode.Parse(p.Key), Item, Period), (long)p.Value)), cancellationToken);

            // Every active collaborator opens a pledge of food packages for the round: reservations may draw on it.
            foreach (var collaborator in document.Collaborators.Where(c => c.IsActive))
            {
                var pledged = await ledger.PledgeAsync(CollaboratorId.Parse(collaborator.Id), Item, Period, PledgeQuantity, $"seed-pledge:{collaborator.Id}", cancellationToken: cancellationToken);
                if (pledged.Pledge is null)
                {
                    throw new InvalidOperationException($"The demo pledge of '{collaborator.Id}' was refused: {pledged.Rule}");
                }
            }
            var tokens = document.Collaborators.ToDictionary(c => c.Id, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), StringComparer.Ordinal);
            await WriteAtomicallyAsync(tokensPath, tokens, PortalJson.Default.DictionaryStringString, cancellationToken);

            // Written last: its presence says the seed completed.
            await WriteAtomicallyAsync(roundPath, document, PortalJson.Default.RoundDocument, cancellationToken);
        }

        await using var roundStream = File.OpenRead(roundPath);
        var round = await JsonSerializer.DeserializeAsync(roundStream, PortalJson.Default.RoundDocument, cancellationToken)
            ?? throw new InvalidDataException($"{roundPath}: empty.");
        await using var tokenStream = File.OpenRead(tokensPath);
        var tokenMap = await JsonSerializer.DeserializeAsync(tokenStream, PortalJson.Default.DictionaryStringString, cancellationToken) ?? [];
        return new DemoRound(round, tokenMap);
    }

    private static RoundDocument Generate(MapData map, int seed)
    {
        var random = new Random(seed);
        var households = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var rt in map.RtLayer.Units)
        {
            // About one RT in five has no households in need this round.
            if (random.Next(5) > 0)
            {
                households[rt.Code.ToString()] = 4 + random.Next(37);
            }
        }

        string[] kinds = ["panti-asuhan", "pesantren", "panti-werdha"];
        string[] names = ["Panti Asuhan Kasih Bunda", "Pondok Pesantren Al-Hikmah", "Panti Werdha Budi Mulia", "Panti Asuhan Harapan", "Pondok Pesantren Nurul Iman", "Panti Werdha Sejahtera"];
        var rws = map.RwLayer.Units.Where(u => map.Area.Contains(u.Code)).ToList();
        var institutions = names.Select((name, i) =>
        {
            var rw = rws[random.Next(rws.Count)];
            return new InstitutionRecord($"inst-{i + 1:D2}", name, kinds[i % kinds.Length], rw.Code.ToString(), rw.RepresentativePoint.Longitude, rw.RepresentativePoint.Latitude, 20 + random.Next(120));
        }).ToList();
        List<CollaboratorRecord> collaborators =
        [
            new("pt-maju-bersama", "PT Maju Bersama", "lembaga-usaha", "active", true),
            new("yayasan-peduli-sesama", "Yayasan Peduli Sesama", "lsm-oms-pbb-universitas", "active", true),
            new("warga-budi", "Budi (perorangan)", "perorangan", "active", false),
            new("cv-ditangguhkan", "CV Ditangguhkan", "lembaga-usaha", "suspended", true),
        ];
        return new RoundDocument(
            "Demo round: RT boundaries are synthetic (split inside the real 2012 RWs), household counts and institutions are GENERATED, not real data.",
            map.Area.ToString(),
            seed,
            Item.ToString(),
            Period.ToString(),
            households,
            institutions,
            collaborators);
    }

    private static async Task WriteAtomicallyAsync<T>(string path, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, value, type, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>The stored demo round.</summary>
internal sealed record RoundDocument(
    string Note,
    string Area,
    int Seed,
    string Item,
    string Period,
    IDictionary<string, int> Households,
    IReadOnlyList<InstitutionRecord> Institutions,
    IReadOnlyList<CollaboratorRecord> Collaborators);

/// <summary>An institution shown as a point (generated).</summary>
internal sealed record InstitutionRecord(string Id, string Name, string Kind, string Rw, double Longitude, double Latitude, int Residents);

/// <summary>A registered collaborator of the demo round.</summary>
internal sealed record CollaboratorRecord(string Id, string Name, string Category, string Status, bool PublishName)
{
    public bool IsActive => Status == "active";

    public Collaborator ToModel()
    {
        if (!CollaboratorTaxonomy.TryParseCategory(Category, out var category, out var error) || !CollaboratorTaxonomy.TryParseStatus(Status, out var status, out error))
        {
            throw new InvalidDataException($"Collaborator '{Id}': {error}");
        }

        return Collaborator.Create(CollaboratorId.Parse(Id), Name, category, publishName: PublishName, status: status);
    }
}

/// <summary>The portal's JSON types, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(RoundDocument))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PortalJson : JsonSerializerContext;
