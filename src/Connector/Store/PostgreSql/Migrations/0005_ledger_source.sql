-- A movement made by an accepted proposal's license change names the proposal, so the ledger says which upgrades came
-- from the playbooks; movements the sync observes in the CRM leave it empty.
ALTER TABLE mrr_ledger ADD COLUMN proposal_key text COLLATE "C";
