-- As SQLite's 0017: a subscription's first sighting by the sync, set aside when an imported history takes its place.
CREATE TABLE mrr_ledger_set_aside (
    id bigint PRIMARY KEY,
    day date NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    subscription_id text COLLATE "C" NOT NULL,
    movement text COLLATE "C" NOT NULL,
    mrr_before numeric NOT NULL,
    mrr_after numeric NOT NULL,
    delta numeric NOT NULL,
    tier_before text COLLATE "C",
    tier_after text COLLATE "C" NOT NULL,
    seats_before integer NOT NULL,
    seats_after integer NOT NULL,
    currency text COLLATE "C" NOT NULL,
    proposal_key text COLLATE "C",
    paid_through date,
    imported integer NOT NULL DEFAULT 0
);
CREATE INDEX mrr_ledger_set_aside_subscription ON mrr_ledger_set_aside(subscription_id);
