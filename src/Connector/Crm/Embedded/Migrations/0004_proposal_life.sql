-- A proposal's life: answered (accepted or declined, by whom, when, why) or expired, each with a durable event the
-- connector applies once; the terms it proposes and its document as issued; and the license changes acceptances made.
ALTER TABLE proposals ADD COLUMN answered_at TEXT;
ALTER TABLE proposals ADD COLUMN answered_by TEXT;
ALTER TABLE proposals ADD COLUMN decline_reason TEXT;
ALTER TABLE proposals ADD COLUMN terms TEXT;
ALTER TABLE proposals ADD COLUMN document_html TEXT;
CREATE INDEX proposals_open_expiry ON proposals(expires_on) WHERE status = 'issued';
CREATE TABLE proposal_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_key TEXT NOT NULL,
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    state TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('accepted', 'declined', 'expired')),
    reason TEXT,
    created_at TEXT NOT NULL,
    processed_at TEXT,
    result TEXT
);
CREATE INDEX proposal_events_pending ON proposal_events(id) WHERE processed_at IS NULL;
CREATE TABLE license_changes (
    proposal_key TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    from_tier TEXT NOT NULL,
    to_tier TEXT NOT NULL,
    from_seats INTEGER NOT NULL,
    to_seats INTEGER NOT NULL,
    billing_period TEXT NOT NULL,
    term_months INTEGER NOT NULL,
    mrr_before TEXT NOT NULL,
    mrr_after TEXT NOT NULL,
    currency TEXT NOT NULL,
    renewal_before TEXT,
    renewal_after TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE license_change_lines (
    proposal_key TEXT NOT NULL,
    line INTEGER NOT NULL,
    description TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    PRIMARY KEY (proposal_key, line)
) WITHOUT ROWID;
