-- Every admin action (create, revoke, erase, list, export) is audited, not only exports and erasures.
-- deletion_audit becomes admin_audit: renamed, so its rows, grants (writer: SELECT, INSERT; reader:
-- none) and identity carry over. A list has no subject. The bootstrap key is recorded as itself rather
-- than as a missing requester; earlier rows with no requester were the bootstrap key's.
ALTER TABLE deletion_audit RENAME TO admin_audit;
ALTER SEQUENCE deletion_audit_id_seq RENAME TO admin_audit_id_seq;
ALTER INDEX deletion_audit_pkey RENAME TO admin_audit_pkey;

ALTER TABLE admin_audit ADD COLUMN by_bootstrap_key boolean;
UPDATE admin_audit SET by_bootstrap_key = requested_by IS NULL;

ALTER TABLE admin_audit
    ALTER COLUMN api_client_id DROP NOT NULL,
    ALTER COLUMN by_bootstrap_key SET NOT NULL,
    DROP CONSTRAINT deletion_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check CHECK (action IN ('create', 'revoke', 'erase', 'list', 'export')),
    -- the subject: every action but a list has one
    ADD CONSTRAINT admin_audit_subject_check CHECK ((action = 'list') = (api_client_id IS NULL)),
    -- the requester: an admin client, or the bootstrap key
    ADD CONSTRAINT admin_audit_requester_check CHECK (by_bootstrap_key = (requested_by IS NULL));

COMMENT ON COLUMN admin_audit.api_client_id IS 'the client acted on; no foreign key, the audit outlives it';
COMMENT ON COLUMN admin_audit.requested_by IS 'the admin client that acted; null when by_bootstrap_key';

-- a client's audit rows, for its export
CREATE INDEX admin_audit_api_client_idx ON admin_audit (api_client_id) WHERE api_client_id IS NOT NULL;
