-- Issue 17: correlation rules evaluated on ingest and managed through the admin API; the catalogue of
-- passages and signs served, each sign matching observed events through its matcher.

-- Admin CRUD of correlation rules: the writer creates, changes and deletes them (reads it already had).
GRANT INSERT, UPDATE, DELETE ON correlation_rules TO ${writer_role};

-- Admin actions on things other than API clients (a correlation rule): their subject as text, e.g.
-- correlation_rule:3. A client action names its client; a list names nothing; anything else its subject.
ALTER TABLE admin_audit ADD COLUMN subject text;
ALTER TABLE admin_audit
    DROP CONSTRAINT admin_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check
        CHECK (action IN ('create', 'revoke', 'erase', 'list', 'export', 'update', 'delete', 'backfill')),
    DROP CONSTRAINT admin_audit_subject_check,
    ADD CONSTRAINT admin_audit_subject_check
        CHECK (num_nonnulls(api_client_id, subject) = CASE WHEN action = 'list' THEN 0 ELSE 1 END);
COMMENT ON COLUMN admin_audit.subject IS 'what was acted on when it is not an API client, e.g. correlation_rule:3';

-- GET /api/v1/correlations?rule= pages newest first within one rule
CREATE INDEX event_correlations_rule_idx ON event_correlations (rule_id, id DESC);

-- How a sign matches observed events: a side filter of the same shape as a correlation rule's side,
-- e.g. {"kind": "solar_event", "solarKind": "flare", "minClass": "X1.0"}; null where none is defined.
ALTER TABLE celestial_signs ADD COLUMN matcher jsonb CHECK (jsonb_typeof(matcher) = 'object');
