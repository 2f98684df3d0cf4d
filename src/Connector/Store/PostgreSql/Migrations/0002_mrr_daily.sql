-- Daily MRR totals per currency, written by the daily MRR snapshot job; the base of month-over-month metrics.
CREATE TABLE mrr_daily (
    day date NOT NULL,
    currency text COLLATE "C" NOT NULL,
    paying_accounts integer NOT NULL,
    mrr numeric NOT NULL,
    PRIMARY KEY (day, currency)
);
