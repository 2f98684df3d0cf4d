-- Suppressed touches are counted by rule for `crmsuite status` and `crmsuite metrics` (the last 30 days): a partial index
-- keeps that read to the suppressed entries instead of the whole audit log. The refusal in words (which play got the
-- slot, the counts) is already in `reason`, the rule in `guardrail`.
CREATE INDEX audit_log_suppressed ON audit_log(at, guardrail) WHERE kind = 'suppressed';
