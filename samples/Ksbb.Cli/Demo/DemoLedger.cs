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
/// export steps: the catalogue's rules in force, the CAP 2019 area list, a generated beneficiary directory and a
/// verifier for every kota.
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

    /// <summary>A generated student's NIK (Jakarta Pusat, born 1 January 2008), distinct per index.</summary>
    public static HouseholdId Student(int index) => HouseholdId.Parse(string.Create(CultureInfo.InvariantCulture, $"317101010108{index + 1:D4}"), HouseholdIdKind.Nik);

    /// <summary>A generated teacher's NIK (Jakarta Pusat, born 1 January 1985), distinct per index.</summary>
    public static HouseholdId Teacher(int index) => HouseholdId.Parse(string.Create(CultureInfo.InvariantCulture, $"317101010185{index + 1:D4}"), HouseholdIdKind.Nik);

    /// <summary>A generated head of a household receiving food (Jakarta Pusat, born 1 January 1980), distinct per index.</summary>
    public static HouseholdId Household(int index) => HouseholdId.Parse(string.Create(CultureInfo.InvariantCulture, $"317101010180{index + 1:D4}"), HouseholdIdKind.Nik);

    /// <summary>Returns the round's ledger, opening a fresh one (and recording collaborators, aggregators and the verifier) on first use.</summary>
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
        await ledger.SetCollaboratorsAsync(data.Collaborators, cancellationToken).ConfigureAwait(false);
        await ledger.SetAggregatorsAsync(data.Aggregators, cancellationToken).ConfigureAwait(false);
        await ledger.SetRolesAsync(data.City.Kota.Select(k => RoleGrant.Verifier(Verifier, k.Code)), cancellationToken).ConfigureAwait(false);
        var opened = new DemoLedger(store, ledger, clock);
        context.Results[Key] = opened;
        return opened;
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
