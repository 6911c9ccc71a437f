namespace Ksbb.Ledger.Households;

/// <summary>The kind of a household identifier.</summary>
public enum HouseholdIdKind
{
    /// <summary>Not a kind (the default value).</summary>
    None = 0,

    /// <summary>NIK (Nomor Induk Kependudukan): a person's 16-digit population number.</summary>
    Nik = 1,

    /// <summary>KK (Kartu Keluarga) number: a family card's 16-digit number, the household itself.</summary>
    Kk = 2,
}
