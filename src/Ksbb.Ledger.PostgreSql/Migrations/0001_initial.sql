-- Ksbb ledger schema, version 1: needs, reservations, collaborators, household claims and the event chain.
-- Runs inside the migrator's transaction with search_path set to the ledger's schema (default ksbb_ledger).
-- Instants are Unix ticks (100 ns, bigint): exact round trips of NodaTime instants, the same numbers the chain hashes.

CREATE TABLE needs (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit      text   NOT NULL,
  item      text   NOT NULL,
  period    text   NOT NULL,
  need      bigint NOT NULL CHECK (need >= 0),
  reserved  bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  delivered bigint NOT NULL DEFAULT 0 CHECK (delivered >= 0),
  CONSTRAINT needs_key UNIQUE (unit, item, period)
);

CREATE TABLE reservations (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text     NOT NULL CONSTRAINT reservations_id UNIQUE,
  key          text     NOT NULL CONSTRAINT reservations_key UNIQUE,
  collaborator text     NOT NULL,
  need_id      bigint   NOT NULL REFERENCES needs (id),
  quantity     bigint   NOT NULL CHECK (quantity > 0),
  delivered    bigint   NOT NULL DEFAULT 0 CHECK (delivered >= 0),
  status       smallint NOT NULL,
  created_at   bigint   NOT NULL,
  expires_at   bigint   NOT NULL,
  updated_at   bigint   NOT NULL,
  reason       text
);

CREATE TABLE collaborators (
  id       text PRIMARY KEY,
  name     text NOT NULL,
  category text NOT NULL
);

CREATE TABLE household_claims (
  hash            text NOT NULL,
  benefit_class   text NOT NULL,
  period          text NOT NULL,
  reservation_id  text NOT NULL,
  override_reason text
);

CREATE UNIQUE INDEX household_once ON household_claims (hash, benefit_class, period) WHERE override_reason IS NULL;

CREATE TABLE events (
  seq       bigint PRIMARY KEY CHECK (seq > 0),
  at        bigint NOT NULL,
  kind      text   NOT NULL,
  payload   text   NOT NULL,
  prev_hash text   NOT NULL,
  hash      text   NOT NULL
);

-- The chain head: one row, locked FOR UPDATE by every transaction that appends events, so appends are serialised in
-- commit order and sequence numbers stay gapless.
CREATE TABLE chain_head (
  id   smallint PRIMARY KEY CHECK (id = 1),
  seq  bigint NOT NULL,
  hash text   NOT NULL
);

INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
