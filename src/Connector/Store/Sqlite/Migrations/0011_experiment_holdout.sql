-- A playbook's experiment (`experiment:` and `holdout:` in its front matter) records on each instance the experiment it
-- was assigned under and whether it is held out of the play (the control group the metrics compare with); the index finds
-- an experiment's instances for `crmsuite metrics --experiments` without walking every instance.
ALTER TABLE instances ADD COLUMN experiment TEXT;
ALTER TABLE instances ADD COLUMN held_out INTEGER NOT NULL DEFAULT 0;
CREATE INDEX instances_experiment ON instances(experiment, playbook_id) WHERE experiment IS NOT NULL;
