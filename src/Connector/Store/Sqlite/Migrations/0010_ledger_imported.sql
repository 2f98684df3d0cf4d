-- Movements written by `crmsuite import --subscription-history` are marked, so importing a subscription's history again
-- replaces what the last import wrote for it instead of adding to it; movements the sync or a proposal wrote are never
-- touched by an import. The partial index finds one subscription's imported rows without walking the ledger.
ALTER TABLE mrr_ledger ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
CREATE INDEX mrr_ledger_imported ON mrr_ledger(subscription_id) WHERE imported = 1;
