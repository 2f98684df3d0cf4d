-- The reason an effect fired is kept structured: the audit log gains the provenance (transition and signal values, as
-- JSON) and the guardrail that refused a suppressed transition. (SQLite's 0004 also rewrote outbox payloads written
-- before it; no PostgreSQL store predates typed payloads, and a store migrated from SQLite arrives at the latest schema.)
ALTER TABLE audit_log ADD COLUMN provenance text COLLATE "C";
ALTER TABLE audit_log ADD COLUMN guardrail text COLLATE "C";
