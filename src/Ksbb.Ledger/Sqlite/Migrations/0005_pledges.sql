-- Ksbb ledger schema for SQLite, version 5: aggregators (official distribution partners with a capacity), pledges
-- (a collaborator's offer of an item for a period: direct with an optional origin, or via an aggregator) and the
-- reservations that draw on a pledge. Additive: existing tables are unchanged.
CREATE TABLE aggregators(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, capacity INTEGER NOT NULL CHECK (capacity >= 0),
  depot_lon REAL NOT NULL, depot_lat REAL NOT NULL, areas TEXT NOT NULL DEFAULT '');
CREATE TABLE pledges(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE, collaborator TEXT NOT NULL,
  item TEXT NOT NULL, period TEXT NOT NULL, quantity INTEGER NOT NULL CHECK (quantity > 0), aggregator TEXT,
  origin_lon REAL, origin_lat REAL, created_at INTEGER NOT NULL);
CREATE INDEX pledges_by_aggregator ON pledges(aggregator);
CREATE TABLE pledge_draws(reservation_id TEXT PRIMARY KEY, pledge_id TEXT NOT NULL);
CREATE INDEX pledge_draws_by_pledge ON pledge_draws(pledge_id);
