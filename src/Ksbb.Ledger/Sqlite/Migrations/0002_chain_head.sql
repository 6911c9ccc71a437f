-- Ksbb ledger schema for SQLite, version 2: the chain head stored apart from the events (as on PostgreSQL), so every
-- append reads and moves one row, and deleting the newest events no longer leaves a chain that looks complete.
CREATE TABLE chain_head(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
INSERT INTO chain_head(id, seq, hash) VALUES (1,
  COALESCE((SELECT seq FROM events ORDER BY seq DESC LIMIT 1), 0),
  COALESCE((SELECT hash FROM events ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000'));
