using Ksbb.Ledger.Households;
using Ksbb.Model.Formats;
using Ksbb.Model.Pledges;

namespace Ksbb.Ledger;

/// <summary>
/// The ledger's own CSV file contracts, read into the ledger's types: role grants (<c>roles.csv</c>) here, the
/// beneficiary directory with <see cref="BeneficiaryDirectory.Read(TextReader, string)"/>.
/// </summary>
/// <remarks>
/// Read through Ksbb.Model's one CSV reader (<see cref="CsvTable"/>): UTF-8 with or without a byte order mark, CRLF or LF,
/// RFC 4180 quoting, columns by header name in any order and case, an unknown column an error. Every error is a
/// <see cref="CsvFormatException"/> naming the file, the 1-based line and the column. Stateless and thread-safe.
/// </remarks>
public static class LedgerCsv
{
    private static readonly CsvColumn[] RoleColumns = [new("actor", true), new("role", true), new("scope", true)];

    /// <summary>Reads role grants: header <c>actor,role,scope</c>, one grant per line.</summary>
    /// <param name="reader">The CSV text (left open).</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <returns>The grants in file order, a repeated grant kept once.</returns>
    /// <remarks>
    /// <c>actor</c> follows the identifier rule of collaborators (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>,
    /// <c>:</c>; 1 to 64); <c>role</c> is <c>verifier</c>, <c>operator</c> or <c>aggregator</c>; <c>scope</c> is a region
    /// code for a verifier or an operator (<see cref="RoleGrant.Verifier"/>, <see cref="RoleGrant.Operator"/>: the role
    /// covers that region and everything inside it) and an aggregator id for an aggregator's actor
    /// (<see cref="RoleGrant.ForAggregator"/>).
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="CsvFormatException">The CSV is malformed or a cell breaks these rules; the message names the line and column.</exception>
    public static IReadOnlyList<RoleGrant> ReadRoles(TextReader reader, string sourceName = "roles.csv")
    {
        var result = new List<RoleGrant>();
        foreach (var r in CsvTable.Read(reader, sourceName, RoleColumns))
        {
            var actor = r.Parse<CollaboratorId>(0, CollaboratorId.TryParse);
            var role = r.Required(1);
            var grant = role switch
            {
                "verifier" => RoleGrant.Verifier(actor, r.Region(2)),
                "operator" => RoleGrant.Operator(actor, r.Region(2)),
                "aggregator" => RoleGrant.ForAggregator(actor, r.Parse<AggregatorId>(2, AggregatorId.TryParse)),
                _ => throw r.Error(1, $"'{role}' is not a role: use verifier, operator or aggregator."),
            };

            if (!result.Contains(grant))
            {
                result.Add(grant);
            }
        }

        return result;
    }
}
