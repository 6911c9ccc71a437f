-- Ksbb ledger schema for SQLite, version 4: the fingerprint of the household hashing key, recorded by the first
-- delivery that names households and checked by every later one (a different key would silently break de-duplication).
CREATE TABLE household_key(id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
