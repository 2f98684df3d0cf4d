-- The metrics read the ledger account by account (one movement per account per day, all its subscriptions summed): an
-- index on the account keeps that read a walk instead of a sort of every row. A first sync commits accounts page by page,
-- so the index grows mostly at its end. A cancellation keeps the last day already paid for, so a report can count churn
-- at the end of the paid period (Metrics:ChurnAt = PeriodEnd).
ALTER TABLE mrr_ledger ADD COLUMN paid_through TEXT;
CREATE INDEX mrr_ledger_account ON mrr_ledger(account_id);
