using System.Data.Common;
using System.Globalization;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Ledger.Storage;

// Row mapping, once for every dialect: the column order is the one of LedgerStore's SELECT lists.
internal static class LedgerRows
{
    public static (long Id, NeedState State) Need(DbDataReader r) =>
        (r.GetInt64(0), new NeedState(Key(r, 1), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)));

    public static Reservation Reservation(DbDataReader r) => new(
        ReservationId.Parse(r.GetString(0)),
        IdempotencyKey.Parse(r.GetString(1)),
        CollaboratorId.Parse(r.GetString(2)),
        Key(r, 3),
        r.GetInt64(6),
        r.GetInt64(7),
        (ReservationStatus)Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
        Instant.FromUnixTimeTicks(r.GetInt64(9)),
        Instant.FromUnixTimeTicks(r.GetInt64(10)),
        Instant.FromUnixTimeTicks(r.GetInt64(11)),
        r.IsDBNull(12) ? null : r.GetString(12))
    {
        DeliverBy = r.IsDBNull(13) ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(r.GetString(13)).GetValueOrThrow(),
    };

    // Columns: reservation_id, evidence, lon, lat, located_unit, distance_m, acknowledgements.
    public static (ReservationId Id, DeliveryProof Proof) Proof(DbDataReader r)
    {
        var id = r.GetString(0);
        try
        {
            var evidence = r.GetString(1).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e =>
            {
                var colon = e.IndexOf(':', StringComparison.Ordinal);
                return DeliveryEvidence.Create(e[..colon], long.Parse(e[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
            });
            var geotag = r.IsDBNull(2) || r.IsDBNull(3) || r.IsDBNull(5)
                ? null
                : DeliveryGeotag.Create(GeoPoint.Create(r.GetDouble(2), r.GetDouble(3)), r.IsDBNull(4) ? null : RegionCode.Parse(r.GetString(4)), r.GetDouble(5));
            return (ReservationId.Parse(id), DeliveryProof.Create(evidence, geotag, Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture)));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            throw new LedgerStoreException($"The delivery proof of reservation '{id}' in the ledger is malformed: {ex.Message} Run 'ksbb ledger verify-chain'.");
        }
    }

    // Columns: id, name, category, sub_kind, publish_name, status.
    public static Collaborator Collaborator(DbDataReader r)
    {
        var id = r.GetString(0);
        var subKind = r.GetString(3);
        if (!CollaboratorId.TryParse(id, out var typed, out var error)
            || !CollaboratorTaxonomy.TryParseCategory(r.GetString(2), out var category, out error)
            || !CollaboratorTaxonomy.TryParseStatus(r.GetString(5), out var status, out error))
        {
            throw new LedgerStoreException($"Collaborator '{id}' in the ledger: {error}; correct the record with 'ksbb ledger collaborators'.");
        }

        var kind = CollaboratorSubKind.None;
        if (subKind.Length > 0 && !CollaboratorTaxonomy.TryParseSubKind(subKind, out kind))
        {
            throw new LedgerStoreException($"Collaborator '{id}' in the ledger: sub-kind '{subKind}' is not in the taxonomy.");
        }

        return Model.Collaborators.Collaborator.Create(typed, r.GetString(1), category, kind, null, Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture) != 0, status);
    }

    public static LedgerEvent Event(DbDataReader r) =>
        new(r.GetInt64(0), Instant.FromUnixTimeTicks(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5));

    private static NeedKey Key(DbDataReader r, int first) =>
        new(RegionCode.Parse(r.GetString(first)), ItemCode.Parse(r.GetString(first + 1)), DistributionPeriod.Parse(r.GetString(first + 2)));
}
