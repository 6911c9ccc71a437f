-- Ksbb ledger schema, version 2: indexes for the hot reads.
-- reservations_live: finding a need's live (status 1 = reserved) reservations past their expiry, on every
--   reservation and every read of a need, without scanning the need's delivered and final reservations.
-- household_by_reservation: releasing a cancelled delivery's household claims.
CREATE INDEX reservations_live ON reservations (need_id, expires_at) WHERE status = 1;
CREATE INDEX household_by_reservation ON household_claims (reservation_id);
