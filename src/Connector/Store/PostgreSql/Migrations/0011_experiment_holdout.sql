-- As SQLite's 0011: each instance records the experiment it was assigned under and whether it is held out of the play.
ALTER TABLE instances ADD COLUMN experiment text COLLATE "C";
ALTER TABLE instances ADD COLUMN held_out integer NOT NULL DEFAULT 0;
CREATE INDEX instances_experiment ON instances(experiment, playbook_id) WHERE experiment IS NOT NULL;
