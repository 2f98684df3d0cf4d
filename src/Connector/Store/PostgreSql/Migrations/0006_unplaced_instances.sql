-- An instance the playbook version in force cannot place is reported at every sync but recorded once per key; the same
-- index finds them for `crmsuite status`.
CREATE UNIQUE INDEX audit_log_unplaced ON audit_log(effect_key) WHERE kind = 'unplaced';
