using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Formats;
using Ksbb.Model.Regions;

namespace Ksbb.Ledger.Households;

/// <summary>
/// A beneficiary directory read from a CSV file an operator holds: header <c>beneficiary,role[,registration]</c>, each
/// line one role or registration of a beneficiary named by a tagged household identifier (<c>nik:</c> or <c>kk:</c> and 16
/// digits), for example <c>nik:3171014107800001,peserta-didik</c> or <c>kk:3171010203040506,,jakpreneur</c>.
/// </summary>
/// <remarks>
/// Identifiers are checked with the rule of <see cref="HouseholdId"/>; a bad line is a <see cref="CsvFormatException"/>
/// naming the file, line and column (never the identifier). The directory keeps the identifiers in memory only.
/// Immutable and thread-safe.
/// </remarks>
public sealed class BeneficiaryDirectory : IBeneficiaryDirectory
{
    private static readonly CsvColumn[] Columns = [new("beneficiary", true), new("role", false), new("registration", false)];

    private readonly Dictionary<string, (List<string> Roles, List<string> Registrations)> _entries;

    private BeneficiaryDirectory(Dictionary<string, (List<string> Roles, List<string> Registrations)> entries) => _entries = entries;

    /// <summary>Gets the number of beneficiaries.</summary>
    public int Count => _entries.Count;

    /// <summary>Reads a directory from CSV text through the one CSV reader (<see cref="CsvTable"/>): header <c>beneficiary,role[,registration]</c>, one fact per line.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="CsvFormatException">A line is malformed; the message names the line and column.</exception>
    public static BeneficiaryDirectory Read(TextReader reader, string sourceName = "beneficiaries.csv")
    {
        var entries = new Dictionary<string, (List<string> Roles, List<string> Registrations)>(StringComparer.Ordinal);
        foreach (var r in CsvTable.Read(reader, sourceName, Columns))
        {
            var beneficiary = HouseholdId.TryParseTagged(r.Required(0), out var id, out var error) ? id.Tagged : throw r.Error(0, $"beneficiary: {error}.");
            var role = r.Text(1);
            var registration = r.Text(2);
            if (role.Length == 0 && registration.Length == 0)
            {
                throw r.Error(1, "a line needs a role (for example peserta-didik or pendidik) or a registration (for example jakpreneur).");
            }

            foreach (var (code, column, what) in new[] { (role, 1, "role"), (registration, 2, "registration") })
            {
                if (code.Length > 0 && !ItemCode.IsValidSegment(code))
                {
                    throw r.Error(column, $"{what} '{code}' must have 1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.");
                }
            }

            if (!entries.TryGetValue(beneficiary, out var entry))
            {
                entry = ([], []);
                entries.Add(beneficiary, entry);
            }

            // A line repeating a fact is kept once.
            if (role.Length > 0 && !entry.Roles.Contains(role))
            {
                entry.Roles.Add(role);
            }

            if (registration.Length > 0 && !entry.Registrations.Contains(registration))
            {
                entry.Registrations.Add(registration);
            }
        }

        return new BeneficiaryDirectory(entries);
    }

    /// <summary>Reads a directory from a CSV file (UTF-8, with or without a byte order mark).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">A line is malformed; the message names the file, line and column.</exception>
    public static BeneficiaryDirectory Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{full}: no such beneficiaries file.", full);
        }

        using var reader = new StreamReader(full, detectEncodingFromByteOrderMarks: true);
        return Read(reader, full);
    }

    /// <inheritdoc/>
    public Beneficiary? Find(string beneficiary, RegionCode unit)
    {
        ArgumentNullException.ThrowIfNull(beneficiary);
        return _entries.TryGetValue(beneficiary, out var entry) ? Beneficiary.Create(unit, entry.Roles, entry.Registrations) : null;
    }

    /// <summary>Returns the size (never an identifier).</summary>
    /// <returns>For example <c>12 beneficiaries</c>.</returns>
    public override string ToString() => $"{Count} beneficiaries";
}
