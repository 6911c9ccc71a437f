using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ksbb.Extensions.Hosting;
using Ksbb.Ledger;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Pledges;
using Ksbb.Model.Needs;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Model.Distribution;

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

    /// <summary>The seeded aggregator that pooled pledges go through.</summary>
    public const string PooledVia = "gudang-pangan-bersama";

    /// <summary>The item and period of the seeded round.</summary>
    public static readonly ItemCode Item = ItemCode.Parse("pangan.paket-sembako");
    public static readonly DistributionPeriod Period = DistributionPeriod.Parse("2020-11");

    private readonly Dictionary<string, CollaboratorId> _byToken;
    private readonly Dictionary<CollaboratorId, string> _officerNames;

    private DemoRound(RoundDocument document, Dictionary<string, string> tokens)
    {
        Document = document;
        Households = document.Households.ToDictionary(p => RegionCode.Parse(p.Key), p => p.Value);
        Collaborators = document.Collaborators.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _byToken = tokens.ToDictionary(p => p.Value, p => CollaboratorId.Parse(p.Key), StringComparer.Ordinal);
        _officerNames = (document.Officers ?? []).ToDictionary(o => CollaboratorId.Parse(o.Id), o => o.Name);
    }

    public RoundDocument Document { get; }

    /// <summary>Generated households in need per RT (demo data, never real counts).</summary>
    public IReadOnlyDictionary<RegionCode, int> Households { get; }

    /// <summary>The seeded collaborators' records as generated (names for the plan's lines; the ledger holds the records that count).</summary>
    public IReadOnlyDictionary<string, CollaboratorRecord> Collaborators { get; }

    /// <summary>Finds who holds a development token (a collaborator or an officer; what it may do is the ledger's record).</summary>
    public CollaboratorId? FindByToken(string token) => _byToken.TryGetValue(token, out var id) ? id : null;

    /// <summary>An officer's display name (the ledger records officers by their grants, without names).</summary>
    public string? OfficerName(CollaboratorId id) => _officerNames.GetValueOrDefault(id);

    /// <summary>The pledges the seed opened for a collaborator (the ledger reads their state; it lists no pledges by collaborator).</summary>
    public IReadOnlyList<PledgeId> PledgesOf(string collaborator) =>
        Document.Pledges is { } pledges && pledges.TryGetValue(collaborator, out var ids) ? ids.Select(PledgeId.Parse).ToList() : [];

    /// <summary>Every pledge the seed opened.</summary>
    public IEnumerable<PledgeId> AllPledges => (Document.Pledges ?? new Dictionary<string, string[]>()).Values.SelectMany(ids => ids).Select(PledgeId.Parse);

    /// <summary>Loads the round of a data directory, seeding it first when the directory holds none.</summary>
    public static async Task<DemoRound> LoadOrSeedAsync(string dataDir, MapData map, int seed, ReservationLedger ledger, CancellationToken cancellationToken)
    {
        var roundPath = Path.Combine(dataDir, RoundFile);
        var tokensPath = Path.Combine(dataDir, TokensFile);
        if (!File.Exists(roundPath))
        {
            var document = Generate(map, seed);

            // The portal's own work runs as its system actor while the ledger records no roles (its set-up mode); the
            // roles come last, since once one is recorded the system actor may change nothing.
            var portal = LedgerActor.System("portal");
            Require(await ledger.SetCollaboratorsAsync(portal, document.Collaborators.Select(c => c.ToModel()), cancellationToken), "collaborators");
            Require(await ledger.SetNeedsAsync(portal, document.Households.Select(p => KeyValuePair.Create(new NeedKey(RegionCode.Parse(p.Key), Item, Period), (long)p.Value)), cancellationToken), "needs");

            // The aggregators (warehouses) that pooled pledges go through: the pooled round places what they hold.
            Require(await ledger.SetAggregatorsAsync(portal, (document.Aggregators ?? []).Select(a => a.ToModel(map)), cancellationToken), "aggregators");

            // Every active collaborator opens a pledge of food packages for the round, as itself: reservations may draw
            // on it; a pledge via an aggregator is pooled, and the operator's allocation run places it. The ledger
            // refuses a collaborator that is not active, so the seed asks only of those it records as active.
            var pledges = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
            await foreach (var collaborator in ledger.ReadCollaboratorsAsync(cancellationToken))
            {
                if (collaborator.Status != CollaboratorStatus.Active)
                {
                    continue;
                }

                var record = document.Collaborators.First(c => c.Id == collaborator.Id.Value);
                var via = record.PledgesVia is { } v ? AggregatorId.Parse(v) : (AggregatorId?)null;
                var pledged = Require(
                    await ledger.PledgeAsync(LedgerActor.Of(collaborator.Id), Item, Period, PledgeQuantity, IdempotencyKey.Parse($"seed-pledge:{collaborator.Id}"), via, cancellationToken: cancellationToken),
                    $"the demo pledge of '{collaborator.Id}'");
                pledges[collaborator.Id.Value] = [pledged.Pledge!.Id.Value];
            }

            // Last: the officers' roles, which the ledger applies (a verifier verifies only within its region). After
            // this the system actor has no authority, so a restart never seeds again (round.json says the seed completed).
            Require(await ledger.SetRolesAsync(portal, document.Officers!.Select(o => o.ToGrant()), cancellationToken), "roles");
            document = document with { Pledges = pledges };
            var tokens = document.Collaborators.Select(c => c.Id).Concat(document.Officers!.Select(o => o.Id))
                .ToDictionary(id => id, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), StringComparer.Ordinal);
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

    private static LedgerOutcome Require(LedgerOutcome outcome, string what) =>
        outcome.Refusal is { } refusal ? throw new InvalidOperationException($"Seeding {what} was refused: {refusal.Message}") : outcome;

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
            new("pt-sumber-pangan", "PT Sumber Pangan", "lembaga-usaha", "active", true, PooledVia),
        ];
        // A kelurahan officer verifies deliveries in the first kelurahan of the area; a city operator manages the area's needs.
        var kelurahan = map.RwLayer.Units.Select(u => u.Code).Where(map.Area.Contains).Order().First().AncestorAt(RegionLevel.Kelurahan);
        List<OfficerRecord> officers =
        [
            new("petugas-kelurahan", "Petugas Kelurahan (verifikator)", "verifier", kelurahan.ToString()),
            new("operator-kota", "Operator Kota", "operator", map.Area.ToString()),
        ];
        // One warehouse in the area pools pledges (its depot: a generated RW's point); it serves the whole area.
        var depot = rws[random.Next(rws.Count)];
        List<AggregatorRecord> aggregators = [new(PooledVia, "Gudang Pangan Bersama", depot.Code.ToString(), 2 * PledgeQuantity)];
        return new RoundDocument(
            "Demo round: RT boundaries are synthetic (split inside the real 2012 RWs), household counts and institutions are GENERATED, not real data.",
            map.Area.ToString(),
            seed,
            Item.ToString(),
            Period.ToString(),
            households,
            institutions,
            collaborators,
            officers,
            null,
            aggregators);
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
    IReadOnlyList<CollaboratorRecord> Collaborators,
    IReadOnlyList<OfficerRecord>? Officers = null,
    IDictionary<string, string[]>? Pledges = null,
    IReadOnlyList<AggregatorRecord>? Aggregators = null);

/// <summary>A development aggregator (a warehouse pooling pledges): its depot is the named RW's point, and it serves the round's area.</summary>
internal sealed record AggregatorRecord(string Id, string Name, string Depot, long Capacity)
{
    public Aggregator ToModel(MapData map) => Aggregator.Create(
        AggregatorId.Parse(Id),
        Name,
        map.TryGet(RegionCode.Parse(Depot), out var rw) ? rw.Centre : throw new InvalidDataException($"Aggregator '{Id}': depot {Depot} is not on the map."),
        Capacity,
        [map.Area]);
}

/// <summary>A development officer: a verifier or an operator within a region (its grant is seeded into the ledger).</summary>
internal sealed record OfficerRecord(string Id, string Name, string Role, string Scope)
{
    public RegionCode Region => RegionCode.Parse(Scope);

    public LedgerRole LedgerRole => Role == "operator" ? LedgerRole.Operator : LedgerRole.Verifier;

    public RoleGrant ToGrant() => LedgerRole == LedgerRole.Operator
        ? RoleGrant.Operator(CollaboratorId.Parse(Id), Region)
        : RoleGrant.Verifier(CollaboratorId.Parse(Id), Region);
}

/// <summary>An institution shown as a point (generated).</summary>
internal sealed record InstitutionRecord(string Id, string Name, string Kind, string Rw, double Longitude, double Latitude, int Residents);

/// <summary>A registered collaborator of the demo round; <c>PledgesVia</c> names the aggregator its seeded pledge goes through (pooled), if any.</summary>
internal sealed record CollaboratorRecord(string Id, string Name, string Category, string Status, bool PublishName, string? PledgesVia = null)
{
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
