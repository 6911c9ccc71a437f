using System.IO.Compression;
using Ksbb.Data.Jakarta.Internal;
using Ksbb.Geo;
using Ksbb.Model.Regions;

namespace Ksbb.Data.Jakarta;

/// <summary>
/// Real Jakarta (DKI, province 31): the 2012 RW boundary layer, the 2012 RT list and the Kemendagri region codes,
/// embedded in this package and loaded on first use.
/// </summary>
/// <remarks>
/// <para>
/// The RW layer is the 2012 DKI/BPBD RW boundary set (OpenStreetMap lineage, via InaSAFE) as updated by Kartoza in
/// 2014: 2,724 features for mainland Jakarta (no Kepulauan Seribu), coordinates rounded to 7 decimals (at most
/// 5×10⁻⁸ degrees, about 6 mm, from the original). Its features are keyed by RW <see cref="RegionCode"/> through
/// <see cref="Crosswalk"/>; features that share an RW code are merged into one unit (2,700 units). There are no
/// public RT polygons: <see cref="CreateRtLayer(int)"/> makes <b>synthetic</b> ones inside the real RWs.
/// </para>
/// <para>
/// The data is licensed apart from the code: the RW layer and the RT list under the Open Database License 1.0, the
/// Kemendagri codes under the MIT licence. <see cref="Attribution"/> is the notice to show wherever the data is used
/// (on a map, in an export), and <see cref="LicenseText"/> names the sources (repositories, commits, dates) and the
/// licence terms; both files also sit at the root of the NuGet package. A database derived from this data and used
/// publicly must be offered under the ODbL 1.0 as well.
/// </para>
/// <para>
/// Every member is thread-safe. Each data set is decoded once, on first use, and the same immutable instance is
/// returned afterwards; loading the RW layer takes well under a second.
/// </para>
/// </remarks>
public static class JakartaData
{
    /// <summary>The number of decimals the RW layer's coordinates were rounded to.</summary>
    public const int CoordinateDecimals = 7;

    private const string RwLayerResource = "rw_jakarta_osm_2014.ksbbrw.br";
    private const string RtListResource = "rt_list_dki_2012.csv.br";
    private const string CodesResource = "kode_wilayah_kemendagri_31.csv";
    private const string CrosswalkResource = "rw_layer_kelurahan_to_kode.csv";

    private static readonly Lazy<string> NoticeText = new(() => ReadText("NOTICE"));
    private static readonly Lazy<string> LicenseDataText = new(() => ReadText("LICENSE-DATA.md"));
    private static readonly Lazy<RegionRegistry> RegionsValue = new(() =>
    {
        using var reader = new StringReader(ReadText(CodesResource));
        return RegionRegistry.LoadCsv(reader, CodesResource);
    });

    // The embedded CSV files are read by their owners' readers (Ksbb.Geo, on Ksbb.Model's one CSV reader), as a user's files are.
    private static readonly Lazy<KelurahanCrosswalk> CrosswalkValue = new(() =>
    {
        using var reader = new StringReader(ReadText(CrosswalkResource));
        return KelurahanCrosswalk.Read(reader, CrosswalkResource);
    });

    private static readonly Lazy<RtList> RtListValue = new(() =>
    {
        using var reader = new StringReader(ReadText(RtListResource));
        return RtList.Read(reader, RtListResource);
    });

    private static readonly Lazy<BoundaryLayer> RwLayerValue = new(() =>
        BoundaryLayer.Create("rw_jakarta_osm_2014 (Ksbb.Data.Jakarta)", RwLayerReader.Read(ReadBytes(RwLayerResource), RwLayerResource)));

    /// <summary>Gets the attribution notice to show wherever the data is used: the sources, their licences (ODbL 1.0 and MIT) and the ODbL notice for the derived database.</summary>
    /// <value>The text of the package's <c>NOTICE</c> file.</value>
    public static string Attribution => NoticeText.Value;

    /// <summary>Gets the full data licence statement: every source with its repository, commit and date, what was changed, and the licence texts.</summary>
    /// <value>The text of the package's <c>LICENSE-DATA.md</c> file (Markdown).</value>
    public static string LicenseText => LicenseDataText.Value;

    /// <summary>Gets the Kemendagri region codes and names of DKI Jakarta: 1 provinsi, 6 kab/kota, 44 kecamatan and 267 kelurahan (318 units).</summary>
    /// <value>The registry (Kepmendagri 2025 code list, MIT). RW names are those of <see cref="LoadRwLayer"/>'s units.</value>
    public static RegionRegistry Regions => RegionsValue.Value;

    /// <summary>Gets the table from the RW layer's 2012 kota/kecamatan/kelurahan names to Kemendagri kelurahan codes (263 rows).</summary>
    /// <value>The crosswalk that keys <see cref="LoadRwLayer"/>: derived by a spatial majority vote and a name match (ODbL and MIT inputs).</value>
    public static KelurahanCrosswalk Crosswalk => CrosswalkValue.Value;

    /// <summary>Loads the real RW boundary layer of mainland Jakarta, keyed by RW <see cref="RegionCode"/>.</summary>
    /// <returns>The layer (2,724 features merged into 2,700 units; <see cref="BoundaryLayer.IsSynthetic"/> is <see langword="false"/>). The
    /// source attributes (<c>OBJECTID</c>, <c>KAB_NAME</c>, <c>KEC_NAME</c>, <c>KEL_NAME</c>, <c>RW</c>, <c>FLOODPRONE</c>...) are kept as text;
    /// unit names read <c>GAMBIR RW 02</c>. The same instance on every call.</returns>
    /// <remarks>One feature (TANJUNG BARAT RW 02) has a self-intersecting ring, as in the source; <see cref="LayerValidator"/> reports it.</remarks>
    public static BoundaryLayer LoadRwLayer() => RwLayerValue.Value;

    /// <summary>Loads the 2012 list of RTs per RW (30,017 RTs in 2,672 RWs), by kelurahan name as the RW layer spells it.</summary>
    /// <returns>The list; the same instance on every call.</returns>
    public static RtList LoadRtList() => RtListValue.Value;

    /// <summary>Creates a <b>synthetic</b> RT layer: each real RW split into its listed RTs (<see cref="SyntheticRtLayer"/>).</summary>
    /// <param name="seed">The seed; the same seed gives the same layer.</param>
    /// <returns>A new layer with <see cref="BoundaryLayer.IsSynthetic"/> <see langword="true"/> and names ending in <c>(synthetic)</c>: made-up
    /// boundaries for demos and tests, never to be shown as real RTs. Coded <c>kelurahan.RW.RT</c>.</returns>
    /// <remarks>No public RT polygons of Jakarta exist. This builds about 30,000 polygons and takes a few seconds; keep the result.</remarks>
    public static BoundaryLayer CreateRtLayer(int seed = 2012) => SyntheticRtLayer.Build(LoadRwLayer(), LoadRtList(), seed);

    /// <summary>Creates a <b>synthetic</b> RT layer for the RWs inside one area only (a kota, kecamatan, kelurahan or RW).</summary>
    /// <param name="area">The area, such as the kelurahan <c>31.71.01.1001</c> (Gambir).</param>
    /// <param name="seed">The seed; the same seed gives the same layer.</param>
    /// <returns>A new synthetic layer; each RT has the same polygon as in <see cref="CreateRtLayer(int)"/> with the same seed (RWs are split independently).</returns>
    /// <exception cref="ArgumentException">No RW of the layer lies in <paramref name="area"/> (Kepulauan Seribu has none).</exception>
    public static BoundaryLayer CreateRtLayer(RegionCode area, int seed = 2012)
    {
        var rws = LoadRwLayer().Units.Where(u => area.Contains(u.Code)).ToList();
        if (rws.Count == 0)
        {
            throw new ArgumentException($"No RW of the 2012 layer lies in {area}.", nameof(area));
        }

        var layer = BoundaryLayer.Create($"{LoadRwLayer().Name}, RWs in {area}", rws.Select((u, i) => new BoundaryFeature(u.Key, u.Code, u.Name, u.Geometry, i, u.Attributes)));
        return SyntheticRtLayer.Build(layer, LoadRtList(), seed);
    }

    private static byte[] ReadBytes(string name)
    {
        using var stream = Open(name);
        using var buffer = new MemoryStream();
        if (name.EndsWith(".br", StringComparison.Ordinal))
        {
            using var brotli = new BrotliStream(stream, CompressionMode.Decompress);
            brotli.CopyTo(buffer);
        }
        else
        {
            stream.CopyTo(buffer);
        }

        return buffer.ToArray();
    }

    private static string ReadText(string name) => new StreamReader(new MemoryStream(ReadBytes(name)), detectEncodingFromByteOrderMarks: true).ReadToEnd();

    private static Stream Open(string name) =>
        typeof(JakartaData).Assembly.GetManifestResourceStream("Ksbb.Data.Jakarta." + name)
        ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from {typeof(JakartaData).Assembly.GetName().Name}; the package is damaged.");
}
