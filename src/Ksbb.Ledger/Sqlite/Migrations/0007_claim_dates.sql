-- Ksbb ledger schema for SQLite, version 7: household claims carry their period's first and last day (days since
-- 1970-01-01), so a household served in a month is found again when a week inside it is claimed. Claims made before
-- this version keep NULL dates and are compared by period text only (the unique index of version 1).
ALTER TABLE household_claims ADD COLUMN period_start INTEGER;
ALTER TABLE household_claims ADD COLUMN period_end INTEGER;
CREATE INDEX household_by_hash ON household_claims(hash, benefit_class);
