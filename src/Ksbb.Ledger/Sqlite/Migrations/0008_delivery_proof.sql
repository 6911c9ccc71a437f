-- Ksbb ledger schema for SQLite, version 8: a reservation's planned delivery date (ISO yyyy-MM-dd, Asia/Jakarta; NULL
-- for reservations stored before this version), and the proof recorded with a delivery: evidence as "sha256:size"
-- words, an optional geotag with the unit located there and the distance to the claimed unit, and a count of
-- recipients' acknowledgements. No files and no personal data are stored.
ALTER TABLE reservations ADD COLUMN deliver_by TEXT;
CREATE TABLE delivery_proofs(
  reservation_id TEXT PRIMARY KEY, evidence TEXT NOT NULL, lon REAL, lat REAL, located_unit TEXT, distance_m REAL,
  acknowledgements INTEGER NOT NULL CHECK (acknowledgements >= 0));
