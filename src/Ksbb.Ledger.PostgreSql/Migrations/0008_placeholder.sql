-- Ksbb ledger schema, version 8: intentionally empty. The number belongs to a change made on another line of work;
-- when both are merged, that change's 0008 script replaces this file (delete this one).
SELECT 1;
