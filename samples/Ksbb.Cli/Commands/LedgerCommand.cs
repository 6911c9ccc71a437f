using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ksbb.Cli.Ledger;
using Ksbb.Ledger;
using Ksbb.Ledger.PostgreSql;
using Ksbb.Model.Catalog;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using Ksbb.Model.Time;
using Ksbb.Ledger.Export;
using Ksbb.Ledger.Households;
using Ksbb.Ledger.Storage;
using NodaTime;

namespace Ksbb.Cli;

/// <summary><c>ksbb ledger …</c>: the reservation ledger on a SQLite file or a PostgreSQL database.</summary>
internal static class LedgerCommand
{
    private static readonly Option<FileInfo> Db = new("--db") { Description = "The ledger: a SQLite file, or a PostgreSQL connection string (Host=…;Database=…, or postgres://user@host/db).", Required = true };

    private static readonly Option<string?> CatalogFile = new("--catalog") { Description = "A catalogue JSON (ksbb.catalog/1) overlaying the built-in one: its programmes' status, dates, items, rules and bundles are in force." };

    private static readonly Option<string?> AreaListsFile = new("--area-lists") { Description = "Area lists JSON (ksbb.area-lists/1), for example cap-2019, the RWs of the Community Action Plan 2019: Penataan Permukiman items are reserved only in listed RWs with the item recorded." };

    private static readonly Option<string?> BeneficiariesFile = new("--beneficiaries") { Description = "Beneficiary directory CSV, header beneficiary,role[,registration] (beneficiary: nik:/kk: and 16 digits; role such as peserta-didik or pendidik; registration such as jakpreneur): each household named by --households must hold the item's role or registration." };

    public static Command Create()
    {
        var command = new Command(
            "ledger",
            """
            The reservation ledger: needs per unit, item and period; race-safe reservations; delivery lifecycle;
            household deduplication; tamper-evident event chain; exports. Exit codes: 0 ok, 2 bad input,
            3 refused by a rule, named in the message (not enough remains, invalid transition, household already
            served, programme-closed, area-not-eligible, beneficiary-not-eligible, …). Examples:
              ksbb ledger init --db ledger.db --needs needs.csv
              ksbb ledger pledge --db ledger.db --collaborator c-17 --item pangan.paket-sembako --period 2020-11 --quantity 20 --key pledge-1
              ksbb ledger reserve --db ledger.db --collaborator c-17 --unit 31.71.01.1001.005.003 --item pangan.paket-sembako --period 2020-11 --quantity 5 --key order-4711
              ksbb ledger allocate --db ledger.db --item pangan.paket-sembako --period 2020-11 --commit
              ksbb ledger public-export --db ledger.db --format csv --out public.csv
            """);
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Collaborators());
        command.Subcommands.Add(Aggregators());
        command.Subcommands.Add(Roles());
        command.Subcommands.Add(Pledge());
        command.Subcommands.Add(SetNeed());
        command.Subcommands.Add(Reserve());
        command.Subcommands.Add(Deliver());
        command.Subcommands.Add(Transition(
            "verify",
            """
            Record that a delivery was verified (delivered → verified) by a verifier whose region holds the unit, never the
            one who delivered (a donor verifying its own delivery: exit 3, verifier-role-required). Examples:
              ksbb ledger verify --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor lurah-gambir
              ksbb ledger verify --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor system/ksbb-cli
            """,
            "a verifier whose region holds the unit, never the one who delivered",
            (l, a, id, _, ct) => l.VerifyAsync(a, id, ct)));
        command.Subcommands.Add(Transition(
            "release",
            """
            Give back a reservation before delivery (reserved → released). Examples:
              ksbb ledger release --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor c-17
            """,
            "the reservation's collaborator, or the actor of the aggregator its pledge is given via",
            (l, a, id, _, ct) => l.ReleaseAsync(a, id, ct)));
        command.Subcommands.Add(Transition(
            "renew",
            """
            Extend a held reservation before it expires, by the reservation lifetime (7 days) from now; after expiry: exit 3.
            Examples:
              ksbb ledger renew --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor c-17
            """,
            "the reservation's collaborator, or the actor of the aggregator its pledge is given via",
            (l, a, id, _, ct) => l.RenewAsync(a, id, ct)));
        command.Subcommands.Add(Cancel());
        command.Subcommands.Add(Overdue());
        command.Subcommands.Add(VerifyChain());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(PublicExportCommand());
        command.Subcommands.Add(LedgerAllocateCommand.Create(Db));
        command.Subcommands.Add(LedgerMigrateCommand.Create(Db));
        return command;
    }

    private static Command Init()
    {
        var needs = new Option<FileInfo>("--needs") { Description = "NEEDS.csv with header unit,item,period,need.", Required = true };
        var collaborators = new Option<FileInfo?>("--collaborators") { Description = "Optional collaborators CSV with header id,name,category[,status]: only a recorded, active collaborator pledges and reserves." };
        var actor = ActorOptions.Optional("sets the needs and records the collaborators");
        var command = new Command(
            "init",
            """
            Create the ledger file (or update it) with the needs of NEEDS.csv. Without --actor the CLI's system actor
            sets them, which the ledger accepts only while no roles are recorded: record roles last. Examples:
              ksbb ledger init --db ledger.db --needs needs.csv
              ksbb ledger init --db ledger.db --needs needs.csv --collaborators collaborators.csv
              ksbb ledger init --db ledger.db --needs more-needs.csv --actor operator-gambir
            """)
        {
            Db, needs, collaborators, actor,
        };
        command.SetAction(async (r, ct) =>
        {
            var rows = LedgerFiles.ReadNeeds(r.GetValue(needs)!);
            var people = r.GetValue(collaborators) is { } file ? LedgerFiles.ReadCollaborators(file) : null;
            var who = ActorOptions.Parse(r.GetValue(actor));
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: true, ct: ct).ConfigureAwait(false);
            var outcome = await ledger.SetNeedsAsync(who, rows, ct).ConfigureAwait(false);
            if (outcome.Refusal is { } refusal)
            {
                return ExitCodes.Report(refusal);
            }

            if (people is not null && (await ledger.SetCollaboratorsAsync(who, people, ct).ConfigureAwait(false)).Refusal is { } notRecorded)
            {
                return ExitCodes.Report(notRecorded);
            }

            var changes = outcome.Changes;
            ReportNeedChanges(changes);
            var refused = changes.Where(c => c.Refusal is not null).GroupBy(c => c.Refusal!.RuleName).Select(g => $"{g.Count()} refused ({g.Key})").ToArray();
            var applied = changes.Count(c => c.Refusal is null);
            Console.Out.WriteLine($"{applied} needs in {LedgerStores.Describe(r.GetValue(Db)!.ToString())}{(people is null ? string.Empty : $", {people.Count} collaborators")}{(refused.Length == 0 ? string.Empty : "; " + string.Join(", ", refused))}");
            return refused.Length == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    private static Command Collaborators() => Records(
        "collaborators",
        """
        Add or update collaborators' public names, categories and status (only active collaborators pledge and reserve).
        Examples:
          ksbb ledger collaborators --db ledger.db --csv collaborators.csv
        """,
        "CSV with header id,name,category[,status] (category: perorangan, lembaga-usaha, lembaga-pemerintah, lsm-oms-pbb-universitas, luar-negeri; status: prospective, active, suspended).",
        LedgerFiles.ReadCollaborators,
        (l, a, records, ct) => l.SetCollaboratorsAsync(a, records, ct));

    private static Command Aggregators() => Records(
        "aggregators",
        """
        Add or update aggregators (official distribution partners) and their capacity; pledges via an aggregator count
        against it. Examples:
          ksbb ledger aggregators --db ledger.db --csv aggregators.csv
        """,
        "CSV with header id,name,capacity,depot_lon,depot_lat[,areas] (areas: region codes separated by spaces).",
        LedgerFiles.ReadAggregators,
        (l, a, records, ct) => l.SetAggregatorsAsync(a, records, ct));

    private static Command Roles() => Records(
        "roles",
        """
        Grant roles: verifiers and operators within a region, aggregators' actors. Grants are added, never removed by
        this command. Once any role is recorded the system actor has no authority: record roles last, after needs,
        collaborators and aggregators; from then on an operator (--actor) sets needs and records. Examples:
          ksbb ledger roles --db ledger.db --csv roles.csv
          ksbb ledger roles --db ledger.db --csv more-roles.csv --actor operator-gambir
        """,
        "CSV with header actor,role,scope (role: verifier, operator or aggregator; scope: a region code such as 31.71.01.1001 for a verifier or operator, an aggregator id for an aggregator).",
        LedgerFiles.ReadRoles,
        (l, a, records, ct) => l.SetRolesAsync(a, records, ct));

    // A command that reads records from --csv with the one CSV reader and stores them all.
    private static Command Records<T>(string name, string description, string csvDescription, Func<FileInfo, IReadOnlyList<T>> read, Func<ReservationLedger, LedgerActor, IReadOnlyList<T>, CancellationToken, Task<LedgerOutcome>> store)
    {
        var csv = new Option<FileInfo>("--csv") { Description = csvDescription, Required = true };
        var actor = ActorOptions.Optional($"records the {name}");
        var command = new Command(name, description) { Db, csv, actor };
        command.SetAction(async (r, ct) =>
        {
            var records = read(r.GetValue(csv)!);
            var who = ActorOptions.Parse(r.GetValue(actor));
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct).ConfigureAwait(false);
            if ((await store(ledger, who, records, ct).ConfigureAwait(false)).Refusal is { } refusal)
            {
                return ExitCodes.Report(refusal);
            }

            Console.Out.WriteLine($"{records.Count} {name}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Pledge()
    {
        var collaborator = new Option<string>("--collaborator") { Description = "The collaborator id (an active collaborator of the ledger).", Required = true };
        var item = new Option<string>("--item") { Description = "The item code, for example pangan.paket-sembako.", Required = true };
        var period = new Option<string>("--period") { Description = "The period, for example 2020-11.", Required = true };
        var quantity = new Option<long>("--quantity") { Description = "The quantity pledged (1 or more).", Required = true };
        var via = new Option<string?>("--via") { Description = "The aggregator the pledge goes through (counted against its capacity); without it the pledge is direct." };
        var origin = new Option<string?>("--origin") { Description = "Where a direct pledge starts from, LON,LAT in decimal degrees." };
        var key = new Option<string>("--key") { Description = "Idempotency key: repeating the same call returns the same pledge.", Required = true };
        var command = new Command(
            "pledge",
            """
            Record a collaborator's pledge of an item for a period, direct or via an aggregator. Prints the pledge id alone
            on the last line (exit 0); refused by a rule: exit 3 naming it. Examples:
              ksbb ledger pledge --db ledger.db --collaborator c-17 --item pangan.paket-sembako --period 2020-11 --quantity 20 --origin 106.8271,-6.1754 --key pledge-1
              ksbb ledger pledge --db ledger.db --collaborator pt-andalan --item pangan.paket-sembako --period 2020-11 --quantity 200 --via mitra-1 --key pledge-2020-11
            """)
        {
            Db, collaborator, item, period, quantity, via, origin, key, CatalogFile,
        };
        command.SetAction(async (r, ct) =>
        {
            var who = ActorOptions.Parse(r.GetValue(collaborator), "--collaborator");
            var idempotencyKey = ActorOptions.Key(r.GetValue(key));
            if (!ItemCode.TryParse(r.GetValue(item), out var code, out var error) || !DistributionPeriod.TryParse(r.GetValue(period), out var when, out error))
            {
                throw new CliInputException(error);
            }

            AggregatorId? aggregator = r.GetValue(via) is { } v
                ? AggregatorId.TryParse(v, out var a, out error) ? a : throw new CliInputException($"--via: {error}")
                : null;
            GeoPoint? from = r.GetValue(origin) is { } o ? LedgerFiles.ParsePoint(o, "--origin") : null;
            if (aggregator is not null && from is not null)
            {
                throw new CliInputException("--via and --origin exclude each other: a pledge via an aggregator starts at the aggregator's depot.");
            }

            var rules = LedgerFiles.ReadRuleData(r.GetValue(CatalogFile), null, null);
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct, rules: rules).ConfigureAwait(false);
            var outcome = await ledger.PledgeAsync(who, code, when, r.GetValue(quantity), idempotencyKey, aggregator, from, ct).ConfigureAwait(false);
            if (outcome.Refusal is { } refusal)
            {
                return ExitCodes.Report(refusal);
            }

            Console.Out.WriteLine(outcome.Pledge!.Id);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetNeed()
    {
        var (unit, item, period) = NeedOptions();
        var need = new Option<long?>("--need") { Description = "The new quantity needed (0 or more), in the item's unit." };
        var households = new Option<long?>("--households") { Description = "Instead of --need: the households in need (0 or more); the quantity follows the catalogue's rule for the item (for example one staple-food package per household)." };
        var actor = ActorOptions.Optional("sets the need");
        var command = new Command(
            "set-need",
            """
            Add, raise or lower one need, as a quantity (--need) or in households (--households); lowering below what is
            committed is reported (exit 3), never truncated. Examples:
              ksbb ledger set-need --db ledger.db --unit 31.71.01.1001.005.003 --item pangan.paket-sembako --period 2020-11 --need 40
              ksbb ledger set-need --db ledger.db --unit 31.71.01.1001.005.003 --item pangan.paket-sembako --period 2020-11 --households 35 --actor operator-gambir
            """)
        {
            Db, unit, item, period, need, households, actor,
        };
        command.SetAction(async (r, ct) =>
        {
            var key = LedgerFiles.ParseNeed(r.GetValue(unit)!, r.GetValue(item)!, r.GetValue(period)!, "arguments");
            if ((r.GetValue(need) is null) == (r.GetValue(households) is null))
            {
                throw new CliInputException("give exactly one of --need QUANTITY or --households N.");
            }

            long quantity;
            if (r.GetValue(households) is { } count)
            {
                if (count < 0)
                {
                    throw new CliInputException($"--households {count} must be 0 or more.");
                }

                if (!ProgrammeCatalog.Default.TryGetItem(key.Item, out var catalogItem, out _))
                {
                    throw new CliInputException($"--item {key.Item} is not in the catalogue, so its quantity per household is unknown; give --need instead.");
                }

                try
                {
                    quantity = catalogItem.QuantityForHouseholds(count);
                }
                catch (Exception ex) when (ex is InvalidOperationException or OverflowException)
                {
                    throw new CliInputException($"--households {count}: {ex.Message}", ex);
                }
            }
            else
            {
                quantity = r.GetValue(need)!.Value;
                if (quantity < 0)
                {
                    throw new CliInputException($"--need {quantity} must be 0 or more.");
                }
            }

            var who = ActorOptions.Parse(r.GetValue(actor));
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct).ConfigureAwait(false);
            var outcome = await ledger.SetNeedsAsync(who, [new(key, quantity)], ct).ConfigureAwait(false);
            if (outcome.Refusal is { } refusal)
            {
                return ExitCodes.Report(refusal);
            }

            var change = outcome.Changes[0];
            if (change.Refusal is { } notApplied)
            {
                return ExitCodes.Report(notApplied);
            }

            var inHouseholds = r.GetValue(households) is { } h ? $" ({h} households)" : string.Empty;
            Console.Out.WriteLine($"{key}: need {change.PreviousNeed?.ToString(CultureInfo.InvariantCulture) ?? "(new)"} -> {quantity}{inHouseholds}, reserved {change.After.Reserved}, delivered {change.After.Delivered}");
            return ReportNeedChanges([change]) ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reserve()
    {
        var collaborator = new Option<string?>("--collaborator") { Description = "The collaborator reserving (a recorded, active collaborator of the ledger): it acts, and the reservation is its own. Required unless --actor is given." };
        var actor = new Option<string?>("--actor") { Description = "Who acts when it is not the collaborator: with --pledge, the actor of the aggregator the pledge is given via or an operator whose region holds the unit (system/ksbb-cli while no roles are recorded). If both --actor and --collaborator are given, --actor acts and the pledge decides whose reservation it is (its collaborator's)." };
        var (unit, item, period) = NeedOptions();
        var quantity = new Option<long>("--quantity") { Description = "The quantity to reserve (1 or more).", Required = true };
        var key = new Option<string>("--key") { Description = "Idempotency key: repeating the same call returns the same reservation.", Required = true };
        var lifetime = new Option<double?>("--lifetime-hours") { Description = "Hours before an undelivered reservation expires (default 168 = 7 days)." };
        var pledge = new Option<string?>("--pledge") { Description = "The pledge to draw on (printed by 'ksbb ledger pledge'): reserved + delivered on it never exceed it." };
        var deliverBy = new Option<string?>("--deliver-by") { Description = "The planned delivery date, YYYY-MM-DD (Asia/Jakarta), today or later (default: the period's last day); 'ksbb ledger overdue' lists reservations still held after it." };
        var command = new Command(
            "reserve",
            """
            Reserve part of a need, optionally drawing on a pledge. Prints the reservation id (exit 0), or refused by a rule
            naming it on standard error (not enough remains on the need or the pledge, collaborator not recorded or not
            active, an aggregator that does not serve the unit, …): exit 3; when not enough remains, standard output says
            "refused: remaining N". The collaborator (--collaborator) acts on its own account; with --actor, an
            aggregator's actor or an operator reserves on someone's pledge, and the reservation is the pledge's
            collaborator's. Examples:
              ksbb ledger reserve --db ledger.db --collaborator c-17 --unit 31.71.01.1001.005.003 --item pangan.paket-sembako --period 2020-11 --quantity 5 --key order-4711
              ksbb ledger reserve --db ledger.db --collaborator pt-andalan --unit 31.71.01.1001.005.003 --item pangan.paket-sembako --period 2020-11 --quantity 8 --key order-1 --pledge p-0191a1b2c3d4e5f60718293a4b5c6d7f --deliver-by 2020-11-20
              ksbb ledger reserve --db ledger.db --actor mitra-1-staff --unit 31.71.01.1001.005.003 --item pangan.paket-sembako --period 2020-11 --quantity 8 --key order-2 --pledge p-0191a1b2c3d4e5f60718293a4b5c6d7f
            """)
        {
            Db, collaborator, actor, unit, item, period, quantity, key, lifetime, pledge, deliverBy, CatalogFile, AreaListsFile,
        };
        command.SetAction(async (r, ct) =>
        {
            var need = LedgerFiles.ParseNeed(r.GetValue(unit)!, r.GetValue(item)!, r.GetValue(period)!, "arguments");
            var who = r.GetValue(actor) is { } acting
                ? ActorOptions.Parse(acting)
                : r.GetValue(collaborator) is { } own ? ActorOptions.Parse(own, "--collaborator") : throw new CliInputException("give --collaborator (who reserves on its own account) or --actor (who reserves on someone's --pledge).");
            if (r.GetValue(collaborator) is not null && r.GetValue(actor) is not null && r.GetValue(pledge) is null)
            {
                throw new CliInputException("--actor and --collaborator together reserve on the collaborator's --pledge: give --pledge, or --collaborator alone to reserve on its own account.");
            }

            var idempotencyKey = ActorOptions.Key(r.GetValue(key));
            var q = r.GetValue(quantity);
            Duration? life = r.GetValue(lifetime) is { } hours
                ? hours > 0 && hours <= 24 * 366 ? Duration.FromHours(hours) : throw new CliInputException($"--lifetime-hours {hours} must be between 0 and 8784.")
                : null;
            var rules = LedgerFiles.ReadRuleData(r.GetValue(CatalogFile), r.GetValue(AreaListsFile), null);
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, life, ct: ct, rules: rules).ConfigureAwait(false);
            PledgeId? drawn = r.GetValue(pledge) is { } p
                ? PledgeId.TryParse(p, out var parsed, out var error) ? parsed : throw new CliInputException($"--pledge: {error}")
                : null;
            LocalDate? planned = r.GetValue(deliverBy) is { } text ? ParseDate(text, "--deliver-by") : null;
            var outcome = await ledger.ReserveAsync(who, need, q, idempotencyKey, drawn, planned, ct).ConfigureAwait(false);
            if (outcome.Refusal is { } refusal)
            {
                if (refusal.Rule == LedgerRule.NotEnoughRemaining)
                {
                    // The documented line for scripts: what remains of the need.
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refused: remaining {refusal.Remaining}"));
                }

                return ExitCodes.Report(refusal);
            }

            Console.Out.WriteLine(outcome.Reservation!.Id);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Deliver()
    {
        var id = IdOption();
        var quantity = new Option<long?>("--quantity") { Description = "The quantity delivered (default: all reserved; the rest returns to the need)." };
        var overrideReason = new Option<string?>("--override") { Description = "Reason to deliver to a household already served this period (audited in the event chain)." };
        var householdsFile = new Option<string?>("--households") { Description = $"A file (or - for standard input) with one receiving household per line, nik:<16 digits> or kk:<16 digits>; hashed with the key in {LedgerFiles.HouseholdKeyVariable}, never stored. Identifiers are never taken as arguments: those show in the process list and shell history." };
        var actor = ActorOptions.Required("the reservation's collaborator, or the actor of the aggregator its pledge is given via");
        var proof = new DeliveryProofOptions();
        var command = new Command(
            "deliver",
            $"""
            Record a delivery (reserved → delivered), optionally naming the households served and with proof: evidence
            files (hashed, never stored), a geotag, recipients' acknowledgements. Items with role or registration rules
            (devices, UMKM help) need --households and --beneficiaries, and a bundled item (the Kartu Internet Belajar) is
            delivered with its device. Refused by a rule: exit 3 naming it. With --households, the environment variable
            {LedgerFiles.HouseholdKeyVariable} holds the key the identifiers are hashed with. Examples:
              ksbb ledger deliver --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor c-17
              ksbb ledger deliver --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor mitra-1-staff --households served.txt --evidence photo.jpg --at 106.8271,-6.1754 --acknowledgements 8
              ksbb ledger deliver --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --actor c-17 --quantity 3 --at 106.8271,-6.1754 --boundaries rt.geojson --code-property kode
            """)
        {
            Db, id, actor, quantity, householdsFile, overrideReason, proof.Evidence, proof.At, proof.Boundaries, proof.CodeProperty, proof.Acknowledgements, CatalogFile, BeneficiariesFile,
        };
        command.SetAction(async (r, ct) =>
        {
            var households = r.GetValue(householdsFile) is { } source ? await LedgerFiles.ReadHouseholdsAsync(source, ct).ConfigureAwait(false) : [];
            var rules = LedgerFiles.ReadRuleData(r.GetValue(CatalogFile), null, r.GetValue(BeneficiariesFile));
            var reservation = LedgerFiles.ParseId(r.GetValue(id)!);
            var who = ActorOptions.Parse(r.GetValue(actor));
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, needHouseholdKey: households.Count > 0, rules: rules, ct: ct).ConfigureAwait(false);
            var recorded = await proof.ReadAsync(r, ledger, reservation, ct).ConfigureAwait(false);
            var outcome = await ledger.DeliverAsync(who, reservation, recorded, households, r.GetValue(quantity), r.GetValue(overrideReason), ct).ConfigureAwait(false);
            var code = Report(outcome);
            if (recorded is not null && outcome.Kind == LedgerOutcomeKind.Applied)
            {
                Console.Out.WriteLine($"proof: {recorded}");
            }

            return code;
        });
        return command;
    }

    private static Command Overdue()
    {
        var at = new Option<string?>("--at") { Description = "As of this instant (2020-06-02T03:00:00Z) or date (2020-06-02: the start of that day, Asia/Jakarta); default now." };
        var json = new Option<bool>("--json") { Description = "Write JSON lines (one object per commitment) instead of text." };
        var command = new Command(
            "overdue",
            """
            List commitments past their planned delivery date: reservations still held (reserved, not expired) after their
            --deliver-by date, most overdue first. Exit 0, also when none. Examples:
              ksbb ledger overdue --db ledger.db
              ksbb ledger overdue --db ledger.db --at 2020-11-22 --json
            """)
        {
            Db, at, json,
        };
        command.SetAction(async (r, ct) =>
        {
            IClock? clock = r.GetValue(at) is { } text ? new AsOfClock(ParseInstant(text, "--at")) : null;
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct, clock: clock).ConfigureAwait(false);
            var overdue = await ledger.ReadOverdueAsync(ct).ConfigureAwait(false);
            foreach (var o in overdue)
            {
                var c = o.Reservation;
                var by = NodaTime.Text.LocalDatePattern.Iso.Format(o.DeliverBy);
                Console.Out.WriteLine(r.GetValue(json)
                    ? JsonSerializer.Serialize(new { id = c.Id.Value, collaborator = c.Collaborator, unit = c.Need.Unit.ToString(), item = c.Need.Item.Value, period = c.Need.Period.ToString(), quantity = c.Quantity, deliverBy = by, daysOverdue = o.DaysOverdue })
                    : string.Create(CultureInfo.InvariantCulture, $"{c.Id} {c.Collaborator} {c.Need} x{c.Quantity} deliver by {by}: {o.DaysOverdue} day{(o.DaysOverdue == 1 ? string.Empty : "s")} overdue"));
            }

            if (!r.GetValue(json))
            {
                Console.Error.WriteLine($"{overdue.Count} overdue commitment{(overdue.Count == 1 ? string.Empty : "s")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The clock of a command run "as of" an instant given on the command line.
    private sealed class AsOfClock(Instant at) : IClock
    {
        public Instant GetCurrentInstant() => at;
    }

    private static LocalDate ParseDate(string text, string option) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(text) is { Success: true } date ? date.Value : throw new CliInputException($"{option} '{text}' is not a date YYYY-MM-DD.");

    private static Instant ParseInstant(string text, string option) =>
        NodaTime.Text.InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant ? instant.Value
        : NodaTime.Text.LocalDatePattern.Iso.Parse(text) is { Success: true } date ? date.Value.AtStartOfDayInZone(DistributionPeriod.Zone).ToInstant()
        : throw new CliInputException($"{option} '{text}' is neither an instant (2020-06-02T03:00:00Z) nor a date (2020-06-02).");

    private static Command Cancel()
    {
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the event chain; no personal data).", Required = true };
        var command = Transition(
            "cancel",
            """
            Cancel a reserved or delivered reservation with a reason. Examples:
              ksbb ledger cancel --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --reason duplicate-order --actor c-17
              ksbb ledger cancel --db ledger.db --id 0191a1b2c3d4e5f60718293a4b5c6d7e --reason "recipient moved away" --actor operator-gambir
            """,
            "the reservation's collaborator, the actor of the aggregator its pledge is given via, or an operator whose region holds the unit",
            (l, a, id, r, ct) => l.CancelAsync(a, id, r.GetValue(reason)!, ct));
        command.Options.Add(reason);
        return command;
    }

    private static Command Transition(string name, string description, string who, Func<ReservationLedger, LedgerActor, Ksbb.Model.Distribution.ReservationId, ParseResult, CancellationToken, Task<LedgerOutcome>> apply)
    {
        var id = IdOption();
        var actor = ActorOptions.Required(who);
        var command = new Command(name, description) { Db, id, actor };
        command.SetAction(async (r, ct) =>
        {
            var reservation = LedgerFiles.ParseId(r.GetValue(id)!);
            var acting = ActorOptions.Parse(r.GetValue(actor));
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct).ConfigureAwait(false);
            return Report(await apply(ledger, acting, reservation, r, ct).ConfigureAwait(false));
        });
        return command;
    }

    private static Command VerifyChain()
    {
        var expectHead = new Option<string?>("--expect-head") { Description = "A head hash published earlier: the chain must contain it (detects a truncated or rewritten chain)." };
        var command = new Command(
            "verify-chain",
            """
            Verify the ledger against tampering: the event hash chain, the stored chain head, the state tables (needs,
            reservations, collaborators, household claims) recomputed from the events, and optionally a published head.
            Exit 0 and the head hash when intact; exit 3 naming the broken event or the tampered table and key. Examples:
              ksbb ledger verify-chain --db ledger.db
              ksbb ledger verify-chain --db ledger.db --expect-head 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            """)
        {
            Db, expectHead,
        };
        command.SetAction(async (r, ct) =>
        {
            var expected = r.GetValue(expectHead);
            if (expected is not null && (expected.Length != 64 || !expected.All(char.IsAsciiHexDigit)))
            {
                throw new CliInputException($"--expect-head '{expected}' is not 64 hexadecimal digits.");
            }

            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct).ConfigureAwait(false);
            var result = await ledger.VerifyChainAsync(expected, ct).ConfigureAwait(false);
            Console.Out.WriteLine(result.ToString());
            return result.IsIntact ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    private static Command Export()
    {
        var output = new Option<FileInfo>("--out") { Description = "STATE.json to write.", Required = true };
        var command = new Command(
            "export",
            """
            Write the full state: needs with reserved and delivered, reservations with their status. Examples:
              ksbb ledger export --db ledger.db --out state.json
            """)
        {
            Db, output,
        };
        command.SetAction(async (r, ct) =>
        {
            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct).ConfigureAwait(false);
            var counts = (Needs: 0, Reservations: 0);
            await AtomicFile.WriteAsync(r.GetValue(output)!, async stream => counts = await LedgerState.WriteAsync(ledger, stream, ct).ConfigureAwait(false)).ConfigureAwait(false);
            Console.Out.WriteLine($"{counts.Needs} needs, {counts.Reservations} reservations -> {r.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command PublicExportCommand()
    {
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };
        var format = new Option<string>("--format") { Description = "json (default), csv (HXL hashtags) or properties (flat per-unit records to join onto map features)." };
        var threshold = new Option<int?>("--threshold") { Description = "Smallest RT household count published (default 5); smaller counts roll up to the RW." };
        var period = new Option<string?>("--period") { Description = "Only this period (default all)." };
        var nameIndividuals = new Option<bool>("--name-individuals") { Description = "Publish the names of individual (perorangan) collaborators." };
        var command = new Command(
            "public-export",
            """
            Write the public transparency view: who helps where, with no personal data. Examples:
              ksbb ledger public-export --db ledger.db --out public.json
              ksbb ledger public-export --db ledger.db --format csv --period 2020-11 --out public.csv
              ksbb ledger public-export --db ledger.db --format properties --threshold 10 --out units.json
            """)
        {
            Db, output, format, threshold, period, nameIndividuals,
        };
        command.SetAction(async (r, ct) =>
        {
            var kind = (r.GetValue(format) ?? "json").ToLowerInvariant();
            if (kind is not ("json" or "csv" or "properties"))
            {
                throw new CliInputException($"--format '{kind}' must be json, csv or properties.");
            }

            var options = new PublicExportOptions { NameIndividuals = r.GetValue(nameIndividuals) };
            if (r.GetValue(threshold) is { } t)
            {
                options = t >= 1 ? options with { HouseholdThreshold = t } : throw new CliInputException($"--threshold {t} must be 1 or more.");
            }

            if (r.GetValue(period) is { } p)
            {
                options = Model.Time.DistributionPeriod.TryParse(p, out var parsed, out var error) ? options with { Period = parsed } : throw new CliInputException($"--period '{p}': {error}");
            }

            var ledger = await LedgerFiles.OpenAsync(r.GetValue(Db)!, create: false, ct: ct).ConfigureAwait(false);
            var export = await PublicExport.CreateAsync(ledger, options, ct).ConfigureAwait(false);
            await AtomicFile.WriteAsync(r.GetValue(output)!, async stream =>
            {
                switch (kind)
                {
                    case "csv":
                        await using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true))
                        {
                            export.WriteHxlCsv(writer);
                        }

                        break;
                    case "properties":
                        export.WriteUnitPropertiesJson(stream);
                        break;
                    default:
                        export.WriteJson(stream);
                        break;
                }
            }).ConfigureAwait(false);
            Console.Out.WriteLine($"{export.Needs.Count} needs ({kind}) -> {r.GetValue(output)!.FullName}; chain head {(export.ChainHead.Length > 0 ? export.ChainHead : "(not intact: run verify-chain)")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (Option<string> Unit, Option<string> Item, Option<string> Period) NeedOptions() => (
        new Option<string>("--unit") { Description = "The unit code, for example 31.71.01.1001.005.003 (an RT).", Required = true },
        new Option<string>("--item") { Description = "The item code, for example pangan.paket-sembako.", Required = true },
        new Option<string>("--period") { Description = "The period, for example 2020-05.", Required = true });

    private static Option<string> IdOption() => new("--id") { Description = "The reservation id printed by 'ksbb ledger reserve'.", Required = true };

    private static int Report(LedgerOutcome outcome)
    {
        if (outcome.Refusal is { } refusal)
        {
            return ExitCodes.Report(refusal);
        }

        Console.Out.WriteLine($"{outcome.Reservation!.Id} {ReservationLifecycle.Name(outcome.Reservation.Status)}");
        return ExitCodes.Ok;
    }

    private static bool ReportNeedChanges(IEnumerable<NeedChange> changes)
    {
        var any = false;
        foreach (var c in changes.Where(c => c.IsOvercommitted))
        {
            any = true;
            Console.Error.WriteLine($"warning: {c.After.Key}: need {c.After.Need} is below the {c.After.Committed} already committed (over by {c.After.Overcommitted}); nothing was cancelled, new reservations are refused until commitments fall below the need.");
        }

        foreach (var c in changes)
        {
            if (c.Refusal is { } refusal)
            {
                any = true;
                ExitCodes.Report(refusal);
            }
        }

        return any;
    }
}
