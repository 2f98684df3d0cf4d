-- The usage an account had on each day a value changed: the same columns as `usage` (which keeps only the latest), one row
-- per account and day. `demo seed` records its history here and `import --usage-history` loads one; a backtest replays
-- from it. Beside it, the seats in use of the account's primary license on the same days (seat_utilization's history),
-- kept apart so usage_history stays the exact shape of usage.
CREATE TABLE usage_history (
    account_id TEXT NOT NULL,
    as_of TEXT NOT NULL,
    active_users_30d INTEGER NOT NULL,
    feature_adoption TEXT NOT NULL,
    health INTEGER NOT NULL,
    health_change_30d INTEGER NOT NULL,
    open_tickets INTEGER NOT NULL,
    nps INTEGER,
    seat_utilization_min_28d TEXT NOT NULL,
    usage_growth_30d TEXT NOT NULL,
    days_since_last_login INTEGER NOT NULL,
    PRIMARY KEY (account_id, as_of)
) WITHOUT ROWID;
CREATE TABLE seat_use_history (
    account_id TEXT NOT NULL,
    as_of TEXT NOT NULL,
    seats_used INTEGER NOT NULL,
    PRIMARY KEY (account_id, as_of)
) WITHOUT ROWID;
