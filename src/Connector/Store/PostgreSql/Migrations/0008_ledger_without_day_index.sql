-- No query reads the ledger by day; a first sync dates each license's "new" movement on its start date, so the index took
-- every movement at a random place.
DROP INDEX IF EXISTS mrr_ledger_day;
