-- Version 14 on PostgreSQL creates Quartz.NET's clustered job store and the outbox's claim columns for a cluster of
-- nodes. A SQLite state store serves one node (RAM job store, the data folder's lock): nothing changes here; the
-- version is kept so both stores share their numbering.
SELECT 1;
