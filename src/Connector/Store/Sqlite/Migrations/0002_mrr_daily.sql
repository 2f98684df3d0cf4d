-- Daily MRR totals per currency, written by the daily MRR snapshot job; the base of month-over-month metrics.
CREATE TABLE mrr_daily (
    day TEXT NOT NULL,
    currency TEXT NOT NULL,
    paying_accounts INTEGER NOT NULL,
    mrr TEXT NOT NULL,
    PRIMARY KEY (day, currency)
) WITHOUT ROWID;
