-- Ksbb ledger schema, version 6: role grants. An actor acts as a verifier or operator within a region (scope: a region
-- code, covering everything inside it) or as an aggregator (scope: the aggregator id). Additive.
CREATE TABLE roles (
  actor text NOT NULL,
  role  text NOT NULL,
  scope text NOT NULL,
  PRIMARY KEY (actor, role, scope)
);
