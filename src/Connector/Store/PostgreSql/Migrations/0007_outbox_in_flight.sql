-- The outbox rows a sync delivers itself, right after their page commits, are stored delivered at once; until the CRM
-- write is confirmed, the page's range of outbox ids stays here. A range left behind (a crash, a refused write, a
-- cancelled sync) makes its rows pending again before the dispatcher next reads the outbox.
CREATE TABLE outbox_in_flight (
    first_id bigint PRIMARY KEY,
    last_id bigint NOT NULL
);
