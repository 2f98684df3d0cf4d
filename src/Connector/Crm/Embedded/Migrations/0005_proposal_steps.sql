-- A proposal belongs to the playbook step that issued it, as a task does: when the instance leaves that state, a proposal
-- still open is withdrawn, so a late answer to an abandoned offer changes nothing.
ALTER TABLE proposals ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
CREATE INDEX proposals_open_instance ON proposals(account_id, playbook_id, step) WHERE status = 'issued';
