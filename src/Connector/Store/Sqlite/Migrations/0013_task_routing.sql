-- Capacity-aware routing (docs/routing.md): one row per task routed by capacity, keyed by the task's key, so a replayed
-- page or a re-delivery never counts a task twice. A week's load is the rows written in it (assigned, pooled, released)
-- per owner; a held task (deferred) keeps its JSON until a later week releases it or its state is left (superseded).
CREATE TABLE task_routing (
    key TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    csm_id TEXT NOT NULL,
    owner_id TEXT,
    week TEXT NOT NULL,
    outcome TEXT NOT NULL,
    priority TEXT NOT NULL,
    deferred_from TEXT,
    task TEXT,
    routed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX task_routing_load ON task_routing(week, owner_id);
CREATE INDEX task_routing_held ON task_routing(account_id, playbook_id) WHERE outcome = 'deferred';
