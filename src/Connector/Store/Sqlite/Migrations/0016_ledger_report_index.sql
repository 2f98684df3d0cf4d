-- The metrics report reads every ledger row account by account. Through the account index alone SQLite looked each row
-- up in the table by rowid, and a sync writes the ledger day by day across accounts, so an account's rows lie on as many
-- pages as it has movements: the read jumped around the whole table. This index holds, in the report's order (account,
-- then written order), exactly the columns the report reads, so the read walks the index alone and never opens the
-- table. It leads with the account, so it also serves what the account index did; that index goes.
CREATE INDEX mrr_ledger_report ON mrr_ledger(account_id, id, day, subscription_id, mrr_before, mrr_after, currency, tier_before, tier_after,
    seats_before, seats_after, proposal_key, paid_through);
DROP INDEX mrr_ledger_account;
