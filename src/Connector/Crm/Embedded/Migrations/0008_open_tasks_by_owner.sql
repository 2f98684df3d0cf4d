-- The work queue lists the open tasks a user owns (tasks.owner_id): the account's CSM when the task was written, or the
-- pool member capacity routing gave it to (docs/routing.md). Keyed by owner alone, a new task's entry lands after its
-- owner's others (rowid order), so a delivery batch touches one index page per owner, not one per task.
CREATE INDEX IF NOT EXISTS tasks_open_by_owner ON tasks(owner_id) WHERE status = 'open';
