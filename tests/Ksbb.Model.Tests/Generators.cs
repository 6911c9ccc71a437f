using FsCheck;
using FsCheck.Fluent;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.Model.Tests;

/// <summary>FsCheck generators of valid domain values.</summary>
internal static class Generators
{
    public static Gen<RegionCode> Units() =>
        from kota in Gen.Elements(1, 71, 72, 73, 74, 75)
        from kec in Gen.Choose(1, 10)
        from kel in Gen.Choose(1001, 1020)
        from rw in Gen.Choose(1, 20)
        from rt in Gen.Choose(0, 15)
        let kelurahan = RegionCode.Parse($"31.{kota:D2}.{kec:D2}.{kel}")
        let rwCode = RegionCode.ForRw(kelurahan, rw)
        select rt == 0 ? rwCode : RegionCode.ForRt(rwCode, rt);

    public static Gen<RegionCode> Areas() =>
        from unit in Units()
        from level in Gen.Choose(2, (int)unit.Level)
        select unit.AncestorAt((RegionLevel)level);

    public static Gen<ItemCode> Items() => Gen.Elements(ProgrammeCatalog.Default.Items.Select(i => i.Code).ToArray());

    public static Gen<DistributionPeriod> Periods() => Gen.OneOf(
        from y in Gen.Choose(2020, 2030) from m in Gen.Choose(1, 12) select DistributionPeriod.ForMonth(y, m),
        from y in Gen.Choose(2020, 2030) from w in Gen.Choose(1, 52) select DistributionPeriod.ForIsoWeek(y, w),
        from start in Gen.Choose(0, 3000) from days in Gen.Choose(0, 60)
        let d = new LocalDate(2020, 1, 1).PlusDays(start)
        select DistributionPeriod.ForRange(d, d.PlusDays(days)));

    public static Gen<Instant> Instants() =>
        from seconds in Gen.Choose(0, 400_000_000)
        from nanos in Gen.Choose(0, 999_999_999)
        select Instant.FromUtc(2020, 1, 1, 0, 0).PlusTicks(0) + Duration.FromSeconds(seconds) + Duration.FromNanoseconds(nanos);

    public static Gen<string> Ids(string prefix) => Gen.Choose(1, 99_999).Select(i => $"{prefix}-{i}");

    public static Gen<GeoPoint> Points() =>
        from lon in Gen.Choose(-180_000_000, 180_000_000)
        from lat in Gen.Choose(-90_000_000, 90_000_000)
        select GeoPoint.Create(lon / 1e6, lat / 1e6);

    public static Gen<Need> Needs() =>
        from unit in Units() from item in Items() from period in Periods() from quantity in Gen.Choose(0, 100_000)
        select Need.Create(unit, item, period, quantity);

    public static Gen<Pledge> Pledges() =>
        from id in Ids("o") from collaborator in Ids("c") from item in Items() from quantity in Gen.Choose(1, 1_000_000)
        from period in Periods() from at in Instants()
        from via in Gen.Choose(0, 3)
        from origin in Points()
        from hasOrigin in Gen.Elements(true, false)
        from areas in Gen.ListOf(Areas(), 3)
        select via == 0
            ? Pledge.ViaAggregator(PledgeId.Parse(id), CollaboratorId.Parse(collaborator), item, quantity, period, at, AggregatorId.Parse($"agg-{quantity % 7}"))
            : Pledge.Direct(PledgeId.Parse(id), CollaboratorId.Parse(collaborator), item, quantity, period, at, hasOrigin ? origin : null, areas.Take(via - 1));

    public static Gen<Aggregator> Aggregators() =>
        from id in Ids("agg") from depot in Points() from capacity in Gen.Choose(0, 1_000_000) from areas in Gen.ListOf(Areas(), 3)
        select Aggregator.Create(AggregatorId.Parse(id), $"Mitra {id}", depot, capacity, areas);

    public static Gen<Collaborator> Collaborators() =>
        from id in Ids("c")
        from category in Gen.Elements(CollaboratorTaxonomy.Categories.ToArray())
        from subKind in Gen.Elements(CollaboratorTaxonomy.SubKinds.Append(CollaboratorSubKind.None).ToArray())
        from phone in Gen.Choose(1_000_000, 9_999_999)
        from hasContact in Gen.Elements(true, false)
        from publish in Gen.Elements<bool?>(true, false, null)
        select Collaborator.Create(
            CollaboratorId.Parse(id), $"Kolaborator {id}", category,
            category == CollaboratorCategory.LsmOmsPbbUniversitas ? subKind : CollaboratorSubKind.None,
            hasContact ? ContactDetails.Create($"Kontak {id}", $"+62 21 {phone}", $"{id}@example.org", "Jalan Contoh") : null,
            publish);

    public static Gen<Delivery> Deliveries() =>
        from id in Ids("d") from collaborator in Ids("c") from unit in Units() from item in Items() from period in Periods()
        from quantity in Gen.Choose(1, 10_000) from at in Instants() from agg in Gen.Choose(0, 5) from reservation in Gen.Choose(0, 50)
        select Delivery.Create(DeliveryId.Parse(id), CollaboratorId.Parse(collaborator), unit, item, period, quantity, at,
            agg == 0 ? null : AggregatorId.Parse($"agg-{agg}"), reservation == 0 ? null : ReservationId.Parse($"r-{reservation}"));
}
