namespace Ksbb.Model.Catalog.Eligibility;

/// <summary>Why a beneficiary is or is not eligible: one line per rule checked.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EligibilityReason
{
    internal EligibilityReason(string rule, bool isSatisfied, string message)
    {
        Rule = rule;
        IsSatisfied = isSatisfied;
        Message = message;
    }

    /// <summary>Gets the rule kind checked: <c>item</c>, <c>programme-status</c>, <c>registration</c>, <c>role</c> or <c>area-list</c>.</summary>
    public string Rule { get; }

    /// <summary>Gets a value indicating whether the rule is satisfied.</summary>
    public bool IsSatisfied { get; }

    /// <summary>Gets an English explanation, for example "pendidikan.laptop is for role pendidik; the beneficiary has role peserta-didik".</summary>
    public string Message { get; }

    /// <summary>Returns the rule, verdict and message.</summary>
    /// <returns>For example <c>role: no (…)</c>.</returns>
    public override string ToString() => $"{Rule}: {(IsSatisfied ? "yes" : "no")} ({Message})";
}

/// <summary>The verdict of an <see cref="EligibilityEvaluator"/>: eligible or not, with the reasons.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EligibilityResult
{
    private readonly EligibilityReason[] _reasons;

    internal EligibilityResult(ItemCode item, EligibilityReason[] reasons)
    {
        Item = item;
        _reasons = reasons;
    }

    /// <summary>Gets the item asked about.</summary>
    public ItemCode Item { get; }

    /// <summary>Gets a value indicating whether every rule is satisfied.</summary>
    public bool IsEligible => Array.TrueForAll(_reasons, r => r.IsSatisfied);

    /// <summary>Gets every rule checked, satisfied or not, in order: item, programme status, programme rules, item rules.</summary>
    public IReadOnlyList<EligibilityReason> Reasons => _reasons;

    /// <summary>Gets only the rules that failed: why the beneficiary is not eligible (empty when eligible).</summary>
    public IReadOnlyList<EligibilityReason> Failures => Array.FindAll(_reasons, r => !r.IsSatisfied);

    /// <summary>Returns the verdict and the failed reasons.</summary>
    /// <returns>For example <c>pendidikan.tablet: eligible</c>.</returns>
    public override string ToString() =>
        IsEligible ? $"{Item}: eligible" : $"{Item}: not eligible: {string.Join("; ", Failures.Select(f => f.Message))}";
}

/// <summary>
/// Decides whether a beneficiary may receive a catalogue item: the item must exist, its programme must be open, and
/// every programme rule and item rule must hold.
/// </summary>
/// <remarks>Immutable and thread-safe once constructed; evaluation allocates only the result.</remarks>
public sealed class EligibilityEvaluator
{
    private readonly ProgrammeCatalog _catalog;
    private readonly Dictionary<string, AreaList> _areaLists;

    /// <summary>Initializes a new instance of the <see cref="EligibilityEvaluator"/> class.</summary>
    /// <param name="catalog">The programme catalogue.</param>
    /// <param name="areaLists">The area lists the catalogue's <see cref="AreaListRule"/>s name (for example <c>cap-2019</c>); a rule whose list is missing fails.</param>
    /// <exception cref="ArgumentException">Two lists have the same name.</exception>
    public EligibilityEvaluator(ProgrammeCatalog catalog, IEnumerable<AreaList>? areaLists = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _areaLists = new Dictionary<string, AreaList>(StringComparer.Ordinal);
        foreach (var list in areaLists ?? [])
        {
            ArgumentNullException.ThrowIfNull(list, nameof(areaLists));
            if (!_areaLists.TryAdd(list.Name, list))
            {
                throw new ArgumentException($"Two area lists are named {list.Name}.", nameof(areaLists));
            }
        }
    }

    /// <summary>Evaluates whether a beneficiary may receive an item.</summary>
    /// <param name="item">The item.</param>
    /// <param name="beneficiary">The beneficiary.</param>
    /// <returns>The verdict with one reason per rule checked.</returns>
    public EligibilityResult Evaluate(ItemCode item, Beneficiary beneficiary)
    {
        ArgumentNullException.ThrowIfNull(beneficiary);
        if (!_catalog.TryGetItem(item, out var catalogItem, out var programme))
        {
            return new EligibilityResult(item, [new EligibilityReason("item", false, $"{(item.IsDefault ? "(no item)" : item)} is not in the catalogue")]);
        }

        var reasons = new List<EligibilityReason>
        {
            new("item", true, $"{item} is in programme {programme.Code}"),
            programme.IsOpen
                ? new("programme-status", true, $"programme {programme.Code} is open")
                : new("programme-status", false, $"programme {programme.Code} is {ProgrammeCatalog.GetStatusCode(programme.Status)} and takes no pledges"),
        };
        foreach (var rule in programme.Rules.Concat(catalogItem.Rules))
        {
            reasons.Add(rule.Evaluate(catalogItem, beneficiary, _areaLists));
        }

        return new EligibilityResult(item, [.. reasons]);
    }
}
