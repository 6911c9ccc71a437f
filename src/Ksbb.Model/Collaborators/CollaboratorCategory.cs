namespace Ksbb.Model.Collaborators;

/// <summary>The five categories of kolaborator (collaborator, donor) that KSBB counts.</summary>
/// <remarks>
/// The machine codes (<see cref="CollaboratorTaxonomy.GetCode(CollaboratorCategory)"/>) are stable and are what
/// documents store; the numeric values are stable too but documents never use them.
/// </remarks>
public enum CollaboratorCategory
{
    /// <summary>No category: the <see langword="default"/> value, never valid on a collaborator.</summary>
    None = 0,

    /// <summary>Perorangan: individuals. Code <c>perorangan</c>.</summary>
    Perorangan = 1,

    /// <summary>Lembaga Usaha: businesses. Code <c>lembaga-usaha</c>.</summary>
    LembagaUsaha = 2,

    /// <summary>Lembaga Pemerintah, Kementerian, dan setingkat Kementerian: government bodies, ministries and ministry-level agencies. Code <c>lembaga-pemerintah</c>.</summary>
    LembagaPemerintah = 3,

    /// <summary>LSM / OMS, Badan PBB, dan Universitas: NGOs, civil-society organisations, UN agencies and universities. Code <c>lsm-oms-pbb-universitas</c>; see <see cref="CollaboratorSubKind"/>.</summary>
    LsmOmsPbbUniversitas = 4,

    /// <summary>Luar Negeri: foreign parties. Code <c>luar-negeri</c>.</summary>
    LuarNegeri = 5,
}

/// <summary>The sub-kinds of <see cref="CollaboratorCategory.LsmOmsPbbUniversitas"/>.</summary>
public enum CollaboratorSubKind
{
    /// <summary>No sub-kind (the only value allowed for the other categories).</summary>
    None = 0,

    /// <summary>LSM, lembaga swadaya masyarakat: a non-governmental organisation. Code <c>lsm</c>.</summary>
    Lsm = 1,

    /// <summary>OMS, organisasi masyarakat sipil: a civil-society organisation. Code <c>oms</c>.</summary>
    Oms = 2,

    /// <summary>Badan PBB: a United Nations agency. Code <c>badan-pbb</c>.</summary>
    BadanPbb = 3,

    /// <summary>Universitas: a university. Code <c>universitas</c>.</summary>
    Universitas = 4,
}
