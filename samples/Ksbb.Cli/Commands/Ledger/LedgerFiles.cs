using System.Globalization;
using Ksbb.Model.Catalog;
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

    public static async Task<ReservationLedger> OpenAsync(FileInfo db, bool create, Duration? lifetime = null, bool needHouseholdKey = false, CancellationToken ct = default)
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
            Clock = SystemClock.Instance,
            ReservationLifetime = lifetime ?? Duration.FromDays(7),
            Households = hasher,
        });
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

    /// <summary>Reads NEEDS.csv: header <c>unit,item,period,need</c>; errors name the file and line.</summary>
    public static List<KeyValuePair<NeedKey, long>> ReadNeeds(FileInfo file)
    {
        var rows = ReadCsv(file, ["unit", "item", "period", "need"]);
        var seen = new Dictionary<NeedKey, int>();
        var needs = new List<KeyValuePair<NeedKey, long>>(rows.Count);
        foreach (var (line, fields) in rows)
        {
            var where = $"{file.Name}:{line}";
            var key = ParseNeed(fields[0], fields[1], fields[2], where);
            if (!long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var need))
            {
                throw new CliInputException($"{where}: need '{fields[3]}' is not a whole number of 0 or more.");
            }

            if (seen.TryGetValue(key, out var first))
            {
                throw new CliInputException($"{where}: {key} repeats line {first}.");
            }

            seen[key] = line;
            needs.Add(new(key, need));
        }

        return needs;
    }

    /// <summary>Reads a collaborators CSV: header <c>id,name,category</c> or <c>id,name,category,status</c>.</summary>
    public static List<Collaborator> ReadCollaborators(FileInfo file)
    {
        var result = new List<Collaborator>();
        foreach (var (line, fields) in ReadCsv(file, ["id", "name", "category"], ["status"]))
        {
            var where = $"{file.Name}:{line}";
            if (!CollaboratorId.TryParse(fields[0], out var id, out var error))
            {
                throw new CliInputException($"{where}: {error}");
            }

            if (fields[1].Length is 0 or > ReservationLedger.MaxTextLength)
            {
                throw new CliInputException($"{where}: the name must have 1 to {ReservationLedger.MaxTextLength} characters.");
            }

            // The taxonomy is the one rule for categories and statuses (a misspelt category is bad input, never published).
            if (!CollaboratorTaxonomy.TryParseCategory(fields[2], out var category, out error))
            {
                throw new CliInputException($"{where}: {error}.");
            }

            var status = CollaboratorStatus.Active;
            if (fields.Length > 3 && fields[3].Length > 0 && !CollaboratorTaxonomy.TryParseStatus(fields[3], out status, out error))
            {
                throw new CliInputException($"{where}: {error}.");
            }

            result.Add(Collaborator.Create(id, fields[1], category, status: status));
        }

        return result;
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

    private static List<(int Line, string[] Fields)> ReadCsv(FileInfo file, string[] header, string[]? optional = null)
    {
        optional ??= [];
        if (!file.Exists)
        {
            throw new CliInputException($"{file.FullName}: no such file.");
        }

        var rows = new List<(int, string[])>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(file.FullName))
        {
            lineNumber++;
            var line = lineNumber == 1 ? raw.TrimStart('\uFEFF') : raw;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitCsv(line, $"{file.Name}:{lineNumber}");
            if (lineNumber == 1)
            {
                var names = fields.Select(f => f.ToLowerInvariant()).ToArray();
                if (names.Length >= header.Length && names.Length <= header.Length + optional.Length
                    && names.SequenceEqual(header.Concat(optional).Take(names.Length)))
                {
                    header = names;
                    continue;
                }

                var optionalText = optional.Length == 0 ? string.Empty : $" (optionally followed by {string.Join(',', optional)})";
                throw new CliInputException($"{file.Name}:1: the header must be '{string.Join(',', header)}'{optionalText}, found '{line}'.");
            }

            if (fields.Length != header.Length)
            {
                throw new CliInputException($"{file.Name}:{lineNumber}: expected {header.Length} fields ({string.Join(',', header)}), found {fields.Length}.");
            }

            rows.Add((lineNumber, fields));
        }

        if (lineNumber == 0)
        {
            throw new CliInputException($"{file.Name}: the file is empty; the header must be '{string.Join(',', header)}'.");
        }

        return rows;
    }

    private static string[] SplitCsv(string line, string where)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new CliInputException($"{where}: a quoted field is not closed.");
        }

        fields.Add(current.ToString().Trim());
        return [.. fields];
    }
}
