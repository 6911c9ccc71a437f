using System.Globalization;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;
using NodaTime.Text;
using Ksbb.Model.Time;

namespace Ksbb.Model.Formats;

/// <summary>
/// Ksbb.Model's own file contracts as CSV (RFC 4180, UTF-8, comma): needs, pledges, aggregators, collaborators, points
/// and per-unit figures, for spreadsheets and systems not written in .NET.
/// </summary>
/// <remarks>
/// <para>
/// One reader serves every contract: a UTF-8 byte order mark and CRLF or LF line ends are accepted; columns are matched
/// by header name, in any order and case; optional columns may be left out; an unknown column is an error (it is usually
/// a typo). That reader is public as <see cref="CsvTable"/>: the other packages read their own contracts with it (the
/// ledger its roles and beneficiaries in <c>Ksbb.Ledger.LedgerCsv</c>, Ksbb.Geo the RT list and the kelurahan crosswalk
/// in <c>RtList.Read</c> and <c>KelurahanCrosswalk.Read</c>), with the same rules and placed errors. Fields are trimmed, blank lines skipped, quoted
/// fields may hold commas, doubled quotes and line breaks; a quote inside an unquoted field is an error.
/// </para>
/// <para>
/// Every writer goes through <see cref="CsvRecordWriter"/>: fields are quoted only where needed, and every text cell that
/// a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return; never a number such as <c>-6.2</c>) gets a leading <c>'</c>, which the readers remove again, so what is
/// written reads back unchanged.
/// </para>
/// <para>
/// Every read error is a <see cref="CsvFormatException"/> naming the source, the 1-based line and column and the
/// column's name, for example <c>needs.csv, line 7, column 3 (period): Period '2020-13' …</c>. Readers return the records
/// in file order (<see cref="ReadPoints"/> streams them); writers leave the <see cref="TextWriter"/> open. Stateless and
/// thread-safe. The column lists are in <c>docs/formats.md</c>.
/// </para>
/// </remarks>
public static class KsbbCsv
{
    private static readonly CsvColumn[] NeedColumns = [new("unit", true), new("item", true), new("period", true), new("need", true)];

    private static readonly CsvColumn[] PledgeColumns =
    [
        new("id", true), new("collaborator", true), new("item", true), new("quantity", true), new("period", true),
        new("pledged_at", true), new("via", false), new("origin_lon", false), new("origin_lat", false), new("areas", false),
    ];

    private static readonly CsvColumn[] CollaboratorColumns =
    [
        new("id", true), new("name", true), new("category", true), new("sub_kind", false), new("publish_name", false),
        new("contact_person", false), new("phone", false), new("email", false), new("address", false), new("status", false),
    ];

    private static readonly CsvColumn[] PublicCollaboratorColumns = [new("id", true), new("name", true), new("category", true), new("sub_kind", false)];

    private static readonly CsvColumn[] AggregatorColumns =
    [
        new("id", true), new("name", true), new("capacity", true), new("depot_lon", true), new("depot_lat", true), new("areas", false),
    ];

    private static readonly CsvColumn[] PointColumns = [new("lon", true), new("lat", true)];

    private static readonly CsvColumn[] UnitFigureColumns = [new("code", true), new("need", true), new("reserved", true), new("delivered", true)];

    /// <summary>Writes needs with the header <c>unit,item,period,need</c>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="needs">The needs.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteNeeds(TextWriter writer, IEnumerable<Need> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        using var csv = CsvRecordWriter.Create(writer, [.. NeedColumns.Select(c => c.Name)]);
        foreach (var n in needs)
        {
            csv.WriteRow([n.Unit.ToString(), n.Item.Value, n.Period.ToString(), CsvRecordWriter.N(n.Quantity)]);
        }
    }

    /// <summary>Reads needs: columns <c>unit,item,period,need</c> (all required).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The needs, in file order.</returns>
    /// <exception cref="CsvFormatException">The CSV is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<Need> ReadNeeds(TextReader reader, string sourceName = "needs.csv")
    {
        var needs = new List<Need>();
        var seen = new Dictionary<(RegionCode, ItemCode, DistributionPeriod), int>();
        CsvTable.ForEach(reader, sourceName, NeedColumns, r =>
        {
            var unit = r.Region(0);
            var item = Item(r, 1);
            var period = PeriodOf(r, 2);
            var quantity = r.Whole(3, 0);
            if (!seen.TryAdd((unit, item, period), r.Line))
            {
                throw r.Error(0, $"the need {unit} {item} {period} repeats line {seen[(unit, item, period)]}.");
            }

            needs.Add(Need.Create(unit, item, period, quantity));
        });
        return needs;
    }

    /// <summary>Writes pledges with the header <c>id,collaborator,item,quantity,period,pledged_at,via,origin_lon,origin_lat,areas</c>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="pledges">The pledges.</param>
    /// <remarks><c>areas</c> holds the area codes separated by spaces; <c>via</c> the aggregator of an indirect pledge.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WritePledges(TextWriter writer, IEnumerable<Pledge> pledges)
    {
        ArgumentNullException.ThrowIfNull(pledges);
        using var csv = CsvRecordWriter.Create(writer, [.. PledgeColumns.Select(c => c.Name)]);
        foreach (var o in pledges)
        {
            csv.WriteRow(
            [
                o.Id.Value, o.Collaborator.Value, o.Item.Value, CsvRecordWriter.N(o.Quantity), o.Period.ToString(), InstantPattern.ExtendedIso.Format(o.PledgedAt),
                o.Aggregator?.Value ?? string.Empty,
                o.Origin is { } p ? CsvRecordWriter.D(p.Longitude) : string.Empty,
                o.Origin is { } q ? CsvRecordWriter.D(q.Latitude) : string.Empty,
                string.Join(' ', o.Areas),
            ]);
        }
    }

    /// <summary>Reads pledges: required <c>id,collaborator,item,quantity,period,pledged_at</c>; optional <c>via</c>, <c>origin_lon</c>, <c>origin_lat</c>, <c>areas</c>.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The pledges, in file order.</returns>
    /// <remarks>
    /// A pledge with <c>via</c> goes through that aggregator and may not have an origin or areas. <c>origin_lon</c> and
    /// <c>origin_lat</c> come together (decimal degrees). <c>pledged_at</c> is an ISO 8601 UTC instant such as
    /// <c>2020-11-26T03:00:00Z</c>. Pledge ids are unique in a file.
    /// </remarks>
    /// <exception cref="CsvFormatException">The CSV is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<Pledge> ReadPledges(TextReader reader, string sourceName = "offers.csv")
    {
        var pledges = new List<Pledge>();
        var seen = new Dictionary<PledgeId, int>();
        CsvTable.ForEach(reader, sourceName, PledgeColumns, r =>
        {
            var id = r.Parse<PledgeId>(0, PledgeId.TryParse);
            if (!seen.TryAdd(id, r.Line))
            {
                throw r.Error(0, $"offer id '{id}' repeats line {seen[id]}.");
            }

            var collaborator = r.Parse<CollaboratorId>(1, CollaboratorId.TryParse);
            var item = Item(r, 2);
            var quantity = r.Whole(3, 1);
            var period = PeriodOf(r, 4);
            var pledged = InstantPattern.ExtendedIso.Parse(r.Required(5));
            if (!pledged.Success)
            {
                throw r.Error(5, $"'{r.Text(5)}' is not an ISO 8601 UTC instant such as 2020-11-26T03:00:00Z.");
            }

            GeoPoint? origin = null;
            var lonText = r.Text(7);
            var latText = r.Text(8);
            if (lonText.Length > 0 || latText.Length > 0)
            {
                var lon = Degrees(r, 7, 180);
                var lat = Degrees(r, 8, 90);
                origin = GeoPoint.Create(lon, lat);
            }

            var areas = new List<RegionCode>();
            foreach (var code in r.Text(9).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                areas.Add(RegionCode.TryParse(code, out var area, out var error) ? area : throw r.Error(9, error));
            }

            if (r.Text(6).Length > 0)
            {
                var via = r.Parse<AggregatorId>(6, AggregatorId.TryParse);
                if (origin is not null)
                {
                    throw r.Error(7, "an offer via an aggregator has no origin: distances start at the aggregator's depot.");
                }

                if (areas.Count > 0)
                {
                    throw r.Error(9, "an offer via an aggregator cannot name areas: the aggregator's service areas apply.");
                }

                pledges.Add(Pledge.ViaAggregator(id, collaborator, item, quantity, period, pledged.Value, via));
            }
            else
            {
                pledges.Add(Pledge.Direct(id, collaborator, item, quantity, period, pledged.Value, origin, areas));
            }
        });
        return pledges;
    }

    /// <summary>Reads aggregators (official distribution partners): required <c>id,name,capacity,depot_lon,depot_lat</c>; optional <c>areas</c>.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The aggregators, in file order.</returns>
    /// <remarks>
    /// <c>capacity</c> is how many items in all the partner can pass on (a whole number ≥ 0); the depot is in decimal
    /// degrees; <c>areas</c> holds service-area codes separated by spaces (empty: every unit). Ids are unique in a file.
    /// </remarks>
    /// <exception cref="CsvFormatException">The CSV is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<Aggregator> ReadAggregators(TextReader reader, string sourceName = "aggregators.csv")
    {
        var result = new List<Aggregator>();
        var seen = new Dictionary<AggregatorId, int>();
        CsvTable.ForEach(reader, sourceName, AggregatorColumns, r =>
        {
            var id = r.Parse<AggregatorId>(0, AggregatorId.TryParse);
            if (!seen.TryAdd(id, r.Line))
            {
                throw r.Error(0, $"aggregator id '{id}' repeats line {seen[id]}.");
            }

            var name = r.Required(1);
            var capacity = WholeLong(r, 2);
            var depot = GeoPoint.Create(Degrees(r, 3, 180), Degrees(r, 4, 90));
            var areas = new List<RegionCode>();
            foreach (var code in r.Text(5).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                areas.Add(RegionCode.TryParse(code, out var area, out var error) ? area : throw r.Error(5, error));
            }

            result.Add(Aggregator.Create(id, name, depot, capacity, areas));
        });
        return result;
    }

    /// <summary>
    /// Writes collaborator records with contact details: header
    /// <c>id,name,category,sub_kind,publish_name,contact_person,phone,email,address,status</c>. <b>Personal data</b>: never
    /// publish this file; publish <see cref="WritePublicCollaborators"/> instead.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="collaborators">The records.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteCollaborators(TextWriter writer, IEnumerable<Collaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        using var csv = CsvRecordWriter.Create(writer, [.. CollaboratorColumns.Select(c => c.Name)]);
        foreach (var c in collaborators)
        {
            csv.WriteRow(
            [
                c.Id.Value, c.Name, CollaboratorTaxonomy.GetCode(c.Category), SubKindCode(c.SubKind), c.PublishName ? "true" : "false",
                c.Contact?.ContactPerson ?? string.Empty, c.Contact?.Phone ?? string.Empty, c.Contact?.Email ?? string.Empty, c.Contact?.Address ?? string.Empty,
                CollaboratorTaxonomy.GetCode(c.Status),
            ]);
        }
    }

    /// <summary>Reads collaborator records: required <c>id,name,category</c>; optional <c>sub_kind,publish_name,contact_person,phone,email,address</c>.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The records, in file order.</returns>
    /// <remarks>
    /// <c>category</c> and <c>sub_kind</c> are the taxonomy codes (<see cref="CollaboratorTaxonomy.GetCode(CollaboratorCategory)"/>);
    /// <c>publish_name</c> is <c>true</c>, <c>false</c> or empty (the default: organisations yes, individuals no).
    /// Ids are unique in a file.
    /// </remarks>
    /// <exception cref="CsvFormatException">The CSV is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<Collaborator> ReadCollaborators(TextReader reader, string sourceName = "collaborators.csv")
    {
        var result = new List<Collaborator>();
        ReadCollaborators(reader, sourceName, CollaboratorColumns, result.Add);
        return result;
    }

    /// <summary>Writes the public view of collaborators: header <c>id,name,category,sub_kind</c>, no contact details.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="collaborators">The public views (see <see cref="Collaborator.ToPublic"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WritePublicCollaborators(TextWriter writer, IEnumerable<PublicCollaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        using var csv = CsvRecordWriter.Create(writer, [.. PublicCollaboratorColumns.Select(c => c.Name)]);
        foreach (var c in collaborators)
        {
            csv.WriteRow([c.Id.Value, c.DisplayName, CollaboratorTaxonomy.GetCode(c.Category), SubKindCode(c.SubKind)]);
        }
    }

    /// <summary>Reads the public view of collaborators: required <c>id,name,category</c>, optional <c>sub_kind</c>; any contact column is an error.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The public views, in file order.</returns>
    /// <exception cref="CsvFormatException">The CSV is malformed or has a contact column; the message names the line and column.</exception>
    public static IReadOnlyList<PublicCollaborator> ReadPublicCollaborators(TextReader reader, string sourceName = "collaborators-public.csv")
    {
        var result = new List<PublicCollaborator>();
        var seen = new Dictionary<CollaboratorId, int>();
        CsvTable.ForEach(reader, sourceName, PublicCollaboratorColumns, r =>
        {
            var (id, name, category, subKind) = CollaboratorCore(r, seen);
            result.Add(Create(r, 1, () => PublicCollaborator.Create(id, name, category, subKind)));
        });
        return result;
    }

    /// <summary>
    /// Writes needs as HXL-tagged CSV (Humanitarian Exchange Language: a hashtag row under the header) for humanitarian
    /// tools: <c>unit #loc+code</c>, <c>kota #adm2+code</c>, <c>kecamatan #adm3+code</c>, <c>kelurahan #adm4+code</c>,
    /// <c>item #item+code</c>, <c>programme #sector</c>, <c>period #date+period</c>, <c>need #targeted</c>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="needs">The needs (public data: no personal data).</param>
    /// <remarks>The tags match those of the ledger's public export, so the files join in HXL tools. A unit above a level leaves that level's column empty.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteNeedsHxl(TextWriter writer, IEnumerable<Need> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        using var csv = CsvRecordWriter.Create(
            writer,
            ["unit", "kota", "kecamatan", "kelurahan", "item", "programme", "period", "need"],
            ["#loc+code", "#adm2+code", "#adm3+code", "#adm4+code", "#item+code", "#sector", "#date+period", "#targeted"]);
        foreach (var n in needs)
        {
            csv.WriteRow([n.Unit.ToString(), Level(n.Unit, RegionLevel.Kota), Level(n.Unit, RegionLevel.Kecamatan), Level(n.Unit, RegionLevel.Kelurahan), n.Item.Value, n.Item.Programme, n.Period.ToString(), CsvRecordWriter.N(n.Quantity)]);
        }
    }

    /// <summary>
    /// Writes pledges as HXL-tagged CSV: <c>id #activity+code</c>, <c>collaborator #org+funder+code</c>,
    /// <c>via #org+impl+code</c> (the aggregator), <c>item #item+code</c>, <c>programme #sector</c>,
    /// <c>quantity #item+pledged+num</c>, <c>period #date+period</c>, <c>pledged_at #date+pledged</c>,
    /// <c>areas #loc+code+list</c>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="pledges">The pledges.</param>
    /// <remarks>The origin point is left out: it may be a donor's address.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WritePledgesHxl(TextWriter writer, IEnumerable<Pledge> pledges)
    {
        ArgumentNullException.ThrowIfNull(pledges);
        using var csv = CsvRecordWriter.Create(
            writer,
            ["id", "collaborator", "via", "item", "programme", "quantity", "period", "pledged_at", "areas"],
            ["#activity+code", "#org+funder+code", "#org+impl+code", "#item+code", "#sector", "#item+pledged+num", "#date+period", "#date+pledged", "#loc+code+list"]);
        foreach (var o in pledges)
        {
            csv.WriteRow([o.Id.Value, o.Collaborator.Value, o.Aggregator?.Value ?? string.Empty, o.Item.Value, o.Item.Programme, CsvRecordWriter.N(o.Quantity), o.Period.ToString(), InstantPattern.ExtendedIso.Format(o.PledgedAt), string.Join(' ', o.Areas)]);
        }
    }

    /// <summary>
    /// Writes the public view of collaborators as HXL-tagged CSV: <c>id #org+code</c>, <c>name #org+name</c>,
    /// <c>category #org+type</c>, <c>sub_kind #org+type+sub</c>. No contact details.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="collaborators">The public views (see <see cref="Collaborator.ToPublic"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WritePublicCollaboratorsHxl(TextWriter writer, IEnumerable<PublicCollaborator> collaborators)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        using var csv = CsvRecordWriter.Create(writer, ["id", "name", "category", "sub_kind"], ["#org+code", "#org+name", "#org+type", "#org+type+sub"]);
        foreach (var c in collaborators)
        {
            csv.WriteRow([c.Id.Value, c.DisplayName, CollaboratorTaxonomy.GetCode(c.Category), SubKindCode(c.SubKind)]);
        }
    }

    /// <summary>Streams points: header <c>lon,lat</c> (decimal degrees, WGS84), one point per record.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>
    /// Each point with its line, its coordinates and the longitude and latitude text as given (trimmed), read lazily: only
    /// the current record is held, so a file of any size can be read, and errors are thrown while enumerating.
    /// </returns>
    /// <exception cref="CsvFormatException">The CSV is malformed or a coordinate is not a finite number in range; the message names the line and column.</exception>
    public static IEnumerable<(int Line, double Longitude, double Latitude, string LongitudeText, string LatitudeText)> ReadPoints(TextReader reader, string sourceName = "points.csv")
    {
        foreach (var r in CsvTable.Read(reader, sourceName, PointColumns))
        {
            yield return (r.Line, Degrees(r, 0, 180), Degrees(r, 1, 90), r.Text(0), r.Text(1));
        }
    }

    /// <summary>Starts the output of a point lookup: header <c>lon,lat,PROPERTY</c>; write one record per point with <see cref="CsvRecordWriter.WriteRow"/>.</summary>
    /// <param name="writer">Where to write (left open).</param>
    /// <param name="property">The name of the third column (the looked-up feature property).</param>
    /// <returns>The writer.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static CsvRecordWriter CreateLocatedPointsWriter(TextWriter writer, string property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return CsvRecordWriter.Create(writer, [PointColumns[0].Name, PointColumns[1].Name, property]);
    }

    /// <summary>Reads per-unit figures: header <c>code,need,reserved,delivered</c> (the numbers whole and non-negative).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The figures in file order; codes are unique.</returns>
    /// <exception cref="CsvFormatException">The CSV is malformed, a number is not a whole number of 0 or more, or a code repeats; the message names the line and column.</exception>
    public static IReadOnlyList<(string Code, long Need, long Reserved, long Delivered)> ReadUnitFigures(TextReader reader, string sourceName = "values.csv")
    {
        var result = new List<(string, long, long, long)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        CsvTable.ForEach(reader, sourceName, UnitFigureColumns, r =>
        {
            var code = r.Required(0);
            if (!seen.TryAdd(code, r.Line))
            {
                throw r.Error(0, $"code '{code}' repeats line {seen[code]}.");
            }

            result.Add((code, WholeLong(r, 1), WholeLong(r, 2), WholeLong(r, 3)));
        });
        return result;
    }

    private static void ReadCollaborators(TextReader reader, string sourceName, CsvColumn[] columns, Action<Collaborator> add)
    {
        var seen = new Dictionary<CollaboratorId, int>();
        CsvTable.ForEach(reader, sourceName, columns, r =>
        {
            var (id, name, category, subKind) = CollaboratorCore(r, seen);
            bool? publish = r.Text(4).ToLowerInvariant() switch
            {
                "" => null,
                "true" or "yes" or "1" => true,
                "false" or "no" or "0" => false,
                var other => throw r.Error(4, $"'{other}' is not true or false."),
            };
            ContactDetails? contact = null;
            if (Enumerable.Range(5, 4).Any(i => r.Text(i).Length > 0))
            {
                contact = Create(r, 5, () => ContactDetails.Create(Optional(r.Text(5)), Optional(r.Text(6)), Optional(r.Text(7)), Optional(r.Text(8))));
            }

            // The lifecycle status is optional (active when absent); the taxonomy is the one rule for its codes.
            var status = CollaboratorStatus.Active;
            var statusText = r.Text(9);
            if (statusText.Length > 0 && !CollaboratorTaxonomy.TryParseStatus(statusText, out status, out var statusError))
            {
                throw r.Error(9, statusError);
            }

            add(Create(r, 1, () => Collaborator.Create(id, name, category, subKind, contact, publish, status)));
        });
    }

    private static (CollaboratorId Id, string Name, CollaboratorCategory Category, CollaboratorSubKind SubKind) CollaboratorCore(CsvRecord r, Dictionary<CollaboratorId, int> seen)
    {
        var id = r.Parse<CollaboratorId>(0, CollaboratorId.TryParse);
        if (!seen.TryAdd(id, r.Line))
        {
            throw r.Error(0, $"collaborator id '{id}' repeats line {seen[id]}.");
        }

        var name = r.Required(1);
        var categoryText = r.Required(2);
        if (!CollaboratorTaxonomy.TryParseCategory(categoryText, out var category))
        {
            throw r.Error(2, $"unknown category '{categoryText}'; expected one of {CollaboratorTaxonomy.CategoryCodes}.");
        }

        var subKind = CollaboratorSubKind.None;
        var subText = r.Text(3);
        if (subText.Length > 0 && !CollaboratorTaxonomy.TryParseSubKind(subText, out subKind))
        {
            throw r.Error(3, $"unknown sub-kind '{subText}'; expected one of {CollaboratorTaxonomy.SubKindCodes}.");
        }

        return (id, name, category, subKind);
    }

    private static ItemCode Item(CsvRecord r, int column) =>
        ItemCode.TryParse(r.Required(column), out var code, out var error) ? code : throw r.Error(column, error);

    private static DistributionPeriod PeriodOf(CsvRecord r, int column) =>
        DistributionPeriod.TryParse(r.Required(column), out var period, out var error) ? period : throw r.Error(column, error);

    private static long WholeLong(CsvRecord r, int column)
    {
        var text = r.Required(column);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw r.Error(column, $"'{text}' is not a whole number of 0 or more.");
    }

    private static double Degrees(CsvRecord r, int column, double limit)
    {
        var text = r.Required(column);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && Math.Abs(value) <= limit
            ? value
            : throw r.Error(column, string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a decimal number of degrees from -{limit} to {limit}."));
    }

    private static T Create<T>(CsvRecord r, int column, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw r.Error(column, ex.Message);
        }
    }

    private static string? Optional(string text) => text.Length == 0 ? null : text;

    private static string SubKindCode(CollaboratorSubKind subKind) => subKind == CollaboratorSubKind.None ? string.Empty : CollaboratorTaxonomy.GetCode(subKind);

    private static string Level(RegionCode unit, RegionLevel level) => unit.Level >= level ? unit.AncestorAt(level).ToString() : string.Empty;
}
