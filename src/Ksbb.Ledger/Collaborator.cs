namespace Ksbb.Ledger;

/// <summary>A collaborator (kolaborator, donor) as the public export names it.</summary>
/// <remarks>
/// Collaborators are organisations or individuals who chose to be named publicly; the ledger stores only this
/// public record, never contact details. Suggested category codes follow the programme's taxonomy:
/// <c>perorangan</c>, <c>lembaga-usaha</c>, <c>lembaga-pemerintah</c>, <c>lsm-oms-pbb-universitas</c>,
/// <c>luar-negeri</c>. Plain immutable data; thread-safe.
/// </remarks>
/// <param name="Id">The identifier used in reservations (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; 1 to 64 characters).</param>
/// <param name="Name">The public display name.</param>
/// <param name="Category">The category code.</param>
public sealed record Collaborator(string Id, string Name, string Category);
