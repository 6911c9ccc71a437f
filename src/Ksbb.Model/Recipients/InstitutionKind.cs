namespace Ksbb.Model.Recipients;

/// <summary>The kinds of institution the 2020 platform listed as priority recipients, beside RWs and RTs.</summary>
public enum InstitutionKind
{
    /// <summary>No kind: the <see langword="default"/> value, never valid for an institution.</summary>
    None = 0,

    /// <summary><i>Panti asuhan</i>: an orphanage.</summary>
    PantiAsuhan = 1,

    /// <summary><i>Panti sosial lanjut usia</i> (panti jompo): a home for the elderly.</summary>
    PantiLanjutUsia = 2,

    /// <summary><i>Panti disabilitas</i>: a home for people with disabilities.</summary>
    PantiDisabilitas = 3,

    /// <summary><i>Pesantren</i>: an Islamic boarding school.</summary>
    Pesantren = 4,

    /// <summary>Another priority location the city designates (<i>lokasi prioritas</i>).</summary>
    LokasiPrioritas = 5,
}
