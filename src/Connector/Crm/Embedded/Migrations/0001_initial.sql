-- The embedded CRM's first schema: users, accounts, licenses, usage, tasks, proposals, playbook stages, task events.
-- Every account carries modified_seq, a row version bumped whenever the account, one of its subscriptions or its usage
-- changes (triggers). Written with IF NOT EXISTS: files made before the migration scheme (PRAGMA user_version 1 or 2)
-- already hold most of it and take only what they lack.
CREATE TABLE IF NOT EXISTS crm_meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    segment TEXT NOT NULL,
    industry TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    csm_id TEXT,
    hourly_cost TEXT,
    modified_seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_modified_seq ON accounts(modified_seq);
CREATE TABLE IF NOT EXISTS subscriptions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    product TEXT NOT NULL,
    tier TEXT NOT NULL,
    seats INTEGER NOT NULL,
    seats_used INTEGER NOT NULL,
    billing_period TEXT NOT NULL CHECK (billing_period IN ('monthly', 'annual')),
    term_months INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    renewal_date TEXT,
    mrr TEXT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'trial', 'cancelled')),
    trial_tier TEXT,
    trial_end TEXT
);
CREATE INDEX IF NOT EXISTS subscriptions_account ON subscriptions(account_id);
CREATE TABLE IF NOT EXISTS usage (
    account_id TEXT PRIMARY KEY,
    as_of TEXT NOT NULL,
    active_users_30d INTEGER NOT NULL,
    feature_adoption TEXT NOT NULL,
    health INTEGER NOT NULL,
    health_change_30d INTEGER NOT NULL,
    open_tickets INTEGER NOT NULL,
    nps INTEGER,
    seat_utilization_min_28d TEXT NOT NULL,
    usage_growth_30d TEXT NOT NULL,
    days_since_last_login INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
    key TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    owner_id TEXT,
    playbook_id TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    state TEXT NOT NULL,
    subject TEXT NOT NULL,
    due TEXT NOT NULL,
    owner_role TEXT NOT NULL,
    priority TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    outcome TEXT,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX IF NOT EXISTS tasks_account ON tasks(account_id);
CREATE INDEX IF NOT EXISTS tasks_open_owner ON tasks(owner_id, due) WHERE status = 'open';
CREATE TABLE IF NOT EXISTS proposals (
    key TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    state TEXT NOT NULL,
    offer_id TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'issued',
    answered_on TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposals_account ON proposals(account_id);
CREATE TABLE IF NOT EXISTS playbook_stages (
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    key TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    stage TEXT NOT NULL,
    step INTEGER NOT NULL,
    entered_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (account_id, playbook_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS task_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_key TEXT NOT NULL,
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL,
    processed_at TEXT,
    result TEXT
);
CREATE INDEX IF NOT EXISTS task_events_pending ON task_events(id) WHERE processed_at IS NULL;
CREATE TRIGGER IF NOT EXISTS accounts_touch AFTER UPDATE OF name, segment, industry, lifecycle_stage, csm_id, hourly_cost ON accounts
WHEN NEW.modified_seq = OLD.modified_seq
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.id;
END;
CREATE TRIGGER IF NOT EXISTS subscriptions_touch_insert AFTER INSERT ON subscriptions
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER IF NOT EXISTS subscriptions_touch_update AFTER UPDATE ON subscriptions
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER IF NOT EXISTS subscriptions_touch_delete AFTER DELETE ON subscriptions
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = OLD.account_id;
END;
CREATE TRIGGER IF NOT EXISTS usage_touch_insert AFTER INSERT ON usage
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER IF NOT EXISTS usage_touch_update AFTER UPDATE ON usage
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER IF NOT EXISTS usage_touch_delete AFTER DELETE ON usage
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = OLD.account_id;
END;

