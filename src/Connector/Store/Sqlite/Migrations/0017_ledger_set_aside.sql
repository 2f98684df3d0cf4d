-- The first sync dates a subscription's "new" movement on its start date with the MRR it finds, knowing nothing of what
-- came before. When `crmsuite import --subscription-history` later brings that subscription's history, the history takes
-- the first sighting's place; the sighting is kept here, unchanged, so that a later import that no longer names the
-- subscription (or a corrected file) puts it back. Nothing reads this table for figures.
CREATE TABLE mrr_ledger_set_aside (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    account_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    movement TEXT NOT NULL,
    mrr_before TEXT NOT NULL,
    mrr_after TEXT NOT NULL,
    delta TEXT NOT NULL,
    tier_before TEXT,
    tier_after TEXT NOT NULL,
    seats_before INTEGER NOT NULL,
    seats_after INTEGER NOT NULL,
    currency TEXT NOT NULL,
    proposal_key TEXT,
    paid_through TEXT,
    imported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mrr_ledger_set_aside_subscription ON mrr_ledger_set_aside(subscription_id);
