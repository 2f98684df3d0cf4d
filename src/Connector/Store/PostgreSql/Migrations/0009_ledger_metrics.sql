-- As SQLite's 0009: the metrics read the ledger account by account, and a cancellation keeps the last day already paid
-- for, so a report can count churn at the end of the paid period (Metrics:ChurnAt = PeriodEnd).
ALTER TABLE mrr_ledger ADD COLUMN paid_through date;
CREATE INDEX mrr_ledger_account ON mrr_ledger(account_id);
