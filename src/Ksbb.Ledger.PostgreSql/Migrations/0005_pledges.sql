-- Ksbb ledger schema, version 5: aggregators (official distribution partners with a capacity), pledges (a
-- collaborator's offer of an item for a period: direct with an optional origin, or via an aggregator) and the
-- reservations that draw on a pledge. Additive: existing tables are unchanged.
CREATE TABLE aggregators (
  id        text             PRIMARY KEY,
  name      text             NOT NULL,
  capacity  bigint           NOT NULL CHECK (capacity >= 0),
  depot_lon double precision NOT NULL,
  depot_lat double precision NOT NULL,
  areas     text             NOT NULL DEFAULT ''
);

CREATE TABLE pledges (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text   NOT NULL CONSTRAINT pledges_id UNIQUE,
  key          text   NOT NULL CONSTRAINT pledges_key UNIQUE,
  collaborator text   NOT NULL,
  item         text   NOT NULL,
  period       text   NOT NULL,
  quantity     bigint NOT NULL CHECK (quantity > 0),
  aggregator   text,
  origin_lon   double precision,
  origin_lat   double precision,
  created_at   bigint NOT NULL
);

CREATE INDEX pledges_by_aggregator ON pledges (aggregator);

CREATE TABLE pledge_draws (
  reservation_id text PRIMARY KEY,
  pledge_id      text NOT NULL
);

CREATE INDEX pledge_draws_by_pledge ON pledge_draws (pledge_id);
