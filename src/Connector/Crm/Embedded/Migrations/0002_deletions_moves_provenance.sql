-- Deleted accounts leave a tombstone with a row version, so an incremental read reports them; a license moved to another
-- account changes both accounts; tasks, proposals and stages keep their provenance (the transition and the signal values
-- that fired it) as JSON beside the one-line reason.
CREATE TABLE deleted_accounts (
    id TEXT PRIMARY KEY,
    modified_seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX deleted_accounts_modified_seq ON deleted_accounts(modified_seq);
ALTER TABLE tasks ADD COLUMN provenance TEXT;
ALTER TABLE proposals ADD COLUMN provenance TEXT;
ALTER TABLE playbook_stages ADD COLUMN provenance TEXT;

-- Row versions are drawn above accounts, tombstones and the reset floor alike, so they stay unique across both tables.
DROP TRIGGER accounts_touch;
DROP TRIGGER subscriptions_touch_insert;
DROP TRIGGER subscriptions_touch_update;
DROP TRIGGER subscriptions_touch_delete;
DROP TRIGGER usage_touch_insert;
DROP TRIGGER usage_touch_update;
DROP TRIGGER usage_touch_delete;
CREATE TRIGGER accounts_touch AFTER UPDATE OF name, segment, industry, lifecycle_stage, csm_id, hourly_cost ON accounts
WHEN NEW.modified_seq = OLD.modified_seq
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.id;
END;
CREATE TRIGGER accounts_insert_revives AFTER INSERT ON accounts
BEGIN
    DELETE FROM deleted_accounts WHERE id = NEW.id;
END;
CREATE TRIGGER accounts_delete_tombstone AFTER DELETE ON accounts
BEGIN
    INSERT INTO deleted_accounts (id, modified_seq) VALUES (OLD.id, (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')))
    ON CONFLICT (id) DO UPDATE SET modified_seq = excluded.modified_seq;
END;
CREATE TRIGGER subscriptions_touch_insert AFTER INSERT ON subscriptions
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER subscriptions_touch_update AFTER UPDATE ON subscriptions
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = OLD.account_id AND OLD.account_id <> NEW.account_id;
END;
CREATE TRIGGER subscriptions_touch_delete AFTER DELETE ON subscriptions
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = OLD.account_id;
END;
CREATE TRIGGER usage_touch_insert AFTER INSERT ON usage
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER usage_touch_update AFTER UPDATE ON usage
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = NEW.account_id;
END;
CREATE TRIGGER usage_touch_delete AFTER DELETE ON usage
BEGIN
    UPDATE accounts SET modified_seq = (SELECT MAX(v) + 1 FROM (SELECT COALESCE(MAX(modified_seq), 0) AS v FROM accounts UNION ALL SELECT COALESCE(MAX(modified_seq), 0) FROM deleted_accounts UNION ALL SELECT value FROM crm_meta WHERE name = 'row_version_floor')) WHERE id = OLD.account_id;
END;
