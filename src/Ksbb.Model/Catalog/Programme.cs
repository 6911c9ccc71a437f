using Ksbb.Model.Catalog.Eligibility;
using NodaTime;

namespace Ksbb.Model.Catalog;

/// <summary>A KSBB programme ("KSBB Pangan", "KSBB Pendidikan", …): its status, opening date, items and eligibility rules.</summary>
/// <remarks>Immutable and thread-safe. Programmes are data: see <see cref="ProgrammeCatalog"/>.</remarks>
public sealed class Programme
{
    private readonly CatalogItem[] _items;
    private readonly EligibilityRule[] _rules;

    private Programme(string code, BilingualText name, ProgrammeStatus status, LocalDate? openedOn, LocalDate? openUntil, BilingualText? description, CatalogItem[] items, EligibilityRule[] rules)
    {
        Code = code;
        Name = name;
        Status = status;
        OpenedOn = openedOn;
        OpenUntil = openUntil;
        Description = description;
        _items = items;
        _rules = rules;
    }

    /// <summary>Gets the programme code, the first segment of its item codes, for example <c>pangan</c>.</summary>
    public string Code { get; }

    /// <summary>Gets the programme's name.</summary>
    public BilingualText Name { get; }

    /// <summary>Gets the status.</summary>
    public ProgrammeStatus Status { get; }

    /// <summary>Gets the date the programme opened (Asia/Jakarta), or <see langword="null"/> when not known or not yet open.</summary>
    public LocalDate? OpenedOn { get; }

    /// <summary>Gets the last day (Asia/Jakarta, inclusive) the programme takes pledges, or <see langword="null"/> when no end is set.</summary>
    public LocalDate? OpenUntil { get; }

    /// <summary>Gets what is given, to whom, if described.</summary>
    public BilingualText? Description { get; }

    /// <summary>Gets the items, in catalogue order; empty for a programme not yet defined.</summary>
    public IReadOnlyList<CatalogItem> Items => _items;

    /// <summary>Gets the rules that apply to every item of the programme.</summary>
    public IReadOnlyList<EligibilityRule> Rules => _rules;

    /// <summary>Gets a value indicating whether the programme takes pledges (<see cref="ProgrammeStatus.Open"/>).</summary>
    public bool IsOpen => Status == ProgrammeStatus.Open;

    /// <summary>Returns whether the programme takes pledges and reservations on a day: it is open and the day lies within its dates.</summary>
    /// <param name="date">The day (Asia/Jakarta).</param>
    /// <returns><see langword="true"/> when <see cref="IsOpen"/> and <paramref name="date"/> is on or after <see cref="OpenedOn"/> (when set) and on or before <see cref="OpenUntil"/> (when set).</returns>
    public bool IsOpenOn(LocalDate date) => IsOpen && (OpenedOn is not { } from || date >= from) && (OpenUntil is not { } until || date <= until);

    /// <summary>Returns whether a distribution period lies, at least in part, within the programme's dates.</summary>
    /// <param name="period">The period; the default value is never covered.</param>
    /// <returns><see langword="true"/> when the period ends on or after <see cref="OpenedOn"/> and starts on or before <see cref="OpenUntil"/> (each when set).</returns>
    public bool Covers(Time.DistributionPeriod period) =>
        !period.IsDefault && (OpenedOn is not { } from || period.End >= from) && (OpenUntil is not { } until || period.Start <= until);

    /// <summary>Creates a programme.</summary>
    /// <param name="code">The programme code: lower-case letters, digits and '-'.</param>
    /// <param name="name">The name.</param>
    /// <param name="status">The status; not <see cref="ProgrammeStatus.None"/>.</param>
    /// <param name="openedOn">The opening date, if known.</param>
    /// <param name="items">The items; each item code's programme segment must be <paramref name="code"/> and codes must be unique.</param>
    /// <param name="rules">Rules for every item; <see langword="null"/> for none.</param>
    /// <param name="description">What is given, to whom.</param>
    /// <param name="openUntil">The last day the programme takes pledges, or <see langword="null"/> for no end; not before <paramref name="openedOn"/>.</param>
    /// <returns>The programme.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule above; the message names the item.</exception>
    public static Programme Create(string code, BilingualText name, ProgrammeStatus status, LocalDate? openedOn, IEnumerable<CatalogItem> items, IEnumerable<EligibilityRule>? rules = null, BilingualText? description = null, LocalDate? openUntil = null)
    {
        CatalogGuard.Code(code, "programme", nameof(code));
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(items);
        if (status is not (ProgrammeStatus.Open or ProgrammeStatus.UnderDiscussion or ProgrammeStatus.Closed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, $"Programme {code} needs a status: open, under-discussion or closed.");
        }

        if (openedOn is { } opened && openUntil is { } until && until < opened)
        {
            throw new ArgumentException($"Programme {code} is open until {until:uuuu-MM-dd}, before it opened on {opened:uuuu-MM-dd}.", nameof(openUntil));
        }

        var itemList = items.ToArray();
        var seen = new HashSet<ItemCode>();
        foreach (var item in itemList)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            if (item.Code.Programme != code)
            {
                throw new ArgumentException($"Item {item.Code} belongs to programme '{item.Code.Programme}', not '{code}'.", nameof(items));
            }

            if (!seen.Add(item.Code))
            {
                throw new ArgumentException($"Programme {code} lists item {item.Code} twice.", nameof(items));
            }
        }

        var ruleList = rules?.ToArray() ?? [];
        if (Array.Exists(ruleList, r => r is null))
        {
            throw new ArgumentException($"Programme {code} has a null rule.", nameof(rules));
        }

        return new Programme(code, name, status, openedOn, openUntil, description, itemList, ruleList);
    }

    /// <summary>Returns the programme code.</summary>
    /// <returns>The code.</returns>
    public override string ToString() => Code;
}
