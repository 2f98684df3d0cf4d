-- No query reads the ledger by day. A first sync dates each license's "new" movement on its start date, so the index took
-- every movement at a random place among years of days and rewrote most of its pages on every page commit.
DROP INDEX IF EXISTS mrr_ledger_day;
