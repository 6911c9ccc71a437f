using System.Data.Common;
using Ksbb.Ledger.Storage;
using Ksbb.Model.Time;
using NodaTime;

namespace Ksbb.Ledger;

// The transaction script, written once for every store. Lock order, everywhere: the need rows (in key order), then
// the reservation, then the chain head — so writers on row-locking databases never deadlock in normal operation.
public abstract partial class LedgerStore
{
    // Sets needs, only when the ledger records no roles, or the actor holds an operator role whose region holds every
    // need's unit (checked in the same transaction as the change).
    internal Task<LedgerOutcome> SetNeedsAsync(IReadOnlyList<KeyValuePair<NeedKey, long>> needs, Instant now, LedgerActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needs);
        return WriteAsync(async (w, ct) =>
        {
            if (await OperatorRefusalAsync(w, needs.Select(n => n.Key.Unit), actor, "sets its needs", ct).ConfigureAwait(false) is { } refusal)
            {
                return (LedgerOutcome.Refused(refusal), false);
            }

            foreach (var pair in needs)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(pair.Value);
            }

            // One unit and item may have needs for several periods, but never two whose date ranges overlap (a month and
            // a week inside it would count the same households twice). Where rows are locked one by one, the unit and
            // item are locked first (in order, before any need row) so two writers cannot both pass the check.
            await LockKeysAsync(w, needs.Select(n => $"need-range:{n.Key.Unit}|{n.Key.Item.Value}"), ct).ConfigureAwait(false);

            var existing = new Dictionary<NeedKey, (long Id, NeedState State)>();
            foreach (var key in needs.Select(n => n.Key).Distinct().OrderBy(k => k.Unit.ToString(), StringComparer.Ordinal)
                .ThenBy(k => k.Item.Value, StringComparer.Ordinal).ThenBy(k => k.Period.ToString(), StringComparer.Ordinal))
            {
                if (await LockNeedAsync(w, key, now, ct).ConfigureAwait(false) is { } row)
                {
                    existing[key] = row;
                }
            }

            var changes = new List<NeedChange>(needs.Count);
            var accepted = new List<NeedKey>(needs.Count);
            foreach (var (key, need) in needs)
            {
                var found = existing.TryGetValue(key, out var row);
                if (!found && await OverlappingPeriodAsync(w, key, accepted, ct).ConfigureAwait(false) is { } overlapping)
                {
                    changes.Add(NeedChange.Overlapping(key, overlapping));
                    continue;
                }

                accepted.Add(key);
                if (!found)
                {
                    await w.ExecuteAsync($"INSERT INTO {Tables}needs (unit, item, period, need) VALUES (@u, @i, @p, @n)", c =>
                    {
                        LedgerSql.AddKey(c, key);
                        LedgerSql.Add(c, "@n", need);
                    }, ct).ConfigureAwait(false);
                    w.Events.Add(LedgerEvents.NeedSet(now, key, null, need));
                    changes.Add(new NeedChange(null, new NeedState(key, need, 0, 0)));
                    continue;
                }

                if (row.State.Need != need)
                {
                    await w.ExecuteAsync($"UPDATE {Tables}needs SET need = @n WHERE id = @id", c =>
                    {
                        LedgerSql.Add(c, "@n", need);
                        LedgerSql.Add(c, "@id", row.Id);
                    }, ct).ConfigureAwait(false);
                    w.Events.Add(LedgerEvents.NeedSet(now, key, row.State.Need, need));
                }

                changes.Add(new NeedChange(row.State.Need, row.State with { Need = need }));
            }

            return (LedgerOutcome.NeedsSet(changes), true);
        }, cancellationToken);
    }

    // Reserves a need and, in the same transaction, the needs of the items bundled with it (same unit, period, quantity
    // and collaborator; each under its own key). Needs are taken in key order, the lock order of the transaction script.
    // Either all are held (reserved or replayed) and kept, or nothing is kept: the answer is then the request's own
    // refusal, or a refusal naming the bundled need that could not be reserved.
    internal Task<LedgerOutcome> ReserveAsync(ReserveRequest request, IReadOnlyList<ReserveRequest> bundled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bundled);
        if (bundled.Count == 0)
        {
            return WriteAsync((w, ct) => ReserveInScopeAsync(w, request, ct), cancellationToken);
        }

        return WriteAsync<LedgerOutcome>(async (w, ct) =>
        {
            // The bundled items are reserved for the collaborator the request resolves to (and under its authority),
            // so the request is resolved first; a retry of a stored reservation keeps the stored collaborator.
            var main = (await w.ListAsync($"{ReservationSelect} WHERE r.key = @k", c => LedgerSql.Add(c, "@k", request.Key.Value), LedgerRows.Reservation, ct).ConfigureAwait(false)).FirstOrDefault();
            CollaboratorId collaborator;
            if (main is not null)
            {
                collaborator = main.Collaborator;
            }
            else
            {
                var (resolved, denied) = await ResolveDrawAsync(w, request, ct).ConfigureAwait(false);
                if (denied is not null)
                {
                    return (denied, false);
                }

                collaborator = resolved;

                // Resolved once: the request is not resolved (or its authority read) a second time below.
                request = request with { Collaborator = collaborator };
            }

            // A retry keeps the stored collaborator for the bundled items; the request itself is then compared with the
            // stored reservation as any retry is (another actor's key on a reservation of its own is a key conflict).
            bundled = [.. bundled.Select(b => b with { Collaborator = collaborator })];
            var all = bundled.Prepend(request).OrderBy(r => r.Need.Unit.ToString(), StringComparer.Ordinal)
                .ThenBy(r => r.Need.Item.Value, StringComparer.Ordinal).ThenBy(r => r.Need.Period.ToString(), StringComparer.Ordinal);
            LedgerOutcome? own = null;
            foreach (var r in all)
            {
                var (outcome, _) = await ReserveInScopeAsync(w, r, ct).ConfigureAwait(false);
                if (ReferenceEquals(r, request))
                {
                    own = outcome;
                    if (!outcome.Succeeded)
                    {
                        return (outcome, false);
                    }
                }
                else if (!outcome.Succeeded)
                {
                    var why = outcome.Rule switch
                    {
                        LedgerRule.NeedNotFound => "the ledger has no need for it",
                        LedgerRule.NotEnoughRemaining => $"only {outcome.Remaining} of its need remain{(outcome.Remaining == 1 ? "s" : string.Empty)}",
                        _ => outcome.Message,
                    };
                    return (LedgerOutcome.Refused(
                        LedgerRule.BundleNotAvailable,
                        $"{request.Need.Item} is reserved only together with {r.Need.Item}, and {r.Need.Item} at {r.Need.Unit} for {r.Need.Period} cannot be reserved ({request.Quantity} asked): {why}.",
                        unit: r.Need.Unit,
                        remaining: outcome.Remaining), false);
                }
            }

            return (own!, true);
        }, cancellationToken);
    }

    private async Task<(LedgerOutcome Outcome, bool Commit)> ReserveInScopeAsync(WriteScope w, ReserveRequest request, CancellationToken ct)
    {
        // The need row is locked before the key is looked up: a retry racing its original waits for the original's
        // commit and then finds its reservation (replayed), never a need the original has just filled (refused).
        var locked = await LockNeedAsync(w, request.Need, request.Now, ct).ConfigureAwait(false);
        var stored = (await w.ListAsync($"{ReservationSelect} WHERE r.key = @k", c => LedgerSql.Add(c, "@k", request.Key.Value), LedgerRows.Reservation, ct)
            .ConfigureAwait(false)).FirstOrDefault();
        if (stored is not null)
        {
            // Same parameters means the same need, so the row just locked is the stored reservation's need.
            return request.SameParametersAs(stored, await PledgeOfAsync(w, stored.Id, ct).ConfigureAwait(false))
                ? (LedgerOutcome.Replayed(stored, locked?.State.Remaining ?? 0), false)
                : (LedgerOutcome.Refused(LedgerRule.KeyConflict, $"a key names one reservation: '{request.Key}' was already used for reservation {stored.Id} with different parameters.", stored, field: "key"), false);
        }

        if (locked is not { } row)
        {
            return (LedgerOutcome.Refused(LedgerRule.NeedNotFound, $"a reservation is of a need the ledger holds: there is no need {request.Need}.", unit: request.Need.Unit), false);
        }

        var collaborator = request.Collaborator ?? default;
        if (request.Collaborator is null)
        {
            var (resolved, denied) = await ResolveDrawAsync(w, request, ct).ConfigureAwait(false);
            if (denied is not null)
            {
                return (denied, false);
            }

            collaborator = resolved;
        }

        if (await CheckDrawAsync(w, request, ct).ConfigureAwait(false) is { } refusal)
        {
            return (refusal, false);
        }

        var expired = await ExpireStaleAsync(w, row.Id, request.Now, ct).ConfigureAwait(false);

        // Remaining is computed without overflow (need, reserved and delivered are each 0 … long.MaxValue), so a
        // quantity far beyond it is refused here and never reaches the database's arithmetic.
        var remaining = row.State.Remaining;
        if (request.Quantity > remaining)
        {
            await AdjustNeedAsync(w, row.Id, -expired, 0, ct).ConfigureAwait(false);
            return (NotEnough(request, remaining, row.State.Need), true);
        }

        // The row is locked, so this cannot race; the condition is the rule itself, checked again by the database.
        var taken = await w.ExecuteAsync($"""
            UPDATE {Tables}needs SET reserved = reserved - @expired + @q
            WHERE id = @id AND reserved - @expired + delivered + @q <= need
            """, c =>
        {
            LedgerSql.Add(c, "@expired", expired);
            LedgerSql.Add(c, "@q", request.Quantity);
            LedgerSql.Add(c, "@id", row.Id);
        }, ct).ConfigureAwait(false);
        if (taken != 1)
        {
            await AdjustNeedAsync(w, row.Id, -expired, 0, ct).ConfigureAwait(false);
            return (NotEnough(request, remaining, row.State.Need), true);
        }

        var reservation = new Reservation(request.ProposedId, request.Key, collaborator, request.Need, request.Quantity, 0,
            ReservationStatus.Reserved, request.Now, request.ExpiresAt, request.Now, null) { DeliverBy = request.DeliverBy };
        await w.ExecuteAsync($"""
            INSERT INTO {Tables}reservations (id, key, collaborator, need_id, quantity, delivered, status, created_at, expires_at, updated_at, reason, deliver_by)
            VALUES (@id, @key, @c, @n, @q, 0, @s, @t, @e, @t, NULL, @by)
            """, c =>
        {
            LedgerSql.Add(c, "@by", reservation.DeliverBy is { } by ? NodaTime.Text.LocalDatePattern.Iso.Format(by) : null);
            LedgerSql.Add(c, "@id", reservation.Id.Value);
            LedgerSql.Add(c, "@key", reservation.Key.Value);
            LedgerSql.Add(c, "@c", reservation.Collaborator.Value);
            LedgerSql.Add(c, "@n", row.Id);
            LedgerSql.Add(c, "@q", reservation.Quantity);
            LedgerSql.Add(c, "@s", (short)ReservationStatus.Reserved);
            LedgerSql.Add(c, "@t", reservation.CreatedAt.ToUnixTimeTicks());
            LedgerSql.Add(c, "@e", reservation.ExpiresAt.ToUnixTimeTicks());
        }, ct).ConfigureAwait(false);
        if (request.Pledge is { } pledge)
        {
            await w.ExecuteAsync($"INSERT INTO {Tables}pledge_draws (reservation_id, pledge_id) VALUES (@r, @p)", c =>
            {
                LedgerSql.Add(c, "@r", reservation.Id.Value);
                LedgerSql.Add(c, "@p", pledge.Value);
            }, ct).ConfigureAwait(false);
        }

        w.Events.Add(LedgerEvents.Reserved(reservation, request.Pledge, request.Actor.Id == collaborator ? null : (request.Actor.Recorded, "on-behalf")));
        return (LedgerOutcome.Applied(reservation, remaining - request.Quantity), true);
    }

    private static LedgerOutcome NotEnough(ReserveRequest request, long remaining, long need) => LedgerOutcome.Refused(
        LedgerRule.NotEnoughRemaining,
        FormattableString.Invariant($"reserved + delivered never exceed a need: {request.Need} has {remaining} remaining of {need}, fewer than the {request.Quantity} asked for."),
        unit: request.Need.Unit,
        field: "quantity",
        remaining: remaining,
        limit: need);

    internal Task<LedgerOutcome> TransitionAsync(TransitionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync(async (w, ct) =>
        {
            if (await w.ScalarAsync($"SELECT need_id FROM {Tables}reservations WHERE id = @id", c => LedgerSql.Add(c, "@id", request.Id.Value), ct)
                .ConfigureAwait(false) is not { } found)
            {
                return (LedgerOutcome.Refused(LedgerRule.ReservationNotFound, $"a transition is of a reservation the ledger holds: there is no reservation '{request.Id}'.", field: "id"), false);
            }

            var needId = Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture);
            await w.ListAsync($"SELECT id FROM {Tables}needs n WHERE id = @n{LockRows("n")}", c => LedgerSql.Add(c, "@n", needId), r => r.GetInt64(0), ct).ConfigureAwait(false);
            var stored = (await w.ListAsync($"{ReservationSelect} WHERE r.id = @id{LockRows("r")}", c => LedgerSql.Add(c, "@id", request.Id.Value), LedgerRows.Reservation, ct)
                .ConfigureAwait(false))[0];
            var role = LedgerRole.None;
            if (request.Actor is { } actor && !request.Follows)
            {
                (role, var refusal) = await AuthorizeAsync(w, stored, request, actor, ct).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return (LedgerOutcome.Refused(refusal, stored), false);
                }
            }

            var plan = ReservationLifecycle.Plan(stored, request);
            if (plan.Expired is { } expired)
            {
                await StoreStatusAsync(w, expired, ct).ConfigureAwait(false);
                await AdjustNeedAsync(w, needId, -stored.Quantity, 0, ct).ConfigureAwait(false);
                w.Events.Add(LedgerEvents.Expired(expired));
            }

            if (plan.Outcome != LedgerOutcomeKind.Applied)
            {
                return (plan.ToOutcome(), true);
            }

            if (plan.After.Status == ReservationStatus.Delivered && request.Households.Count > 0)
            {
                await CheckHouseholdKeyAsync(w, request.HouseholdKeyFingerprint, ct).ConfigureAwait(false);
            }

            if (plan.After.Status == ReservationStatus.Delivered)
            {
                // Households are locked in hash order (no deadlock between deliveries naming the same households), so
                // the overlap check below cannot race; the unique index still guards the same period.
                await LockKeysAsync(w, request.Households.Select(h => h.Hash), ct).ConfigureAwait(false);

                for (var i = 0; i < request.Households.Count; i++)
                {
                    var claim = request.Households[i];
                    var start = NodaTime.Period.DaysBetween(new LocalDate(1970, 1, 1), claim.Period.Start);
                    var end = NodaTime.Period.DaysBetween(new LocalDate(1970, 1, 1), claim.Period.End);
                    var overlapping = claim.OverrideReason is null && await w.ScalarAsync($"""
                        SELECT 1 FROM {Tables}household_claims
                        WHERE hash = @h AND benefit_class = @b AND override_reason IS NULL AND period <> @p
                          AND period_start <= @end AND @start <= period_end
                        LIMIT 1
                        """, c =>
                    {
                        LedgerSql.Add(c, "@h", claim.Hash);
                        LedgerSql.Add(c, "@b", claim.BenefitClass);
                        LedgerSql.Add(c, "@p", claim.Period.ToString());
                        LedgerSql.Add(c, "@start", start);
                        LedgerSql.Add(c, "@end", end);
                    }, ct).ConfigureAwait(false) is not null;
                    var inserted = overlapping ? 0 : await w.ExecuteAsync($"""
                        INSERT INTO {Tables}household_claims (hash, benefit_class, period, reservation_id, override_reason, period_start, period_end)
                        VALUES (@h, @b, @p, @r, @o, @start, @end) ON CONFLICT DO NOTHING
                        """, c =>
                    {
                        LedgerSql.Add(c, "@h", claim.Hash);
                        LedgerSql.Add(c, "@b", claim.BenefitClass);
                        LedgerSql.Add(c, "@p", claim.Period.ToString());
                        LedgerSql.Add(c, "@r", stored.Id.Value);
                        LedgerSql.Add(c, "@o", claim.OverrideReason);
                        LedgerSql.Add(c, "@start", start);
                        LedgerSql.Add(c, "@end", end);
                    }, ct).ConfigureAwait(false);
                    if (inserted != 1)
                    {
                        // The one mechanism for duplicate households: the unique index refuses the claim, and the whole
                        // delivery (with any expiry found on the way) is rolled back.
                        return (LedgerOutcome.Refused(LedgerRefusal.Household(i, $"household #{i + 1} already received benefit class '{claim.BenefitClass}' in period {claim.Period}; give an override reason to deliver again.", stored.Need.Unit), plan.Expired ?? stored), false);
                    }
                }
            }

            var proof = plan.After.Status == ReservationStatus.Delivered ? request.Proof : null;
            if (proof is not null)
            {
                await InsertProofAsync(w, stored.Id, proof, ct).ConfigureAwait(false);
            }

            if (plan.ReleaseHouseholdClaims)
            {
                await w.ExecuteAsync($"DELETE FROM {Tables}household_claims WHERE reservation_id = @r", c => LedgerSql.Add(c, "@r", stored.Id.Value), ct).ConfigureAwait(false);
            }

            await StoreStatusAsync(w, plan.After, ct).ConfigureAwait(false);
            await AdjustNeedAsync(w, needId, plan.ReservedDelta, plan.DeliveredDelta, ct).ConfigureAwait(false);
            var aggregator = plan.After.Status == ReservationStatus.Delivered ? await AggregatorOfAsync(w, stored.Id, ct).ConfigureAwait(false) : null;
            (string Actor, string Role)? by = request.Actor is null ? null : (request.Actor.Recorded, request.Follows ? "follows-bundle" : RoleGrant.Name(role));
            w.Events.Add(request.RenewUntil is not null
                ? LedgerEvents.Renewed(plan.After, by)
                : LedgerEvents.Transitioned(plan.After, plan.After.Status == ReservationStatus.Delivered ? request.Households : [], aggregator, by, proof));
            return (plan.ToOutcome(), true);
        }, cancellationToken);
    }

    internal Task<LedgerOutcome> SetCollaboratorsAsync(IReadOnlyList<Collaborator> collaborators, Instant now, LedgerActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collaborators);
        return WriteAsync(async (w, ct) =>
        {
            if (await RegistryRefusalAsync(w, actor, "records collaborators", ct).ConfigureAwait(false) is { } refusal)
            {
                return (LedgerOutcome.Refused(refusal), false);
            }

            foreach (var collaborator in collaborators)
            {
                var changed = await w.ExecuteAsync($"""
                    INSERT INTO {Tables}collaborators AS t (id, name, category, sub_kind, publish_name, status) VALUES (@id, @n, @c, @k, @pub, @st)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, sub_kind = excluded.sub_kind,
                      publish_name = excluded.publish_name, status = excluded.status
                    WHERE t.name <> excluded.name OR t.category <> excluded.category OR t.sub_kind <> excluded.sub_kind
                      OR t.publish_name <> excluded.publish_name OR t.status <> excluded.status
                    """, c =>
                {
                    LedgerSql.Add(c, "@id", collaborator.Id.Value);
                    LedgerSql.Add(c, "@n", collaborator.Name);
                    LedgerSql.Add(c, "@c", CollaboratorTaxonomy.GetCode(collaborator.Category));
                    LedgerSql.Add(c, "@k", collaborator.SubKind == CollaboratorSubKind.None ? string.Empty : CollaboratorTaxonomy.GetCode(collaborator.SubKind));
                    LedgerSql.Add(c, "@pub", (short)(collaborator.PublishName ? 1 : 0));
                    LedgerSql.Add(c, "@st", CollaboratorTaxonomy.GetCode(collaborator.Status));
                }, ct).ConfigureAwait(false);
                if (changed == 1)
                {
                    w.Events.Add(LedgerEvents.CollaboratorSet(now, collaborator));
                }
            }

            return (LedgerOutcome.Done(), collaborators.Count > 0);
        }, cancellationToken);
    }

    private Task<int> InsertProofAsync(WriteScope w, ReservationId id, DeliveryProof proof, CancellationToken ct) =>
        w.ExecuteAsync($"""
            INSERT INTO {Tables}delivery_proofs (reservation_id, evidence, lon, lat, located_unit, distance_m, acknowledgements)
            VALUES (@r, @e, @lon, @lat, @u, @d, @a)
            """, c =>
        {
            LedgerSql.Add(c, "@r", id.Value);
            LedgerSql.Add(c, "@e", string.Join(' ', proof.Evidence));
            LedgerSql.Add(c, "@lon", proof.Geotag?.Point.Longitude);
            LedgerSql.Add(c, "@lat", proof.Geotag?.Point.Latitude);
            LedgerSql.Add(c, "@u", proof.Geotag?.LocatedUnit?.ToString());
            LedgerSql.Add(c, "@d", proof.Geotag?.DistanceMetres);
            LedgerSql.Add(c, "@a", proof.Acknowledgements);
        }, ct);

    // The first delivery naming households records the key's fingerprint; every later one must bring the same key.
    private async Task CheckHouseholdKeyAsync(WriteScope w, string? fingerprint, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var stored = await w.ScalarAsync($"SELECT fingerprint FROM {Tables}household_key h WHERE id = 1{LockRows("h")}", null, ct).ConfigureAwait(false) as string;
        if (stored is null)
        {
            await w.ExecuteAsync($"INSERT INTO {Tables}household_key (id, fingerprint) VALUES (1, @f)", c => LedgerSql.Add(c, "@f", fingerprint), ct).ConfigureAwait(false);
        }
        else if (!string.Equals(stored, fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The household hashing key is not the one this ledger's households were hashed with (fingerprint {fingerprint}, the ledger's {stored}); with another key de-duplication would silently fail. Use the original key.",
                nameof(fingerprint));
        }
    }

    // Takes the transaction-scoped lock of each distinct key, in ordinal order (so two writers locking overlapping sets
    // never deadlock); nothing where the store locks the whole database for a write.
    private async Task LockKeysAsync(WriteScope w, IEnumerable<string> keys, CancellationToken ct)
    {
        if (LockKey.Length == 0)
        {
            return;
        }

        foreach (var key in keys.Distinct().Order(StringComparer.Ordinal))
        {
            await w.ListAsync(LockKey, c => LedgerSql.Add(c, "@h", key), _ => 0, ct).ConfigureAwait(false);
        }
    }

    // Another period of the same unit and item, stored or accepted earlier in this batch, whose dates overlap the key's.
    private async Task<DistributionPeriod?> OverlappingPeriodAsync(WriteScope w, NeedKey key, List<NeedKey> accepted, CancellationToken ct)
    {
        foreach (var other in accepted)
        {
            if (other.Unit == key.Unit && other.Item == key.Item && other.Period != key.Period && other.Period.Overlaps(key.Period))
            {
                return other.Period;
            }
        }

        var periods = await w.ListAsync($"SELECT period FROM {Tables}needs WHERE unit = @u AND item = @i AND period <> @p", c => LedgerSql.AddKey(c, key),
            r => r.GetString(0), ct).ConfigureAwait(false);
        foreach (var text in periods.Order(StringComparer.Ordinal))
        {
            var period = DistributionPeriod.Parse(text);
            if (period.Overlaps(key.Period))
            {
                return period;
            }
        }

        return null;
    }

    private async Task<(long Id, NeedState State)?> LockNeedAsync(WriteScope w, NeedKey key, Instant now, CancellationToken ct)
    {
        var rows = await w.ListAsync($"{NeedSelect} WHERE n.unit = @u AND n.item = @i AND n.period = @p{LockRows("n")}", c =>
        {
            LedgerSql.AddKey(c, key);
            LedgerSql.Add(c, "@now", now.ToUnixTimeTicks());
        }, LedgerRows.Need, ct).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    // Records the expiry of the need's reserved reservations past their time (the need row is locked); returns their
    // total quantity, which the caller takes off the need's reserved quantity.
    private async Task<long> ExpireStaleAsync(WriteScope w, long needId, Instant now, CancellationToken ct)
    {
        var stale = await w.ListAsync($"{ReservationSelect} WHERE r.need_id = @n AND r.status = @s AND r.expires_at <= @now ORDER BY r.seq", c =>
        {
            LedgerSql.Add(c, "@n", needId);
            LedgerSql.Add(c, "@s", (short)ReservationStatus.Reserved);
            LedgerSql.Add(c, "@now", now.ToUnixTimeTicks());
        }, LedgerRows.Reservation, ct).ConfigureAwait(false);
        long total = 0;
        foreach (var r in stale)
        {
            var expired = r with { Status = ReservationStatus.Expired, UpdatedAt = r.ExpiresAt };
            await StoreStatusAsync(w, expired, ct).ConfigureAwait(false);
            w.Events.Add(LedgerEvents.Expired(expired));
            total += r.Quantity;
        }

        return total;
    }

    private Task<int> StoreStatusAsync(WriteScope w, Reservation r, CancellationToken ct) =>
        w.ExecuteAsync($"UPDATE {Tables}reservations SET status = @s, delivered = @d, updated_at = @t, reason = @why, expires_at = @e WHERE id = @id", c =>
        {
            LedgerSql.Add(c, "@e", r.ExpiresAt.ToUnixTimeTicks());
            LedgerSql.Add(c, "@s", (short)r.Status);
            LedgerSql.Add(c, "@d", r.DeliveredQuantity);
            LedgerSql.Add(c, "@t", r.UpdatedAt.ToUnixTimeTicks());
            LedgerSql.Add(c, "@why", r.Reason);
            LedgerSql.Add(c, "@id", r.Id.Value);
        }, ct);

    private async Task AdjustNeedAsync(WriteScope w, long needId, long reservedDelta, long deliveredDelta, CancellationToken ct)
    {
        if (reservedDelta == 0 && deliveredDelta == 0)
        {
            return;
        }

        await w.ExecuteAsync($"UPDATE {Tables}needs SET reserved = reserved + @r, delivered = delivered + @d WHERE id = @id", c =>
        {
            LedgerSql.Add(c, "@r", reservedDelta);
            LedgerSql.Add(c, "@d", deliveredDelta);
            LedgerSql.Add(c, "@id", needId);
        }, ct).ConfigureAwait(false);
    }

    // Seals a transaction's events after the chain head, read under its row lock (held until commit), and moves the head.
    private async Task AppendEventsAsync(DbTransaction tx, IReadOnlyList<LedgerEventData> events, CancellationToken ct)
    {
        var head = await LedgerSql.ListAsync(tx, $"SELECT seq, hash FROM {Tables}chain_head h WHERE id = 1{LockRows("h")}", null, r => (Seq: r.GetInt64(0), Hash: r.GetString(1)), ct)
            .ConfigureAwait(false);
        if (head.Count == 0)
        {
            throw new LedgerStoreException($"{Description}: the chain_head row is missing; the schema was altered outside the migrations.");
        }

        var (sequence, hash) = head[0];
        foreach (var data in events)
        {
            var sealedEvent = LedgerEventChain.Seal(sequence, hash, data);
            await LedgerSql.ExecuteAsync(tx, $"INSERT INTO {Tables}events (seq, at, kind, payload, prev_hash, hash) VALUES (@s, @a, @k, @p, @ph, @h)", c =>
            {
                LedgerSql.Add(c, "@s", sealedEvent.Sequence);
                LedgerSql.Add(c, "@a", sealedEvent.At.ToUnixTimeTicks());
                LedgerSql.Add(c, "@k", sealedEvent.Kind);
                LedgerSql.Add(c, "@p", sealedEvent.Payload);
                LedgerSql.Add(c, "@ph", sealedEvent.PreviousHash);
                LedgerSql.Add(c, "@h", sealedEvent.Hash);
            }, ct).ConfigureAwait(false);
            sequence = sealedEvent.Sequence;
            hash = sealedEvent.Hash;
        }

        await LedgerSql.ExecuteAsync(tx, $"UPDATE {Tables}chain_head SET seq = @s, hash = @h WHERE id = 1", c =>
        {
            LedgerSql.Add(c, "@s", sequence);
            LedgerSql.Add(c, "@h", hash);
        }, ct).ConfigureAwait(false);
    }

    // The transaction and pending events of one write operation.
    internal sealed class WriteScope(DbTransaction transaction)
    {
        public DbTransaction Transaction { get; } = transaction;

        public List<LedgerEventData> Events { get; } = [];

        public Task<int> ExecuteAsync(string sql, Action<DbCommand>? bind, CancellationToken ct) => LedgerSql.ExecuteAsync(Transaction, sql, bind, ct);

        public Task<object?> ScalarAsync(string sql, Action<DbCommand>? bind, CancellationToken ct) => LedgerSql.ScalarAsync(Transaction, sql, bind, ct);

        public Task<List<T>> ListAsync<T>(string sql, Action<DbCommand>? bind, Func<DbDataReader, T> map, CancellationToken ct) =>
            LedgerSql.ListAsync(Transaction, sql, bind, map, ct);
    }
}
