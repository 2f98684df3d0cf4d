-- The webhook inbox: every event Dataverse posts and a handler accepts is stored here before it is handled, and marked
-- handled after. The same event posted twice (Dataverse retries once on 502, 503 and 504) has the same key and is stored once.
CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_key TEXT NOT NULL UNIQUE,
    handler TEXT NOT NULL,
    message TEXT NOT NULL,
    entity TEXT NOT NULL,
    row_id TEXT NOT NULL,
    account_id TEXT,
    depth INTEGER NOT NULL,
    correlation_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handled_at TEXT,
    result TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_events_pending ON webhook_events(id) WHERE handled_at IS NULL;
