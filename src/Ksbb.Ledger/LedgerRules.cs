namespace Ksbb.Ledger;

/// <summary>
/// The names of the rules the ledger refuses by, as <see cref="ReserveOutcome.RuleName"/>,
/// <see cref="PledgeOutcome.RuleName"/>, <see cref="TransitionOutcome.RuleName"/> and <see cref="NeedsOutcome.RuleName"/>
/// give them; each refusal's sentence starts with its name.
/// </summary>
public static class LedgerRules
{
    /// <summary><c>item-not-in-catalogue</c>: the item is not in the ledger's programme catalogue.</summary>
    public const string ItemNotInCatalogue = "item-not-in-catalogue";

    /// <summary><c>programme-not-open</c>: the programme is under discussion, or has not opened yet on the day of the request.</summary>
    public const string ProgrammeNotOpen = "programme-not-open";

    /// <summary><c>programme-closed</c>: the programme is closed, or the day of the request is after its last open day.</summary>
    public const string ProgrammeClosed = "programme-closed";

    /// <summary><c>period-outside-programme</c>: the distribution period lies wholly outside the programme's dates.</summary>
    public const string PeriodOutsideProgramme = "period-outside-programme";

    /// <summary><c>area-not-eligible</c>: the unit is outside the area list the programme names (for example the RWs of the Community Action Plan 2019), or the list does not record the item for it.</summary>
    public const string AreaNotEligible = "area-not-eligible";

    /// <summary><c>beneficiary-not-eligible</c>: a named beneficiary lacks the role or registration the item needs, is not in the beneficiary directory, or none is named.</summary>
    public const string BeneficiaryNotEligible = "beneficiary-not-eligible";

    /// <summary><c>bundle-not-available</c>: an item bundled with the one reserved or delivered (the Kartu Internet Belajar with a student device) cannot be reserved or delivered along with it.</summary>
    public const string BundleNotAvailable = "bundle-not-available";

    /// <summary><c>operator-role-required</c>: the ledger records roles, and the actor holds no operator role covering the need's unit.</summary>
    public const string OperatorRoleRequired = "operator-role-required";
}
