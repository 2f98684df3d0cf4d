-- The state store's first schema: instances, audit log, outbox, watermarks, sync runs, quarantine, MRR ledger.
CREATE TABLE instances (
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    step INTEGER NOT NULL,
    condition_mask INTEGER NOT NULL,
    true_since TEXT NOT NULL,
    PRIMARY KEY (account_id, playbook_id)
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    sync_id INTEGER,
    triggered_by TEXT NOT NULL,
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    reason TEXT NOT NULL,
    effect_key TEXT NOT NULL
);
CREATE INDEX audit_log_account ON audit_log(account_id, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;

CREATE TABLE watermarks (
    source TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE syncs (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    accounts INTEGER NOT NULL DEFAULT 0,
    transitions INTEGER NOT NULL DEFAULT 0,
    tasks INTEGER NOT NULL DEFAULT 0,
    proposals INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    watermark_from TEXT,
    watermark_to TEXT
);

CREATE TABLE quarantine (
    account_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    sync_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, record_id, field)
) WITHOUT ROWID;

CREATE TABLE mrr_snapshots (
    subscription_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    tier TEXT NOT NULL,
    seats INTEGER NOT NULL,
    mrr TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX mrr_snapshots_account ON mrr_snapshots(account_id);

CREATE TABLE mrr_ledger (
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
    currency TEXT NOT NULL
);
CREATE INDEX mrr_ledger_day ON mrr_ledger(day);
