using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ksbb.Ledger;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Sqlite;
using Ksbb.Model.Collaborators;
using Ksbb.SampleData;

namespace Ksbb.Cli.Demo;

/// <summary>
/// The round's one durable ledger (<c>ledger.db</c> in the output folder), shared by the Pendidikan, Pangan and public
/// export steps: the catalogue's rules in force, the CAP 2019 area list, a generated beneficiary directory, and a
/// verifier and an operator for every kota. The host seeds it as its system actor (<see cref="Seed"/>): collaborators,
/// aggregators and both rounds' needs first, the roles last, since from then on only the officers' grants give authority.
/// </summary>
internal sealed class DemoLedger : IAsyncDisposable
{
    /// <summary>The key under which the ledger is left in <see cref="DemoContext.Results"/>.</summary>
    public const string Key = "ledger";

    /// <summary>How many students the generated beneficiary directory holds (more than the devices collected, so any split of them fits).</summary>
    public const int Students = 1_300;

    /// <summary>How many teachers the generated beneficiary directory holds.</summary>
    public const int Teachers = 1_300;

    private DemoLedger(SqliteLedgerStore store, ReservationLedger ledger, FixedClock clock)
    {
        Store = store;
        Ledger = ledger;
        Clock = clock;
    }

    /// <summary>Gets the store.</summary>
    public SqliteLedgerStore Store { get; }

    /// <summary>Gets the ledger.</summary>
    public ReservationLedger Ledger { get; }

    /// <summary>Gets the demo's clock, advanced by the steps between phases.</summary>
    public FixedClock Clock { get; }

    /// <summary>Gets the verifier (a kelurahan officer's account) who may verify deliveries anywhere in Jakarta.</summary>
    public static CollaboratorId Verifier { get; } = CollaboratorId.Parse("verifikator-kelurahan");

    /// <summary>Gets the operator (the provincial KSBB desk's account) who commits the pooled rounds anywhere in Jakarta.</summary>
    public static CollaboratorId Operator { get; } = CollaboratorId.Parse("operator-ksbb");

    /// <summary>Gets the host's system actor that seeds the ledger before any role is recorded.</summary>
    public static LedgerActor Seed { get; } = LedgerActor.System("demo-seed");

    /// <summary>A generated student's NIK (Jakarta Pusat, born 1 January 2008), distinct per index.</summary>
    public static HouseholdId Student(int index) => HouseholdId.Parse(string.Create(CultureInfo.InvariantCulture, $"317101010108{index + 1:D4}"), HouseholdIdKind.Nik);

    /// <summary>A generated teacher's NIK (Jakarta Pusat, born 1 January 1985), distinct per index.</summary>
    public static HouseholdId Teacher(int index) => HouseholdId.Parse(string.Create(CultureInfo.InvariantCulture, $"317101010185{index + 1:D4}"), HouseholdIdKind.Nik);

    /// <summary>A generated head of a household receiving food (Jakarta Pusat, born 1 January 1980), distinct per index.</summary>
    public static HouseholdId Household(int index) => HouseholdId.Parse(string.Create(CultureInfo.InvariantCulture, $"317101010180{index + 1:D4}"), HouseholdIdKind.Nik);

    /// <summary>Returns the round's ledger, opening a fresh one (and recording collaborators, aggregators, the rounds' needs, then the officers' roles) on first use.</summary>
    /// <param name="context">The demo's context.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The ledger.</returns>
    public static async Task<DemoLedger> GetAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (context.Results.TryGetValue(Key, out var value) && value is DemoLedger existing)
        {
            return existing;
        }

        var data = context.Data;
        context.OutputDirectory.Create();
        var path = Path.Combine(context.OutputDirectory.FullName, "ledger.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var clock = new FixedClock(SampleDataSet.AsOf);
        var store = SqliteLedgerStore.Open(path);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var ledger = ReservationLedger.Create(store, new LedgerOptions
        {
            Clock = clock,
            Catalog = data.Catalog,
            AreaLists = [data.Cap2019],
            // The host supplies the key; only keyed hashes of NIK/KK numbers are ever stored.
            Households = HouseholdHasher.Create(SHA256.HashData(Encoding.UTF8.GetBytes("ksbb-demo-household-key-" + data.Seed.ToString(CultureInfo.InvariantCulture)))),
            Beneficiaries = BeneficiaryDirectory.Read(new StringReader(BeneficiariesCsv()), "generated beneficiaries"),
        });
        await SeedAsync(ledger.SetCollaboratorsAsync(Seed, data.Collaborators, cancellationToken)).ConfigureAwait(false);
        await SeedAsync(ledger.SetAggregatorsAsync(Seed, data.Aggregators, cancellationToken)).ConfigureAwait(false);
        await SeedAsync(ledger.SetNeedsAsync(Seed, PendidikanStep.LedgerNeeds(data).Concat(ReservationStep.LedgerNeeds(data)), cancellationToken)).ConfigureAwait(false);
        await SeedAsync(ledger.SetRolesAsync(Seed, data.City.Kota.SelectMany(k => new[] { RoleGrant.Verifier(Verifier, k.Code), RoleGrant.Operator(Operator, k.Code) }), cancellationToken)).ConfigureAwait(false);
        var opened = new DemoLedger(store, ledger, clock);
        context.Results[Key] = opened;
        return opened;
    }

    // The seed is the host's own work in set-up mode: a refusal there is a bug in the demo, not a finding to print.
    private static async Task SeedAsync(Task<LedgerOutcome> command)
    {
        var outcome = await command.ConfigureAwait(false);
        if ((outcome.Refusal ?? outcome.Changes.FirstOrDefault(c => c.IsRefused)?.Refusal) is { } refusal)
        {
            throw new InvalidOperationException($"The demo's seed was refused: {refusal.Message}");
        }
    }

    /// <summary>The generated beneficiary directory: students (role peserta-didik) and teachers (role pendidik), synthetic NIKs.</summary>
    /// <returns>The directory as CSV (beneficiary, role, registration).</returns>
    public static string BeneficiariesCsv()
    {
        var csv = new StringBuilder("beneficiary,role,registration\n");
        for (var i = 0; i < Students; i++)
        {
            csv.Append("nik:").Append(Student(i).Digits).Append(",peserta-didik,\n");
        }

        for (var i = 0; i < Teachers; i++)
        {
            csv.Append("nik:").Append(Teacher(i).Digits).Append(",pendidik,\n");
        }

        return csv.ToString();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
