-- A cluster of connector nodes on one PostgreSQL database (Cluster section of docs/operations.md).
--
-- 1. Quartz.NET's clustered ADO.NET job store (table prefix qrtz_): which node runs which partition job, each node's
--    check-in, the fired triggers a dead node leaves behind for recovery, and the row locks the nodes take turns on.
--    Times are Quartz's ticks (bigint); job and trigger data are Quartz's JSON, stored as bytes. The columns are those
--    Quartz.NET 4.7.3 checks at start; a Quartz upgrade that adds columns comes with a migration of its own.
CREATE TABLE qrtz_job_details (
    sched_name text NOT NULL,
    job_name text NOT NULL,
    job_group text NOT NULL,
    description text,
    job_class_name text NOT NULL,
    is_durable boolean NOT NULL,
    is_nonconcurrent boolean NOT NULL,
    is_update_data boolean NOT NULL,
    requests_recovery boolean NOT NULL,
    job_data bytea,
    PRIMARY KEY (sched_name, job_name, job_group)
);

CREATE TABLE qrtz_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    job_name text NOT NULL,
    job_group text NOT NULL,
    description text,
    next_fire_time bigint,
    prev_fire_time bigint,
    priority integer,
    trigger_state text NOT NULL,
    trigger_type text NOT NULL,
    start_time bigint NOT NULL,
    end_time bigint,
    calendar_name text,
    misfire_instr smallint,
    misfire_orig_fire_time bigint,
    execution_group varchar(200),
    preferred_node varchar(200),
    preferred_node_auto boolean NOT NULL DEFAULT false,
    retry_policy varchar(250),
    retry_attempt integer,
    continues_trigger_name text,
    continues_trigger_group text,
    continuation_condition integer,
    overlap_policy integer,
    pause_reason varchar(250),
    paused_by varchar(200),
    paused_at bigint,
    misfire_threshold bigint,
    fixed_delay boolean,
    job_data bytea,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
);

-- One row per trigger of each kind, beside its qrtz_triggers row and gone with it.
CREATE TABLE qrtz_simple_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    repeat_count bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered bigint NOT NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_cron_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    cron_expression text NOT NULL,
    time_zone_id text,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_simprop_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    str_prop_1 text,
    str_prop_2 text,
    str_prop_3 text,
    int_prop_1 integer,
    int_prop_2 integer,
    long_prop_1 bigint,
    long_prop_2 bigint,
    dec_prop_1 numeric,
    dec_prop_2 numeric,
    bool_prop_1 boolean,
    bool_prop_2 boolean,
    time_zone_id text,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_blob_triggers (
    sched_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    blob_data bytea,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE qrtz_calendars (
    sched_name text NOT NULL,
    calendar_name text NOT NULL,
    calendar bytea NOT NULL,
    PRIMARY KEY (sched_name, calendar_name)
);

-- Paused groups of triggers and of jobs, with who paused them, when and why.
CREATE TABLE qrtz_paused_trigger_grps (
    sched_name text NOT NULL,
    trigger_group text NOT NULL,
    pause_reason varchar(250),
    paused_by varchar(200),
    paused_at bigint,
    PRIMARY KEY (sched_name, trigger_group)
);

CREATE TABLE qrtz_paused_job_grps (
    sched_name text NOT NULL,
    job_group text NOT NULL,
    pause_reason varchar(250),
    paused_by varchar(200),
    paused_at bigint,
    PRIMARY KEY (sched_name, job_group)
);

-- A trigger a node fired and is executing: a dead node's rows tell the survivors which jobs to recover.
CREATE TABLE qrtz_fired_triggers (
    sched_name text NOT NULL,
    entry_id text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    instance_name text NOT NULL,
    fired_time bigint NOT NULL,
    sched_time bigint NOT NULL,
    priority integer NOT NULL,
    state text NOT NULL,
    job_name text,
    job_group text,
    is_nonconcurrent boolean NOT NULL,
    requests_recovery boolean,
    execution_group varchar(200),
    progress integer,
    progress_message varchar(250),
    interrupt_requested_time bigint,
    PRIMARY KEY (sched_name, entry_id)
);

-- Each node's last check-in: a node silent for longer than its interval (plus a grace) is taken for dead.
CREATE TABLE qrtz_scheduler_state (
    sched_name text NOT NULL,
    instance_name text NOT NULL,
    last_checkin_time bigint NOT NULL,
    checkin_interval bigint NOT NULL,
    quartz_version varchar(20),
    PRIMARY KEY (sched_name, instance_name)
);

CREATE TABLE qrtz_locks (
    sched_name text NOT NULL,
    lock_name text NOT NULL,
    PRIMARY KEY (sched_name, lock_name)
);

-- Quartz's run history (unused by the connector unless enabled, created so the schema is whole).
CREATE TABLE qrtz_execution_history (
    sched_name text NOT NULL,
    entry_id text NOT NULL,
    instance_name text NOT NULL,
    job_name text NOT NULL,
    job_group text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    fired_time bigint NOT NULL,
    run_time bigint NOT NULL,
    succeeded boolean NOT NULL,
    error_message text,
    retry_attempt integer NOT NULL DEFAULT 0,
    retry_scheduled boolean NOT NULL DEFAULT false,
    execution_log text,
    result integer,
    summary text,
    metrics text,
    manual boolean,
    fire_instance_id text,
    job_input text,
    job_input_too_large boolean,
    PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE qrtz_misfire_history (
    sched_name text NOT NULL,
    entry_id text NOT NULL,
    instance_name text NOT NULL,
    trigger_name text NOT NULL,
    trigger_group text NOT NULL,
    job_name text,
    job_group text,
    misfire_time bigint NOT NULL,
    sched_time bigint,
    reason integer,
    PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE qrtz_job_status (
    sched_name text NOT NULL,
    job_group text NOT NULL,
    job_name text NOT NULL,
    first_fired_time bigint NOT NULL,
    last_fired_time bigint NOT NULL,
    last_result integer NOT NULL,
    last_run_time bigint NOT NULL,
    last_instance_name text NOT NULL,
    last_entry_id text,
    last_summary text,
    last_success_time bigint,
    last_failure_time bigint,
    last_failure_message text,
    consecutive_failures integer NOT NULL DEFAULT 0,
    run_count bigint NOT NULL DEFAULT 0,
    failure_count bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (sched_name, job_group, job_name)
);

CREATE INDEX qrtz_job_details_group ON qrtz_job_details (sched_name, job_group, job_name);
CREATE INDEX qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX qrtz_triggers_calendar ON qrtz_triggers (sched_name, calendar_name);
CREATE INDEX qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name);
CREATE INDEX qrtz_triggers_due ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr);
CREATE INDEX qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
CREATE INDEX qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
CREATE INDEX qrtz_execution_history_fired ON qrtz_execution_history (sched_name, fired_time);
CREATE INDEX qrtz_execution_history_job ON qrtz_execution_history (sched_name, job_group, job_name, fired_time);
CREATE INDEX qrtz_misfire_history_time ON qrtz_misfire_history (sched_name, misfire_time);

-- 2. Which node a run belongs to, so a node starting a run marks interrupted only the runs of nodes no longer connected.
ALTER TABLE syncs ADD COLUMN node text COLLATE "C";

-- 3. Outbox claims: a node delivering pending rows holds them until claimed_until; another node skips them until then
--    (SELECT ... FOR UPDATE SKIP LOCKED), and takes them over when the lease ran out (the claimant died).
ALTER TABLE outbox ADD COLUMN claimed_by text COLLATE "C";
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;

-- 4. A sync's in-flight ranges carry the lease of the node delivering them: only an expired range is made pending again.
ALTER TABLE outbox_in_flight ADD COLUMN node text COLLATE "C";
ALTER TABLE outbox_in_flight ADD COLUMN leased_until timestamptz;

-- 5. The webhook inbox of a cluster: every node stores the events it receives here (one row per event key, whichever
--    node Dataverse posted to), and a node handling events claims them as it claims outbox rows.
CREATE TABLE webhook_events (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_key text COLLATE "C" NOT NULL UNIQUE,
    handler text NOT NULL,
    message text NOT NULL,
    entity text NOT NULL,
    row_id text NOT NULL,
    account_id text COLLATE "C",
    depth integer NOT NULL,
    correlation_id text NOT NULL,
    verdict text NOT NULL,
    received_at timestamptz NOT NULL,
    handled_at timestamptz,
    result text,
    attempts integer NOT NULL DEFAULT 0,
    claimed_by text COLLATE "C",
    claimed_until timestamptz
);
CREATE INDEX webhook_events_pending ON webhook_events (id) WHERE handled_at IS NULL;

-- 6. Whether a node still has a connection here (its connections carry its id as application_name): a node that died or
--    was restarted has none, and its outbox claims, in-flight ranges and webhook claims are free without waiting for
--    their lease.
CREATE FUNCTION crmsuite_node_connected(node text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = node)
$$;
