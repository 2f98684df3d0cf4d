-- The work queue lists and counts the open tasks a user owns (tasks.owner_id): the account's CSM when the task was
-- written, or the pool member capacity routing gave it to (docs/routing.md). 0006 dropped tasks_open_owner because no
-- query read tasks by owner then, and its (owner_id, due) key put each new task at a random place. This index serves the
-- owner listing and the grouped count of the CSM list; keyed by owner alone, a new task's entry lands after its owner's
-- others (rowid order), so a delivery batch touches about one index page per owner, not one per task.
CREATE INDEX IF NOT EXISTS tasks_open_by_owner ON tasks(owner_id) WHERE status = 'open';
