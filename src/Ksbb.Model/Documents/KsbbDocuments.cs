using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using static Ksbb.Model.Documents.DocumentIO;

namespace Ksbb.Model.Documents;

/// <summary>
/// Reads and writes the Ksbb JSON documents (UTF-8, camelCase, a <c>schema</c> in each; see <see cref="KsbbSchemas"/>).
/// The catalogue has its own methods on <see cref="Catalog.ProgrammeCatalog"/>.
/// </summary>
/// <remarks>
/// <para>
/// Serialization is source-generated (no reflection; trimming- and AOT-safe). Instants are ISO 8601 UTC strings,
/// periods and codes are strings in their canonical forms, positions are <c>[lon, lat]</c>.
/// </para>
/// <para>
/// A read error is a <see cref="DocumentException"/> whose message starts with the JSON path of the bad value, for
/// example <c>$.needs[3].unit: Region code '31.7' …</c>. Writers write to the stream and leave it open. Thread-safe.
/// </para>
/// </remarks>
public static class KsbbDocuments
{
    /// <summary>Writes a <c>ksbb.needs/1</c> document: <c>{ "schema", "needs": [ { "unit", "item", "period", "need" } ] }</c>.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="needs">The needs.</param>
    public static void WriteNeeds(Stream utf8Json, IEnumerable<Need> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        Write(utf8Json, new NeedsDto
        {
            Schema = KsbbSchemas.Needs,
            Needs = [.. needs.Select(n => new NeedDto { Unit = n.Unit, Item = n.Item, Period = n.Period, Need = n.Quantity })],
        }, KsbbJsonContext.Default.NeedsDto);
    }

    /// <summary>Reads a <c>ksbb.needs/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The needs, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static IReadOnlyList<Need> ReadNeeds(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.NeedsDto, KsbbSchemas.Needs, d => d.Schema);
        return Map(List(dto.Needs, "$.needs"), "$.needs", (n, p) =>
        {
            var unit = Required(n.Unit, p + ".unit");
            var item = Required(n.Item, p + ".item");
            var period = Required(n.Period, p + ".period");
            var quantity = NonNegative(Required(n.Need, p + ".need"), p + ".need");
            return Create(p, () => Need.Create(unit, item, period, quantity));
        });
    }

    /// <summary>Writes a <c>ksbb.offers/1</c> document: <c>{ "schema", "offers": [ { "id", "collaborator", "item", "quantity", "period", "pledgedAt", "via" | "origin", "areas" } ] }</c>.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="pledges">The pledges.</param>
    public static void WritePledges(Stream utf8Json, IEnumerable<Pledge> pledges)
    {
        ArgumentNullException.ThrowIfNull(pledges);
        Write(utf8Json, new PledgesDto
        {
            Schema = KsbbSchemas.Pledges,
            Pledges = [.. pledges.Select(o => new PledgeDto
            {
                Id = o.Id,
                Collaborator = o.Collaborator,
                Item = o.Item,
                Quantity = o.Quantity,
                Period = o.Period,
                PledgedAt = o.PledgedAt,
                Via = o.Aggregator,
                Origin = o.Origin,
                Areas = o.Areas.Count == 0 ? null : [.. o.Areas],
            })],
        }, KsbbJsonContext.Default.PledgesDto);
    }

    /// <summary>Reads a <c>ksbb.offers/1</c> document. A pledge with <c>via</c> goes through that aggregator and may not have <c>areas</c> or <c>origin</c>.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The pledges, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static IReadOnlyList<Pledge> ReadPledges(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.PledgesDto, KsbbSchemas.Pledges, d => d.Schema);
        return Map(List(dto.Pledges, "$.offers"), "$.offers", (o, p) =>
        {
            var id = Required(o.Id, p + ".id");
            var collaborator = Required(o.Collaborator, p + ".collaborator");
            var item = Required(o.Item, p + ".item");
            var quantity = Required(o.Quantity, p + ".quantity");
            if (quantity <= 0)
            {
                throw new DocumentException(p + ".quantity", $"must be a whole number > 0, not {quantity}.");
            }

            var period = Required(o.Period, p + ".period");
            var pledgedAt = Required(o.PledgedAt, p + ".pledgedAt");
            if (o.Via is { } via)
            {
                if (o.Areas is { Count: > 0 })
                {
                    throw new DocumentException(p + ".areas", "an offer via an aggregator cannot name areas: the aggregator's service areas apply.");
                }

                if (o.Origin is not null)
                {
                    throw new DocumentException(p + ".origin", "an offer via an aggregator has no origin: distances start at the aggregator's depot.");
                }

                return Create(p, () => Pledge.ViaAggregator(id, collaborator, item, quantity, period, pledgedAt, via));
            }

            return Create(p, () => Pledge.Direct(id, collaborator, item, quantity, period, pledgedAt, o.Origin, o.Areas));
        });
    }

    /// <summary>Writes a <c>ksbb.aggregators/1</c> document: <c>{ "schema", "aggregators": [ { "id", "name", "depot", "capacity", "serviceAreas" } ] }</c>.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="aggregators">The aggregators.</param>
    public static void WriteAggregators(Stream utf8Json, IEnumerable<Aggregator> aggregators)
    {
        ArgumentNullException.ThrowIfNull(aggregators);
        Write(utf8Json, new AggregatorsDto
        {
            Schema = KsbbSchemas.Aggregators,
            Aggregators = [.. aggregators.Select(a => new AggregatorDto
            {
                Id = a.Id,
                Name = a.Name,
                Depot = a.Depot,
                Capacity = a.Capacity,
                ServiceAreas = a.ServiceAreas.Count == 0 ? null : [.. a.ServiceAreas],
            })],
        }, KsbbJsonContext.Default.AggregatorsDto);
    }

    /// <summary>Reads a <c>ksbb.aggregators/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The aggregators, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static IReadOnlyList<Aggregator> ReadAggregators(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.AggregatorsDto, KsbbSchemas.Aggregators, d => d.Schema);
        return Map(List(dto.Aggregators, "$.aggregators"), "$.aggregators", (a, p) =>
        {
            var id = Required(a.Id, p + ".id");
            var name = RequiredText(a.Name, p + ".name");
            var depot = Required(a.Depot, p + ".depot");
            var capacity = NonNegative(Required(a.Capacity, p + ".capacity"), p + ".capacity");
            return Create(p, () => Aggregator.Create(id, name, depot, capacity, a.ServiceAreas));
        });
    }

    /// <summary>Writes a <c>ksbb.collaborators/1</c> document with contact details. <b>Personal data</b>: never publish it; publish <see cref="WritePublicCollaborators"/> instead.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="collaborators">The collaborator records.</param>
    public static void WriteCollaborators(Stream utf8Json, IEnumerable<Collaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        Write(utf8Json, new CollaboratorsDto
        {
            Schema = KsbbSchemas.Collaborators,
            Collaborators = [.. collaborators.Select(c => new CollaboratorDto
            {
                Id = c.Id,
                Name = c.Name,
                Category = CollaboratorTaxonomy.GetCode(c.Category),
                SubKind = c.SubKind == CollaboratorSubKind.None ? null : CollaboratorTaxonomy.GetCode(c.SubKind),
                PublishName = c.PublishName,
                Contact = c.Contact is not { } k ? null : new ContactDto { Person = k.ContactPerson, Phone = k.Phone, Email = k.Email, Address = k.Address },
            })],
        }, KsbbJsonContext.Default.CollaboratorsDto);
    }

    /// <summary>Reads a <c>ksbb.collaborators/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The records, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static IReadOnlyList<Collaborator> ReadCollaborators(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.CollaboratorsDto, KsbbSchemas.Collaborators, d => d.Schema);
        return Map(List(dto.Collaborators, "$.collaborators"), "$.collaborators", (c, p) =>
        {
            var (id, name, category, subKind) = ReadCollaboratorCore(c, p);
            var contact = c.Contact is not { } k ? null : Create(p + ".contact", () => ContactDetails.Create(k.Person, k.Phone, k.Email, k.Address));
            return Create(p, () => Collaborator.Create(id, name, category, subKind, contact, c.PublishName));
        });
    }

    /// <summary>Writes a <c>ksbb.collaborators-public/1</c> document: <c>{ "schema", "collaborators": [ { "id", "name", "category", "subKind" } ] }</c>, with no contact details.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="collaborators">The public views (see <see cref="Collaborator.ToPublic"/>).</param>
    public static void WritePublicCollaborators(Stream utf8Json, IEnumerable<PublicCollaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        Write(utf8Json, new CollaboratorsDto
        {
            Schema = KsbbSchemas.PublicCollaborators,
            Collaborators = [.. collaborators.Select(c => new CollaboratorDto
            {
                Id = c.Id,
                Name = c.DisplayName,
                Category = CollaboratorTaxonomy.GetCode(c.Category),
                SubKind = c.SubKind == CollaboratorSubKind.None ? null : CollaboratorTaxonomy.GetCode(c.SubKind),
            })],
        }, KsbbJsonContext.Default.CollaboratorsDto);
    }

    /// <summary>Reads a <c>ksbb.collaborators-public/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The public views, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed or carries contact details; the message starts with the JSON path.</exception>
    public static IReadOnlyList<PublicCollaborator> ReadPublicCollaborators(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.CollaboratorsDto, KsbbSchemas.PublicCollaborators, d => d.Schema);
        return Map(List(dto.Collaborators, "$.collaborators"), "$.collaborators", (c, p) =>
        {
            if (c.Contact is not null)
            {
                throw new DocumentException(p + ".contact", "a public document must not carry contact details.");
            }

            var (id, name, category, subKind) = ReadCollaboratorCore(c, p);
            return Create(p, () => PublicCollaborator.Create(id, name, category, subKind));
        });
    }

    private static (CollaboratorId Id, string Name, CollaboratorCategory Category, CollaboratorSubKind SubKind) ReadCollaboratorCore(CollaboratorDto c, string p)
    {
        var id = Required(c.Id, p + ".id");
        var name = RequiredText(c.Name, p + ".name");
        var categoryText = RequiredText(c.Category, p + ".category");
        if (!CollaboratorTaxonomy.TryParseCategory(categoryText, out var category))
        {
            throw new DocumentException(p + ".category", $"unknown category '{categoryText}'; expected one of {CollaboratorTaxonomy.CategoryCodes}.");
        }

        var subKind = CollaboratorSubKind.None;
        if (c.SubKind is { } subText && !CollaboratorTaxonomy.TryParseSubKind(subText, out subKind))
        {
            throw new DocumentException(p + ".subKind", $"unknown sub-kind '{subText}'; expected one of {CollaboratorTaxonomy.SubKindCodes}.");
        }

        return (id, name, category, subKind);
    }

    /// <summary>Writes a <c>ksbb.deliveries/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="deliveries">The deliveries.</param>
    public static void WriteDeliveries(Stream utf8Json, IEnumerable<Delivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        Write(utf8Json, new DeliveriesDto
        {
            Schema = KsbbSchemas.Deliveries,
            Deliveries = [.. deliveries.Select(d => new DeliveryDto
            {
                Id = d.Id,
                Collaborator = d.Collaborator,
                Unit = d.Unit,
                Item = d.Item,
                Period = d.Period,
                Quantity = d.Quantity,
                DeliveredAt = d.DeliveredAt,
                Aggregator = d.Aggregator,
                Reservation = d.Reservation,
            })],
        }, KsbbJsonContext.Default.DeliveriesDto);
    }

    /// <summary>Reads a <c>ksbb.deliveries/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The deliveries, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static IReadOnlyList<Delivery> ReadDeliveries(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.DeliveriesDto, KsbbSchemas.Deliveries, d => d.Schema);
        return Map(List(dto.Deliveries, "$.deliveries"), "$.deliveries", (d, p) =>
        {
            var id = Required(d.Id, p + ".id");
            var collaborator = Required(d.Collaborator, p + ".collaborator");
            var unit = Required(d.Unit, p + ".unit");
            var item = Required(d.Item, p + ".item");
            var period = Required(d.Period, p + ".period");
            var quantity = Positive(Required(d.Quantity, p + ".quantity"), p + ".quantity");
            var deliveredAt = Required(d.DeliveredAt, p + ".deliveredAt");
            return Create(p, () => Delivery.Create(id, collaborator, unit, item, period, quantity, deliveredAt, d.Aggregator, d.Reservation));
        });
    }

    /// <summary>Writes a <c>ksbb.area-lists/1</c> document: <c>{ "schema", "lists": [ { "name", "areas": [ { "area", "items" } ] } ] }</c>.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="lists">The lists.</param>
    public static void WriteAreaLists(Stream utf8Json, IEnumerable<AreaList> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        Write(utf8Json, new AreaListsDto
        {
            Schema = KsbbSchemas.AreaLists,
            Lists = [.. lists.Select(l => new AreaListDto
            {
                Name = l.Name,
                Areas = [.. l.Entries.Select(e => new AreaEntryDto { Area = e.Area, Items = [.. e.Items] })],
            })],
        }, KsbbJsonContext.Default.AreaListsDto);
    }

    /// <summary>Reads a <c>ksbb.area-lists/1</c> document.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <returns>The lists, in document order.</returns>
    /// <exception cref="DocumentException">The document is malformed; the message starts with the JSON path.</exception>
    public static IReadOnlyList<AreaList> ReadAreaLists(Stream utf8Json)
    {
        var dto = Read(utf8Json, KsbbJsonContext.Default.AreaListsDto, KsbbSchemas.AreaLists, d => d.Schema);
        return Map(List(dto.Lists, "$.lists"), "$.lists", (l, p) =>
        {
            var name = RequiredText(l.Name, p + ".name");
            var entries = Map(List(l.Areas, p + ".areas"), p + ".areas", (e, ep) =>
            {
                var area = Required(e.Area, ep + ".area");
                return Create(ep, () => AreaListEntry.Create(area, e.Items ?? []));
            });
            return Create(p, () => AreaList.Create(name, entries));
        });
    }

    private static List<TResult> Map<TDto, TResult>(IReadOnlyList<TDto?> items, string path, Func<TDto, string, TResult> map)
        where TDto : class
    {
        var result = new List<TResult>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            result.Add(map(Required(items[i], itemPath), itemPath));
        }

        return result;
    }

    private static T NonNegative<T>(T value, string path)
        where T : System.Numerics.INumber<T> =>
        value >= T.Zero ? value : throw new DocumentException(path, $"must be a whole number ≥ 0, not {value}.");

    private static T Positive<T>(T value, string path)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new DocumentException(path, $"must be a whole number > 0, not {value}.");
}
