-- The reason an effect fired is kept structured: the audit log gains the provenance (transition and signal values, as
-- JSON) and the guardrail that refused a suppressed transition; outbox payloads become typed CRM writes (a "kind"
-- discriminator first, the reason as an object). Rows written before keep their one-line reason as the trigger.
ALTER TABLE audit_log ADD COLUMN provenance TEXT;
ALTER TABLE audit_log ADD COLUMN guardrail TEXT;
UPDATE outbox
SET payload = '{"kind":' || json_quote(kind) || ',' || substr(json_set(payload, '$.reason',
        json_object('from', '', 'to', COALESCE(json_extract(payload, '$.state'), json_extract(payload, '$.stage'), ''),
                    'trigger', json_extract(payload, '$.reason'), 'readings', json('[]'))), 2)
WHERE json_type(payload, '$.reason') = 'text';
