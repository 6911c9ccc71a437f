namespace Ksbb.Ledger;

/// <summary>What counts as "the same benefit" when a household may receive it only once per period.</summary>
public enum BenefitClassRule
{
    /// <summary>The item's programme (<c>pangan</c> for <c>pangan.paket-sembako</c>): one food delivery per household per period, whoever gives it. The default.</summary>
    Programme = 0,

    /// <summary>The full item code: a household may receive different items of one programme in the same period.</summary>
    Item = 1,
}
