-- Ksbb ledger schema, version 8: a reservation's planned delivery date (ISO yyyy-MM-dd, Asia/Jakarta; NULL for
-- reservations stored before this version), and the proof recorded with a delivery: evidence as "sha256:size" words,
-- an optional geotag with the unit located there and the distance to the claimed unit, and a count of recipients'
-- acknowledgements. No files and no personal data are stored.
ALTER TABLE reservations ADD COLUMN deliver_by text;
CREATE TABLE delivery_proofs (
  reservation_id   text             PRIMARY KEY,
  evidence         text             NOT NULL,
  lon              double precision,
  lat              double precision,
  located_unit     text,
  distance_m       double precision,
  acknowledgements integer          NOT NULL CHECK (acknowledgements >= 0)
);
