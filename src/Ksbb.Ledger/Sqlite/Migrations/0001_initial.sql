-- Ksbb ledger schema for SQLite, version 1: needs, reservations, collaborators, household claims and the event chain.
-- Files created before versioned migrations hold exactly this schema (recorded as version 1 in their meta table).
-- Instants are Unix ticks (100 ns): exact round trips of NodaTime instants, the same numbers the chain hashes.
CREATE TABLE IF NOT EXISTS needs(
  id INTEGER PRIMARY KEY, unit TEXT NOT NULL, item TEXT NOT NULL, period TEXT NOT NULL,
  need INTEGER NOT NULL CHECK (need >= 0), reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered >= 0), UNIQUE(unit, item, period));
CREATE TABLE IF NOT EXISTS reservations(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE, collaborator TEXT NOT NULL,
  need_id INTEGER NOT NULL REFERENCES needs(id), quantity INTEGER NOT NULL CHECK (quantity > 0),
  delivered INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, reason TEXT);
CREATE INDEX IF NOT EXISTS reservations_live ON reservations(need_id, status, expires_at);
CREATE TABLE IF NOT EXISTS collaborators(id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS household_claims(
  hash TEXT NOT NULL, benefit_class TEXT NOT NULL, period TEXT NOT NULL, reservation_id TEXT NOT NULL,
  override_reason TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS household_once ON household_claims(hash, benefit_class, period) WHERE override_reason IS NULL;
CREATE INDEX IF NOT EXISTS household_by_reservation ON household_claims(reservation_id);
CREATE TABLE IF NOT EXISTS events(
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
