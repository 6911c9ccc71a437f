using Ksbb.Geo;
using SharedData = Ksbb.Tests.JakartaData;

namespace Ksbb.Data.Jakarta.Tests;

/// <summary>The original public files the package was generated from, read with Ksbb.Geo's own readers. Absent in a
/// fresh clone (the tests skip, saying so), but required when <c>CI=true</c>: there a missing folder fails the test.</summary>
internal static class Originals
{
    private static readonly Lazy<(BoundaryLayer Layer, BoundaryIndex Index)> Rw = new(() =>
    {
        var crosswalk = KelurahanCrosswalk.Read(Path("codes/rw_layer_kelurahan_to_kode.csv"));
        var layer = BoundaryReader.Read(Path("rw/rw_jakarta_osm_2014.geojson"), FeatureKeying.ByRwNames(crosswalk));
        return (layer, BoundaryIndex.Create(layer));
    });

    public static (BoundaryLayer Layer, BoundaryIndex Index) RwLayer
    {
        get
        {
            Path("rw/rw_jakarta_osm_2014.geojson");
            return Rw.Value;
        }
    }

    public static string Path(string relativePath) => SharedData.PathOrSkip(relativePath);
}
