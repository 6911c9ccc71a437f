using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ksbb.Model.Catalog;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;

namespace Ksbb.Ledger.Export;

/// <summary>
/// The public transparency view of a ledger: per unit and item, who helps and how much, with no personal data.
/// Written as JSON, as CSV with HXL hashtags, or as flat per-unit properties for a map.
/// </summary>
/// <remarks>
/// <para>
/// Published: region codes, items, periods, quantities, collaborator names and categories (individuals as
/// <see cref="Ksbb.Model.Collaborators.PublicCollaborator.AnonymousName"/> for an individual who has not consented, unless <see cref="PublicExportOptions.NameIndividuals"/>), and household counts. Never published:
/// household identifiers or their hashes, idempotency keys, reservation identifiers, cancellation reasons, evidence
/// hashes and geotags (a need shows only how many of its deliveries stand verified, with evidence, or located outside
/// the claimed unit: <see cref="PublicNeedRecord.Deliveries"/>).
/// </para>
/// <para>
/// Small counts: a need's household count (at any level: RT, RW or coarser) below
/// <see cref="PublicExportOptions.HouseholdThreshold"/> is suppressed, and so is every figure that would give it back:
/// the need's reserved and delivered quantities, each helper's, and in <see cref="UnitProperties"/> the unit's
/// totals, remaining quantity and fill rate (a delivered quantity counts the households served, and once everything
/// reserved is delivered the fill is the delivered quantity). Suppressed RT counts are rolled up to the RW
/// (<see cref="RwRollups"/>), where the total is published only if it reaches the threshold; the RTs' own quantities
/// stay hidden, so the total cannot be split back into them. The need and the helpers' names stay published.
/// </para>
/// <para>Immutable once created; thread-safe.</para>
/// </remarks>
public sealed class PublicExport
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private PublicExport(IReadOnlyList<PublicNeedRecord> needs, IReadOnlyList<PublicRwRollup> rollups, PublicExportOptions options, string chainHead)
    {
        ChainHead = chainHead;
        Needs = needs;
        RwRollups = rollups;
        Options = options;
    }

    /// <summary>Gets the published needs, ordered by unit, item and period.</summary>
    public IReadOnlyList<PublicNeedRecord> Needs { get; }

    /// <summary>Gets the RW roll-ups of suppressed RT household counts.</summary>
    public IReadOnlyList<PublicRwRollup> RwRollups { get; }

    /// <summary>Gets the settings used.</summary>
    public PublicExportOptions Options { get; }

    /// <summary>Gets the event chain's head hash when the ledger verified intact (publish it beside the export; check it later with <c>ksbb ledger verify-chain --expect-head</c>), or the empty string.</summary>
    /// <remarks>Not written into the export files, whose text never holds a 64-digit hash (so no household hash can hide there).</remarks>
    public string ChainHead { get; }

    /// <summary>Builds the public view of a ledger as of its clock's now.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PublicExportOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The export.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is below 1.</exception>
    public static async Task<PublicExport> CreateAsync(ReservationLedger ledger, PublicExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        options ??= PublicExportOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HouseholdThreshold, 1, "options.HouseholdThreshold");

        var collaborators = new Dictionary<string, Collaborator>(StringComparer.Ordinal);
        await foreach (var c in ledger.Store.ReadCollaboratorsAsync(cancellationToken).ConfigureAwait(false))
        {
            collaborators[c.Id.Value] = c;
        }

        var householdCounts = new Dictionary<ReservationId, int>();
        await foreach (var (id, count) in ledger.Store.ReadHouseholdCountsAsync(cancellationToken).ConfigureAwait(false))
        {
            householdCounts[id] = count;
        }

        var proofs = new Dictionary<ReservationId, DeliveryProof>();
        await foreach (var (id, proof) in ledger.Store.ReadProofsAsync(cancellationToken).ConfigureAwait(false))
        {
            proofs[id] = proof;
        }

        var byNeed = new Dictionary<NeedKey, List<Reservation>>();
        await foreach (var r in ledger.ReadReservationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!byNeed.TryGetValue(r.Need, out var list))
            {
                byNeed[r.Need] = list = [];
            }

            list.Add(r);
        }

        var catalog = options.Catalog ?? ProgrammeCatalog.Default;
        long? InNeed(NeedState need) => catalog.TryGetItem(need.Key.Item, out var item, out _) ? item.HouseholdsIn(need.Need) : null;
        var needs = new List<PublicNeedRecord>();
        var rollups = new Dictionary<NeedKey, (int Rts, int Households)>();
        await foreach (var need in ledger.ReadNeedsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (options.Period is { } only && need.Key.Period != only)
            {
                continue;
            }

            var reservations = byNeed.GetValueOrDefault(need.Key) ?? [];
            var helpers = reservations
                .Where(r => r.Status is ReservationStatus.Reserved or ReservationStatus.Delivered or ReservationStatus.Verified)
                .GroupBy(r => r.Collaborator.Value, StringComparer.Ordinal)
                .Select(g =>
                {
                    var (name, category) = PublicName(g.Key, collaborators, options);
                    return (Name: name, Category: category,
                        Reserved: g.Where(r => r.Status == ReservationStatus.Reserved).Sum(r => r.Quantity),
                        Delivered: g.Where(r => r.Status != ReservationStatus.Reserved).Sum(r => r.DeliveredQuantity));
                })
                .GroupBy(h => (h.Name, h.Category))
                .Select(g => new PublicHelper(g.Key.Name, g.Key.Category, g.Sum(h => h.Reserved), g.Sum(h => h.Delivered)))
                .OrderBy(h => h.Name, StringComparer.Ordinal)
                .ThenBy(h => h.Category, StringComparer.Ordinal)
                .ToList();
            var households = reservations
                .Where(r => r.Status is ReservationStatus.Delivered or ReservationStatus.Verified)
                .Sum(r => householdCounts.GetValueOrDefault(r.Id));
            if (households > 0 && households < options.HouseholdThreshold)
            {
                // Suppressed with every quantity that would give the count back (see the remarks).
                if (need.Key.Unit.Level == RegionLevel.Rt)
                {
                    var rwKey = need.Key with { Unit = need.Key.Unit.AncestorAt(RegionLevel.Rw) };
                    var (rts, total) = rollups.GetValueOrDefault(rwKey);
                    rollups[rwKey] = (rts + 1, total + households);
                }

                needs.Add(new PublicNeedRecord(
                    need.Key.Unit, need.Key.Item, need.Key.Period, need.Need, null, null, null,
                    [.. helpers.Select(h => h with { Reserved = null, Delivered = null })]) { HouseholdsInNeed = InNeed(need) });
                continue;
            }

            var standings = reservations
                .Select(r => DeliveryProof.StandingOf(r.Status, proofs.GetValueOrDefault(r.Id)))
                .Where(s => s != DeliveryStanding.None)
                .GroupBy(s => s)
                .OrderBy(g => g.Key)
                .Select(g => new PublicDeliveryCount(DeliveryProof.Code(g.Key), g.Count()))
                .ToList();
            needs.Add(new PublicNeedRecord(need.Key.Unit, need.Key.Item, need.Key.Period, need.Need, need.Reserved, need.Delivered, households, helpers) { Deliveries = standings, HouseholdsInNeed = InNeed(need) });
        }

        var rwRollups = rollups
            .OrderBy(p => p.Key.Unit).ThenBy(p => p.Key.Item).ThenBy(p => p.Key.Period)
            .Select(p => new PublicRwRollup(p.Key.Unit, p.Key.Item, p.Key.Period, p.Value.Rts, p.Value.Households >= options.HouseholdThreshold ? p.Value.Households : null))
            .ToList();
        var chain = await ledger.VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        return new PublicExport(needs, rwRollups, options, chain.IsIntact ? chain.HeadHash : string.Empty);
    }

    /// <summary>Totals per unit over the exported items and periods, for map feature properties.</summary>
    /// <returns>One record per unit, ordered by unit.</returns>
    public IReadOnlyList<PublicUnitProperties> UnitProperties() =>
        Needs.GroupBy(n => n.Unit).OrderBy(g => g.Key).Select(g =>
        {
            var need = g.Sum(n => n.Need);
            var suppressed = g.Any(n => n.Reserved is null || n.Delivered is null);
            var reserved = g.Sum(n => n.Reserved ?? 0);
            var delivered = g.Sum(n => n.Delivered ?? 0);
            var names = g.SelectMany(n => n.Helpers).Select(h => h.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            int? households = g.Any(n => n.Households is null) ? null : g.Sum(n => n.Households!.Value);
            return new PublicUnitProperties(
                g.Key.ToString(),
                LevelName(g.Key.Level),
                need,
                suppressed ? null : reserved,
                suppressed ? null : delivered,
                suppressed ? null : Math.Max(0, need - reserved - delivered),
                suppressed ? null : need == 0 ? 1.0 : Math.Round((double)(reserved + delivered) / need, 4),
                string.Join("; ", names),
                names.Count,
                households) { HouseholdsInNeed = g.Max(n => n.HouseholdsInNeed) };
        }).ToList();

    /// <summary>Writes the export as indented JSON: <c>{ "threshold", "needs": [ … { "helpers": [ … ] } ], "rwRollups": [ … ] }</c>.</summary>
    /// <param name="stream">The destination (UTF-8).</param>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteNumber("householdThreshold", Options.HouseholdThreshold);
        w.WriteStartArray("needs");
        foreach (var n in Needs)
        {
            w.WriteStartObject();
            w.WriteString("unit", n.Unit.ToString());
            w.WriteString("item", n.Item.Value);
            w.WriteString("period", n.Period.ToString());
            w.WriteNumber("need", n.Need);
            WriteNullable(w, "householdsInNeed", n.HouseholdsInNeed);
            WriteNullable(w, "reserved", n.Reserved);
            WriteNullable(w, "delivered", n.Delivered);
            WriteNullable(w, "households", n.Households);
            if (n.Deliveries is { } deliveries)
            {
                w.WriteStartObject("deliveries");
                foreach (var d in deliveries)
                {
                    w.WriteNumber(d.Standing, d.Count);
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("deliveries");
            }

            w.WriteStartArray("helpers");
            foreach (var h in n.Helpers)
            {
                w.WriteStartObject();
                w.WriteString("name", h.Name);
                w.WriteString("category", h.Category);
                WriteNullable(w, "reserved", h.Reserved);
                WriteNullable(w, "delivered", h.Delivered);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("rwRollups");
        foreach (var r in RwRollups)
        {
            w.WriteStartObject();
            w.WriteString("rw", r.Rw.ToString());
            w.WriteString("item", r.Item.Value);
            w.WriteString("period", r.Period.ToString());
            w.WriteNumber("suppressedRts", r.SuppressedRts);
            WriteNullable(w, "households", r.Households);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes flat per-unit properties as JSON: <c>{ "units": [ { "unit", "level", "need", … } ] }</c>, ready to join onto map features by <c>unit</c>.</summary>
    /// <param name="stream">The destination (UTF-8).</param>
    public void WriteUnitPropertiesJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteStartArray("units");
        foreach (var u in UnitProperties())
        {
            w.WriteStartObject();
            w.WriteString("unit", u.Unit);
            w.WriteString("level", u.Level);
            w.WriteNumber("need", u.Need);
            WriteNullable(w, "householdsInNeed", u.HouseholdsInNeed);
            WriteNullable(w, "reserved", u.Reserved);
            WriteNullable(w, "delivered", u.Delivered);
            WriteNullable(w, "remaining", u.Remaining);
            if (u.FillRate is { } fillRate)
            {
                w.WriteNumber("fillRate", fillRate);
            }
            else
            {
                w.WriteNull("fillRate");
            }

            w.WriteString("helpers", u.Helpers);
            w.WriteNumber("helperCount", u.HelperCount);
            WriteNullable(w, "households", u.Households);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes the export as CSV with an HXL hashtag row under the header; one row per need and helper (a need without helpers has one row with an empty organisation).</summary>
    /// <param name="writer">The destination.</param>
    /// <remarks>
    /// Columns and hashtags: unit <c>#loc+code</c>, provinsi <c>#adm1+code</c>, kota <c>#adm2+code</c>, kecamatan
    /// <c>#adm3+code</c>, kelurahan <c>#adm4+code</c>, rw <c>#adm5+code</c>, rt <c>#loc+rt+code</c>, item
    /// <c>#item+code</c>, programme <c>#sector</c>, period <c>#date+period</c>, organisation <c>#org+name</c>, category
    /// <c>#org+type</c>, need <c>#targeted</c>, reserved <c>#targeted+reserved</c>, delivered <c>#reached</c>, households
    /// <c>#reached+households</c>, deliveries <c>#status+deliveries</c> (for example <c>verified-with-evidence 2; delivered 1</c>, see
    /// <see cref="PublicNeedRecord.Deliveries"/>), households in need <c>#inneed+households</c> (the need in households by the catalogue's
    /// per-household rule; empty for items not counted per household). The need, household and deliveries columns repeat on each helper row of a need: do not sum them
    /// across rows. Suppressed figures (small counts, see the class remarks) are empty cells. Text that a spreadsheet would run as a formula (an organisation named <c>=HYPERLINK(…)</c>) is written
    /// with a leading <c>'</c> (<see cref="CsvRecordWriter"/>).
    /// </remarks>
    public void WriteHxlCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var csv = CsvRecordWriter.Create(
            writer,
            ["unit", "provinsi", "kota", "kecamatan", "kelurahan", "rw", "rt", "item", "programme", "period", "organisation", "category", "need", "reserved", "delivered", "households", "deliveries", "households_in_need"],
            ["#loc+code", "#adm1+code", "#adm2+code", "#adm3+code", "#adm4+code", "#adm5+code", "#loc+rt+code", "#item+code", "#sector", "#date+period", "#org+name", "#org+type", "#targeted", "#targeted+reserved", "#reached", "#reached+households", "#status+deliveries", "#inneed+households"]);
        RegionLevel[] levels = [RegionLevel.Provinsi, RegionLevel.Kota, RegionLevel.Kecamatan, RegionLevel.Kelurahan, RegionLevel.Rw, RegionLevel.Rt];
        foreach (var n in Needs)
        {
            var households = n.Households?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
            var deliveries = n.Deliveries is { } d ? string.Join("; ", d.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Standing} {c.Count}"))) : string.Empty;
            var rows = n.Helpers.Count == 0 ? [new PublicHelper(string.Empty, string.Empty, n.Reserved, n.Delivered)] : n.Helpers;
            foreach (var h in rows)
            {
                csv.WriteRow(
                [
                    n.Unit.ToString(), .. levels.Select(level => n.Unit.Level >= level ? n.Unit.AncestorAt(level).ToString() : string.Empty),
                    n.Item.Value, n.Item.Programme, n.Period.ToString(), h.Name, h.Category,
                    Number(n.Need), Number(h.Reserved), Number(h.Delivered), households, deliveries, Number(n.HouseholdsInNeed),
                ]);
            }
        }
    }

    private static (string Name, string Category) PublicName(string id, Dictionary<string, Collaborator> collaborators, PublicExportOptions options)
    {
        if (!collaborators.TryGetValue(id, out var c))
        {
            return ("unregistered", "unknown");
        }

        // The model's one naming rule (Collaborator.ToPublic): named with the person's consent, otherwise the anonymous label.
        var shown = options.NameIndividuals ? c.WithPublishName(true) : c;
        return (shown.ToPublic().DisplayName, CollaboratorTaxonomy.GetCode(c.Category));
    }

    private static string LevelName(RegionLevel level) => level switch
    {
        RegionLevel.Provinsi => "provinsi",
        RegionLevel.Kota => "kota",
        RegionLevel.Kecamatan => "kecamatan",
        RegionLevel.Kelurahan => "kelurahan",
        RegionLevel.Rw => "rw",
        RegionLevel.Rt => "rt",
        _ => "none",
    };

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
