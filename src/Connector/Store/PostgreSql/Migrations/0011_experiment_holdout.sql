-- As SQLite's 0011: each instance records the experiment it was assigned under and whether it is held out of the play.
ALTER TABLE instances ADD COLUMN experiment text COLLATE "C";
ALTER TABLE instances ADD COLUMN held_out integer NOT NULL DEFAULT 0;
CREATE INDEX instances_experiment ON instances(experiment, playbook_id) WHERE experiment IS NOT NULL;

-- As SQLite's 0011: the message variant each account got of each variant set, the first time one was written for it.
CREATE TABLE message_variants (
    account_id text COLLATE "C" NOT NULL,
    playbook_id text COLLATE "C" NOT NULL,
    experiment text COLLATE "C" NOT NULL,
    variant_set text COLLATE "C" NOT NULL,
    variant text COLLATE "C" NOT NULL,
    effect_key text COLLATE "C" NOT NULL,
    first_at timestamptz NOT NULL,
    PRIMARY KEY (playbook_id, experiment, variant_set, account_id)
);
