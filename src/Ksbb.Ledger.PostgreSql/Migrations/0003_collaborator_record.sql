-- Ksbb ledger schema, version 3: a collaborator is the model's record — category from the taxonomy, sub-kind, the
-- person's own consent to be named (publish_name: 1 yes, 0 no) and a lifecycle status. Existing rows keep their data;
-- individuals start unnamed (the old default), organisations named.
ALTER TABLE collaborators
  ADD COLUMN sub_kind     text     NOT NULL DEFAULT '',
  ADD COLUMN publish_name smallint NOT NULL DEFAULT 0,
  ADD COLUMN status       text     NOT NULL DEFAULT 'active';
UPDATE collaborators SET publish_name = CASE WHEN category = 'perorangan' THEN 0 ELSE 1 END;
