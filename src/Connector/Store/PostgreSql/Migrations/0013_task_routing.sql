-- As SQLite's 0013: one row per task routed by capacity (docs/routing.md), keyed by the task's key; a held task keeps
-- its JSON until a later week releases it or its state is left.
CREATE TABLE task_routing (
    key text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text COLLATE "C" NOT NULL,
    playbook_id text COLLATE "C" NOT NULL,
    step integer NOT NULL,
    csm_id text COLLATE "C" NOT NULL,
    owner_id text COLLATE "C",
    week date NOT NULL,
    outcome text COLLATE "C" NOT NULL,
    priority text COLLATE "C" NOT NULL,
    deferred_from date,
    task text,
    routed_at timestamptz NOT NULL
);
CREATE INDEX task_routing_load ON task_routing(week, owner_id);
CREATE INDEX task_routing_held ON task_routing(account_id, playbook_id) WHERE outcome = 'deferred';
