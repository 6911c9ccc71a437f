using System.Data.Common;
using System.Globalization;
using Ksbb.Model.Catalog;
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
        r.GetString(1),
        r.GetString(2),
        Key(r, 3),
        r.GetInt64(6),
        r.GetInt64(7),
        (ReservationStatus)Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
        Instant.FromUnixTimeTicks(r.GetInt64(9)),
        Instant.FromUnixTimeTicks(r.GetInt64(10)),
        Instant.FromUnixTimeTicks(r.GetInt64(11)),
        r.IsDBNull(12) ? null : r.GetString(12));

    public static Collaborator Collaborator(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2));

    public static LedgerEvent Event(DbDataReader r) =>
        new(r.GetInt64(0), Instant.FromUnixTimeTicks(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5));

    private static NeedKey Key(DbDataReader r, int first) =>
        new(RegionCode.Parse(r.GetString(first)), ItemCode.Parse(r.GetString(first + 1)), DistributionPeriod.Parse(r.GetString(first + 2)));
}
