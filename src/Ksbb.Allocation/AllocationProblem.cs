using System.Globalization;
using System.Text.Json;
using Ksbb.Allocation.Json;
using Ksbb.Model.Catalog;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;

namespace Ksbb.Allocation;

/// <summary>
/// A validated allocation problem (<c>ksbb.allocation-problem/1</c>): the open need per unit for one item, the
/// aggregators and the pledges of collaborators.
/// </summary>
/// <remarks>
/// Build one from the domain's types with <see cref="From"/> or read one with <see cref="Parse(ReadOnlySpan{byte})"/>; both reject bad input
/// with an <see cref="AllocationProblemException"/> that names the JSON path. Immutable and thread-safe.
/// </remarks>
public sealed class AllocationProblem
{
    /// <summary>The schema name of the problem document.</summary>
    public const string Schema = "ksbb.allocation-problem/1";

    private readonly Dictionary<string, int> _pledgeIndex;
    private readonly Dictionary<RegionCode, int> _unitIndex;
    private readonly Dictionary<string, int> _aggregatorIndex;

    private AllocationProblem(
        ItemCode item,
        AllocationPolicy policy,
        SolverUnit[] units,
        SolverAggregator[] aggregators,
        SolverPledge[] pledges,
        Dictionary<RegionCode, int> unitIndex,
        Dictionary<string, int> aggregatorIndex,
        Dictionary<string, int> pledgeIndex,
        long totalNeed,
        long totalSupply)
    {
        Item = item;
        Policy = policy;
        Units = units;
        Aggregators = aggregators;
        Pledges = pledges;
        _unitIndex = unitIndex;
        _aggregatorIndex = aggregatorIndex;
        _pledgeIndex = pledgeIndex;
        TotalNeed = totalNeed;
        TotalSupply = totalSupply;
    }

    /// <summary>Gets the item being allocated.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets the fairness policy.</summary>
    public AllocationPolicy Policy { get; }

    /// <summary>Gets the number of units with need (RTs, RWs or institutions).</summary>
    public int UnitCount => Units.Count;

    /// <summary>Gets the number of aggregators.</summary>
    public int AggregatorCount => Aggregators.Count;

    /// <summary>Gets the number of pledges.</summary>
    public int PledgeCount => Pledges.Count;

    internal IReadOnlyList<SolverUnit> Units { get; }

    internal IReadOnlyList<SolverAggregator> Aggregators { get; }

    internal IReadOnlyList<SolverPledge> Pledges { get; }

    /// <summary>Gets the sum of the units' need.</summary>
    public long TotalNeed { get; }

    /// <summary>Gets the sum of the pledges' quantities.</summary>
    public long TotalSupply { get; }

    internal int IndexOfUnit(RegionCode code) => _unitIndex.TryGetValue(code, out var i) ? i : -1;

    internal int IndexOfPledge(string id) => _pledgeIndex.TryGetValue(id, out var i) ? i : -1;

    internal int IndexOfAggregator(string id) => _aggregatorIndex.TryGetValue(id, out var i) ? i : -1;

    // The largest haversine distance on the sphere (half the circumference) in hectometres, rounded up.
    internal const long MaxDistance = 200_152;

    /// <summary>
    /// Builds a problem from the domain's vocabulary: the open needs of one item and period, the pledges (pledges) to
    /// allocate and the aggregators they go through. This is the one adapter from Ksbb.Model to the solver.
    /// </summary>
    /// <param name="needs">The open needs, all of one item and period, one per unit; a unit's quantity is what is left to cover.</param>
    /// <param name="locate">Where each unit is (its centroid, or an institution's point): distances are measured to it.</param>
    /// <param name="pledges">The pledges to allocate, of the needs' item and a period that overlaps theirs.</param>
    /// <param name="aggregators">The aggregators; every aggregator a pledge goes through must be here.</param>
    /// <param name="policy">The fairness policy, or <see langword="null"/> for <see cref="AllocationPolicy.Default"/>.</param>
    /// <returns>The problem, validated as a <c>ksbb.allocation-problem/1</c> document is.</returns>
    /// <remarks>
    /// Ids become the document's strings (<see cref="Ksbb.Model.Pledges.PledgeId"/> and the others' text); a direct
    /// pledge keeps its origin and eligible areas, a pledge via an aggregator is routed through it.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument or element is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">
    /// No needs; needs of several items or periods; a pledge of another item or a period that does not overlap; a
    /// duplicate unit, aggregator or pledge; an unknown aggregator; or totals that would overflow. The path names the
    /// offending element as <c>needs[i]</c>, <c>offers[i]</c> or <c>aggregators[i]</c>.
    /// </exception>
    public static AllocationProblem From(
        IEnumerable<Need> needs,
        Func<RegionCode, GeoPoint> locate,
        IEnumerable<Pledge> pledges,
        IEnumerable<Aggregator> aggregators,
        AllocationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(locate);
        ArgumentNullException.ThrowIfNull(pledges);
        ArgumentNullException.ThrowIfNull(aggregators);
        var needArray = needs.ToArray();
        if (needArray.Length == 0)
        {
            throw new AllocationProblemException("$.needs", "at least one need is required (it names the item and period)");
        }

        var first = needArray[0] ?? throw new ArgumentNullException(nameof(needs), "Need 0 is null.");
        var units = new SolverUnit[needArray.Length];
        for (var i = 0; i < needArray.Length; i++)
        {
            var need = needArray[i] ?? throw new ArgumentNullException(nameof(needs), $"Need {i} is null.");
            if (need.Item != first.Item || need.Period != first.Period)
            {
                throw new AllocationProblemException(Path("needs", i, "item"), $"need of {need.Item} {need.Period}; one problem allocates one item and period ({first.Item} {first.Period})");
            }

            units[i] = new SolverUnit(need.Unit, need.Quantity, locate(need.Unit));
        }

        var pledgeList = new List<SolverPledge>();
        var o = 0;
        foreach (var pledge in pledges)
        {
            ArgumentNullException.ThrowIfNull(pledge, nameof(pledges));
            if (pledge.Item != first.Item || !pledge.Period.Overlaps(first.Period))
            {
                throw new AllocationProblemException(Path("offers", o, "item"), $"offer {pledge.Id} is of {pledge.Item} {pledge.Period}, not {first.Item} in {first.Period}");
            }

            pledgeList.Add(SolverPledge.From(pledge));
            o++;
        }

        var aggregatorList = aggregators.Select(a => a is null
            ? throw new ArgumentNullException(nameof(aggregators), "An aggregator is null.")
            : new SolverAggregator(a.Id.Value, a.Depot, a.Capacity, a.ServiceAreas)).ToArray();
        return Create(first.Item, policy, units, aggregatorList, pledgeList);
    }

    // The one validator behind From and the JSON reader.
    internal static AllocationProblem Create(
        ItemCode item,
        AllocationPolicy? policy,
        IEnumerable<SolverUnit> units,
        IEnumerable<SolverAggregator> aggregators,
        IEnumerable<SolverPledge> pledges)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(aggregators);
        ArgumentNullException.ThrowIfNull(pledges);
        if (item.IsDefault)
        {
            throw new AllocationProblemException("$.item", "an item code is required");
        }

        policy ??= AllocationPolicy.Default;
        var unitArray = units.ToArray();
        var aggregatorArray = aggregators.ToArray();
        var pledgeArray = pledges.ToArray();

        var (unitIndex, totalNeed) = Index(unitArray, "units", "code", u => u.Code, u => u.Need, "need", "the total need", null, (c, first) => $"duplicate unit '{c}' (also $.units[{first}])");
        // The total capacity is summed only to refuse an overflow.
        var (aggregatorIndex, _) = Index(aggregatorArray, "aggregators", "id", a => a.Id, a => a.Capacity, "capacity", "the total capacity", StringComparer.Ordinal, (id, _) => $"duplicate aggregator id '{id}'");

        var pledgeIndex = new Dictionary<string, int>(pledgeArray.Length, StringComparer.Ordinal);
        long totalSupply = 0;
        for (var i = 0; i < pledgeArray.Length; i++)
        {
            var pledge = pledgeArray[i] ?? throw new ArgumentNullException(nameof(pledges), $"Offer {i} is null.");
            if (!pledgeIndex.TryAdd(pledge.Id, i))
            {
                throw new AllocationProblemException(Path("offers", i, "id"), $"duplicate offer id '{pledge.Id}'");
            }

            if (pledge.ViaAggregator is { } via && !aggregatorIndex.ContainsKey(via))
            {
                throw new AllocationProblemException(Path("offers", i, "via"), $"unknown aggregator '{via}'");
            }

            totalSupply = CheckedAdd(totalSupply, pledge.Quantity, Path("offers", i, "quantity"), "the total supply");
        }

        CheckArithmetic(unitArray.Length, (long)pledgeArray.Length + aggregatorArray.Length, policy, totalSupply, totalNeed);
        return new AllocationProblem(item, policy, unitArray, aggregatorArray, pledgeArray, unitIndex, aggregatorIndex, pledgeIndex, totalNeed, totalSupply);
    }

    /// <summary>Rejects totals that would overflow the solver's 64-bit cost arithmetic.</summary>
    /// <exception cref="AllocationProblemException">They would (path <c>$</c>).</exception>
    internal static void CheckArithmetic(long unitCount, long sourceCount, AllocationPolicy policy, long totalSupply, long totalNeed)
    {
        // The solver's objective is at most S × 2M with the bypass cost M ≤ min(U, O + A) × D + W × T + 1 (docs/allocation.md);
        // node potentials and reduced costs stay below a few M.
        try
        {
            var sources = Math.Min(unitCount, sourceCount);
            var bigM = checked((sources * MaxDistance) + (policy.FairnessWeight * policy.FillRateTiers) + 1);
            _ = checked(Math.Max(Math.Max(totalSupply, totalNeed), 1) * 4 * bigM);
        }
        catch (OverflowException)
        {
            throw new AllocationProblemException("$", "the totals (supply or need × problem size × fairness weight) would overflow 64-bit cost arithmetic; split the problem or lower fairnessWeight");
        }
    }

    // Indexes one list by its key (refusing duplicates) and sums one amount with overflow checks, naming JSON paths.
    private static (Dictionary<TKey, int> Index, long Total) Index<T, TKey>(
        T[] items, string list, string keyMember, Func<T, TKey> key, Func<T, long> amount, string amountMember, string what, IEqualityComparer<TKey>? comparer, Func<TKey, int, string> duplicate)
        where T : class
        where TKey : notnull
    {
        var index = new Dictionary<TKey, int>(items.Length, comparer);
        long total = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i] ?? throw new ArgumentNullException(list, string.Create(CultureInfo.InvariantCulture, $"Element {i} of {list} is null."));
            var k = key(item);
            if (!index.TryAdd(k, i))
            {
                throw new AllocationProblemException(Path(list, i, keyMember), duplicate(k, index[k]));
            }

            total = CheckedAdd(total, amount(item), Path(list, i, amountMember), what);
        }

        return (index, total);
    }

    private static string Path(string list, int index, string member) => string.Create(CultureInfo.InvariantCulture, $"$.{list}[{index}].{member}");

    private static long CheckedAdd(long total, long value, string path, string what)
    {
        try
        {
            return checked(total + value);
        }
        catch (OverflowException)
        {
            throw new AllocationProblemException(path, $"{what} would overflow a 64-bit integer");
        }
    }


    /// <summary>Reads and validates a <c>ksbb.allocation-problem/1</c> document.</summary>
    /// <param name="utf8Json">The UTF-8 JSON text.</param>
    /// <returns>The problem.</returns>
    /// <exception cref="AllocationProblemException">The document is malformed or invalid; the message starts with the JSON path.</exception>
    public static unsafe AllocationProblem Parse(ReadOnlySpan<byte> utf8Json)
    {
        // One reading path (Load) for text, bytes and streams; the bytes are read in place, not copied.
        fixed (byte* bytes = utf8Json)
        {
            using var stream = new UnmanagedMemoryStream(bytes, utf8Json.Length);
            return Load(stream);
        }
    }

    /// <summary>Reads and validates a <c>ksbb.allocation-problem/1</c> document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">The document is malformed or invalid; the message starts with the JSON path.</exception>
    public static AllocationProblem Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads and validates a <c>ksbb.allocation-problem/1</c> document from a stream.</summary>
    /// <param name="utf8Json">The stream of UTF-8 JSON; read to its end, not closed.</param>
    /// <returns>The problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="AllocationProblemException">The document is malformed or invalid; the message starts with the JSON path.</exception>
    public static AllocationProblem Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ProblemDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, AllocationJsonContext.Default.ProblemDto);
        }
        catch (JsonException ex)
        {
            throw FromJsonException(ex);
        }

        return FromDto(dto);
    }

    internal static AllocationProblemException FromJsonException(JsonException ex, string pathPrefix = "")
    {
        var where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {ex.BytePositionInLine + 1})") : string.Empty;
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            message = "wrong type or out of range (numbers must be whole and within 64 bits where counts are expected, text where codes and ids are expected)";
        }

        return new AllocationProblemException(pathPrefix.Length == 0 ? ex.Path ?? "$" : pathPrefix + (ex.Path ?? "$")[1..], $"not valid JSON for this schema: {message}{where}", ex);
    }

    private static AllocationProblem FromDto(ProblemDto? dto)
    {
        if (dto is null)
        {
            throw new AllocationProblemException("$", "expected a JSON object");
        }

        if (dto.Schema != Schema)
        {
            throw new AllocationProblemException("$.schema", dto.Schema is null ? $"missing; expected \"{Schema}\"" : $"unknown schema \"{dto.Schema}\"; expected \"{Schema}\"");
        }

        if (dto.Item is null)
        {
            throw new AllocationProblemException("$.item", "missing");
        }

        if (!ItemCode.TryParse(dto.Item, out var item, out var itemError))
        {
            throw new AllocationProblemException("$.item", itemError);
        }

        var policy = AllocationPolicy.Default;
        if (dto.Policy is { } p)
        {
            var weight = p.FairnessWeight ?? AllocationPolicy.Default.FairnessWeight;
            var tiers = p.FillRateTiers ?? AllocationPolicy.Default.FillRateTiers;
            if (weight is < 0 or > AllocationPolicy.MaxFairnessWeight)
            {
                throw new AllocationProblemException("$.policy.fairnessWeight", string.Create(CultureInfo.InvariantCulture, $"must be 0 to {AllocationPolicy.MaxFairnessWeight}"));
            }

            if (tiers is < 1 or > AllocationPolicy.MaxFillRateTiers)
            {
                throw new AllocationProblemException("$.policy.fillRateTiers", string.Create(CultureInfo.InvariantCulture, $"must be 1 to {AllocationPolicy.MaxFillRateTiers}"));
            }

            policy = new AllocationPolicy(weight, (int)tiers);
        }

        var units = new SolverUnit[dto.Units?.Count ?? 0];
        for (var i = 0; i < units.Length; i++)
        {
            var u = dto.Units![i] ?? throw new AllocationProblemException(Index("units", i), "expected an object");
            var code = Code(u.Code, Path("units", i, "code"));
            var need = u.Need ?? throw new AllocationProblemException(Path("units", i, "need"), "missing");
            if (need < 0)
            {
                throw new AllocationProblemException(Path("units", i, "need"), "must be >= 0");
            }

            units[i] = new SolverUnit(code, need, Position(u.Location, Path("units", i, "location"), required: true)!.Value);
        }

        var aggregators = new SolverAggregator[dto.Aggregators?.Count ?? 0];
        for (var i = 0; i < aggregators.Length; i++)
        {
            var a = dto.Aggregators![i] ?? throw new AllocationProblemException(Index("aggregators", i), "expected an object");
            var id = Id(a.Id, Path("aggregators", i, "id"));
            var capacity = a.Capacity ?? throw new AllocationProblemException(Path("aggregators", i, "capacity"), "missing");
            if (capacity < 0)
            {
                throw new AllocationProblemException(Path("aggregators", i, "capacity"), "must be >= 0");
            }

            var depot = Position(a.Depot, Path("aggregators", i, "depot"), required: true)!.Value;
            aggregators[i] = new SolverAggregator(id, depot, capacity, Areas(a.ServiceAreas, Path("aggregators", i, "serviceAreas")));
        }

        var pledges = new SolverPledge[dto.Pledges?.Count ?? 0];
        for (var i = 0; i < pledges.Length; i++)
        {
            pledges[i] = PledgeFromDto(dto.Pledges![i], Index("offers", i));
        }

        return Create(item, policy, units, aggregators, pledges);
    }

    /// <summary>Validates one pledge object of the problem format (also an online change's pledge) at <paramref name="path"/>.</summary>
    internal static SolverPledge PledgeFromDto(PledgeDto? o, string path)
    {
        if (o is null)
        {
            throw new AllocationProblemException(path, "expected an object");
        }

        var id = Id(o.Id, path + ".id");
        if (!Ksbb.Model.Pledges.PledgeId.TryParse(id, out _, out var idError))
        {
            throw new AllocationProblemException(path + ".id", idError);
        }

        var quantity = o.Quantity ?? throw new AllocationProblemException(path + ".quantity", "missing");
        if (quantity <= 0)
        {
            throw new AllocationProblemException(path + ".quantity", "must be > 0");
        }

        var collaborator = o.Collaborator ?? string.Empty;
        if (o.Via is not null)
        {
            if (o.Via.Length == 0)
            {
                throw new AllocationProblemException(path + ".via", "must not be empty");
            }

            if (o.Areas is not null)
            {
                throw new AllocationProblemException(path + ".areas", "an offer via an aggregator cannot have areas (the aggregator's serviceAreas apply)");
            }

            if (o.Origin is not null)
            {
                throw new AllocationProblemException(path + ".origin", "an offer via an aggregator cannot have an origin (the aggregator's depot applies)");
            }

            return SolverPledge.Via(id, collaborator, quantity, o.Via);
        }

        var origin = Position(o.Origin, path + ".origin", required: false);
        return SolverPledge.Direct(id, collaborator, quantity, origin, Areas(o.Areas, path + ".areas"));
    }

    private static string Index(string list, int index) => string.Create(CultureInfo.InvariantCulture, $"$.{list}[{index}]");

    private static string Id(string? id, string path) =>
        string.IsNullOrEmpty(id) ? throw new AllocationProblemException(path, "missing or empty") : id;

    internal static RegionCode Code(string? text, string path)
    {
        if (text is null)
        {
            throw new AllocationProblemException(path, "missing");
        }

        return RegionCode.TryParse(text, out var code, out var error) ? code : throw new AllocationProblemException(path, error);
    }

    private static RegionCode[] Areas(List<string?>? areas, string path)
    {
        if (areas is null)
        {
            return [];
        }

        var result = new RegionCode[areas.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Code(areas[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"));
        }

        return result;
    }

    private static GeoPoint? Position(double[]? pair, string path, bool required)
    {
        if (pair is null)
        {
            return required ? throw new AllocationProblemException(path, "missing; expected [lon, lat]") : null;
        }

        if (pair.Length != 2)
        {
            throw new AllocationProblemException(path, string.Create(CultureInfo.InvariantCulture, $"expected [lon, lat] (2 numbers), got {pair.Length}"));
        }

        // Positions are Ksbb.Model's validated GeoPoint: check here, where the JSON path is known.
        return GeoPoint.TryCreate(pair[0], pair[1], out var position)
            ? position
            : throw new AllocationProblemException(path, string.Create(CultureInfo.InvariantCulture, $"coordinates [{pair[0]}, {pair[1]}] out of range (longitude −180..180, latitude −90..90)"));
    }
}
