-- Ksbb ledger schema for SQLite, version 6: role grants. An actor acts as a verifier or operator within a region (scope:
-- a region code, covering everything inside it) or as an aggregator (scope: the aggregator id). Additive.
CREATE TABLE roles(actor TEXT NOT NULL, role TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY(actor, role, scope));
