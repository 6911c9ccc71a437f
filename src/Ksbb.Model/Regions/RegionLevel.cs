namespace Ksbb.Model.Regions;

/// <summary>
/// The level of an administrative unit in DKI Jakarta, coarsest first.
/// </summary>
/// <remarks>
/// Provinsi, kota (or kabupaten administrasi), kecamatan and kelurahan carry official Kemendagri codes.
/// RW (<i>rukun warga</i>, a neighbourhood of a kelurahan) and RT (<i>rukun tetangga</i>, a block of an RW)
/// have no national code; Ksbb numbers them inside their parent, which is the natural extension of the
/// Kemendagri scheme.
/// </remarks>
public enum RegionLevel
{
    /// <summary>No level: the <see langword="default"/> <see cref="RegionCode"/>.</summary>
    None = 0,

    /// <summary>A province (provinsi), two digits: <c>31</c> is DKI Jakarta.</summary>
    Provinsi = 1,

    /// <summary>A city or regency (kota / kabupaten administrasi), two more digits: <c>31.71</c> is Jakarta Pusat.</summary>
    Kota = 2,

    /// <summary>A district (kecamatan), two more digits: <c>31.71.01</c> is Gambir.</summary>
    Kecamatan = 3,

    /// <summary>An urban village (kelurahan) or village (desa), four more digits: <c>31.71.01.1001</c> is Gambir.</summary>
    Kelurahan = 4,

    /// <summary>A rukun warga (RW) inside a kelurahan, three more digits: <c>31.71.01.1001.005</c> is RW 5.</summary>
    Rw = 5,

    /// <summary>A rukun tetangga (RT) inside an RW, three more digits: <c>31.71.01.1001.005.003</c> is RT 3 of RW 5.</summary>
    Rt = 6,
}
