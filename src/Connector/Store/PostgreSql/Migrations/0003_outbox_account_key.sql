-- The outbox's idempotency keys are unique per account (a key is a hash of the account, playbook, step and effect); the
-- index on (account_id, key) grows in the order a sync commits its pages, where one on the key alone takes each new key
-- at a random place.
ALTER TABLE outbox DROP CONSTRAINT outbox_key;
CREATE UNIQUE INDEX outbox_account_key ON outbox(account_id, key);
