-- A playbook's experiment (`experiment:` and `holdout:` in its front matter) records on each instance the experiment it
-- was assigned under and whether it is held out of the play (the control group the metrics compare with); the index finds
-- an experiment's instances for `crmsuite metrics --experiments` without walking every instance.
ALTER TABLE instances ADD COLUMN experiment TEXT;
ALTER TABLE instances ADD COLUMN held_out INTEGER NOT NULL DEFAULT 0;
CREATE INDEX instances_experiment ON instances(experiment, playbook_id) WHERE experiment IS NOT NULL;

-- Message variants (A/B tests of a task's subject or a proposal's cover message): the variant each account got of each
-- variant set, the first time a task or proposal of that set was written for it. `crmsuite metrics --experiments` groups
-- the accounts by it for the per-variant upgrade rate.
CREATE TABLE message_variants (
    account_id TEXT NOT NULL,
    playbook_id TEXT NOT NULL,
    experiment TEXT NOT NULL,
    variant_set TEXT NOT NULL,
    variant TEXT NOT NULL,
    effect_key TEXT NOT NULL,
    first_at TEXT NOT NULL,
    PRIMARY KEY (playbook_id, experiment, variant_set, account_id)
) WITHOUT ROWID;
