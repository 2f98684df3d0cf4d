-- The outbox's idempotency keys are unique per account (a key is a hash of the account, playbook, step and effect), and
-- an index on (account_id, key) grows in the order a sync commits its pages, while one on the key alone takes each new
-- key at a random place: on a first sync of 1M accounts that rewrote most of the index's pages on every page commit.
CREATE TABLE outbox_by_account (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
INSERT INTO outbox_by_account (id, key, kind, account_id, payload, created_at, delivered_at, attempts, last_error)
    SELECT id, key, kind, account_id, payload, created_at, delivered_at, attempts, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_by_account RENAME TO outbox;
CREATE UNIQUE INDEX outbox_account_key ON outbox(account_id, key);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;
