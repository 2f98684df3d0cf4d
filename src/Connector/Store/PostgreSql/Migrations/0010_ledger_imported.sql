-- As SQLite's 0010: movements written by `crmsuite import --subscription-history` are marked, so importing a
-- subscription's history again replaces what the last import wrote for it.
ALTER TABLE mrr_ledger ADD COLUMN imported integer NOT NULL DEFAULT 0;
CREATE INDEX mrr_ledger_imported ON mrr_ledger(subscription_id) WHERE imported = 1;
