using Ksbb.Model.Catalog;
using Ksbb.Model.Formats;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Distribution;
using Ksbb.Model.Needs;
using Ksbb.Ledger.Households;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Cli.Ledger;

/// <summary>Reading the ledger command's input files and opening the store.</summary>
internal static class LedgerFiles
{
    /// <summary>The environment variable holding the household hashing key (hex or Base64, at least 32 bytes).</summary>
    public const string HouseholdKeyVariable = "KSBB_HOUSEHOLD_KEY";

    public static async Task<ReservationLedger> OpenAsync(FileInfo db, bool create, Duration? lifetime = null, bool needHouseholdKey = false, IClock? clock = null, RuleData? rules = null, CancellationToken ct = default)
    {
        // A SQLite file or a PostgreSQL connection string (FileInfo keeps the --db text as given).
        var store = await LedgerStores.OpenAsync(db.ToString(), create, ct).ConfigureAwait(false);

        HouseholdHasher? hasher = null;
        var keyText = Environment.GetEnvironmentVariable(HouseholdKeyVariable);
        if (!string.IsNullOrWhiteSpace(keyText))
        {
            try
            {
                hasher = HouseholdHasher.FromText(keyText);
            }
            catch (ArgumentException ex)
            {
                throw new CliInputException($"{HouseholdKeyVariable}: {ex.Message}", ex);
            }
        }
        else if (needHouseholdKey)
        {
            throw new CliInputException($"Naming households needs the hashing key in the {HouseholdKeyVariable} environment variable (hex or Base64, at least 32 random bytes; the same key for every run on this ledger).");
        }

        return ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = clock ?? SystemClock.Instance,
            ReservationLifetime = lifetime ?? Duration.FromDays(7),
            Households = hasher,
            Catalog = rules?.Catalog ?? ProgrammeCatalog.Default,
            AreaLists = rules?.AreaLists ?? [],
            Beneficiaries = rules?.Beneficiaries,
        });
    }

    /// <summary>The data the catalogue's rules are checked against, as the options <c>--catalog</c>, <c>--area-lists</c> and <c>--beneficiaries</c> give it.</summary>
    public sealed record RuleData(ProgrammeCatalog? Catalog, IReadOnlyList<Ksbb.Model.Catalog.Eligibility.AreaList>? AreaLists, Ksbb.Model.Catalog.Eligibility.IBeneficiaryDirectory? Beneficiaries);

    /// <summary>Reads the rule data files named by the options (each optional); errors name the option, file and place.</summary>
    public static RuleData ReadRuleData(string? catalog, string? areaLists, string? beneficiaries) => new(
        catalog is null ? null : ReadJson(catalog, "--catalog", path => ProgrammeCatalog.Default.With(ProgrammeCatalog.Load(path))),
        areaLists is null ? null : ReadJson(areaLists, "--area-lists", path =>
        {
            using var stream = File.OpenRead(path);
            return Ksbb.Model.Documents.KsbbDocuments.ReadAreaLists(stream);
        }),
        beneficiaries is null ? null : ReadBeneficiaries(beneficiaries));

    private static BeneficiaryDirectory ReadBeneficiaries(string file)
    {
        var path = Existing(file, "--beneficiaries");
        try
        {
            return BeneficiaryDirectory.Load(path);
        }
        catch (CsvFormatException ex)
        {
            // The message names the file, line and column; never the identifier.
            throw new CliInputException($"--beneficiaries {ex.Message}", ex);
        }
    }

    private static T ReadJson<T>(string file, string option, Func<string, T> read)
    {
        var path = Existing(file, option);
        try
        {
            return read(path);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new CliInputException($"{option} {path}: {ex.Message}", ex);
        }
    }

    private static string Existing(string path, string option)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new CliInputException($"{option} {full}: no such file.");
    }

    public static NeedKey ParseNeed(string unit, string item, string period, string where)
    {
        if (!RegionCode.TryParse(unit, out var u, out var error))
        {
            throw new CliInputException($"{where}: unit '{unit}': {error}");
        }

        if (!ItemCode.TryParse(item, out var i, out error))
        {
            throw new CliInputException($"{where}: item '{item}': {error}");
        }

        if (!DistributionPeriod.TryParse(period, out var p, out error))
        {
            throw new CliInputException($"{where}: period '{period}': {error}");
        }

        return new NeedKey(u, i, p);
    }

    public static ReservationId ParseId(string text) =>
        ReservationId.TryParse(text, out var id) ? id : throw new CliInputException($"--id '{text}' is not a reservation id (32 hexadecimal digits, as 'ksbb ledger reserve' prints).");

    /// <summary>Reads NEEDS.csv (header <c>unit,item,period,need</c>) with the one CSV reader; errors name the file, line and column.</summary>
    public static List<KeyValuePair<NeedKey, long>> ReadNeeds(FileInfo file) =>
        [.. ReadCsv(file, KsbbCsv.ReadNeeds).Select(n => new KeyValuePair<NeedKey, long>(new NeedKey(n.Unit, n.Item, n.Period), n.Quantity))];

    /// <summary>Reads a collaborators CSV with the one CSV reader: header <c>id,name,category</c> (taxonomy codes), optional columns as <see cref="KsbbCsv.ReadCollaborators(TextReader, string)"/> (among them <c>status</c>).</summary>
    public static IReadOnlyList<Collaborator> ReadCollaborators(FileInfo file) => ReadCsv(file, KsbbCsv.ReadCollaborators);

    /// <summary>Reads an aggregators CSV with the one CSV reader: header <c>id,name,capacity,depot_lon,depot_lat[,areas]</c>.</summary>
    public static IReadOnlyList<Ksbb.Model.Pledges.Aggregator> ReadAggregators(FileInfo file) => ReadCsv(file, KsbbCsv.ReadAggregators);

    /// <summary>Reads a roles CSV (header <c>actor,role,scope</c>) with the ledger's reader into its grants.</summary>
    public static IReadOnlyList<RoleGrant> ReadRoles(FileInfo file) => ReadCsv(file, LedgerCsv.ReadRoles);

    /// <summary>Parses <c>LON,LAT</c> in decimal degrees; errors name the option.</summary>
    public static GeoPoint ParsePoint(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lon)
            && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lat)
            && double.IsFinite(lon) && double.IsFinite(lat) && Math.Abs(lon) <= 180 && Math.Abs(lat) <= 90)
        {
            return GeoPoint.Create(lon, lat);
        }

        throw new CliInputException($"{option} '{text}' is not LON,LAT in decimal degrees (longitude -180 to 180, latitude -90 to 90), for example 106.8272,-6.1754.");
    }

    /// <summary>Reads household identifiers, one <c>nik:…</c> or <c>kk:…</c> per line, from a file or (<c>-</c>) standard input; blank lines are skipped.</summary>
    public static async Task<List<HouseholdId>> ReadHouseholdsAsync(string source, CancellationToken ct)
    {
        var name = source == "-" ? "standard input" : Path.GetFullPath(source);
        if (source != "-" && !File.Exists(name))
        {
            throw new CliInputException($"--households {name}: no such file.");
        }

        using var reader = source == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(name);
        var result = new List<HouseholdId>();
        var line = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            if (!HouseholdId.TryParseTagged(text.TrimStart('\uFEFF'), out var id, out var error))
            {
                throw new CliInputException($"--households {name}:{line}: {error}.");
            }

            result.Add(id);
        }

        return result;
    }

    private static T ReadCsv<T>(FileInfo file, Func<TextReader, string, T> read)
    {
        if (!file.Exists)
        {
            throw new CliInputException($"{file.FullName}: no such file.");
        }

        using var reader = new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
        return read(reader, file.Name);
    }
}
