-- Tasks belong to the playbook step that opened them; leaving the state supersedes those still open, with the reason.
ALTER TABLE tasks ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN closed_reason TEXT;
CREATE INDEX tasks_open_instance ON tasks(account_id, playbook_id, step) WHERE status = 'open';
