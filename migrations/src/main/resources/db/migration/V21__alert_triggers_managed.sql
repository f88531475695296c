-- Alert triggers are managed through the admin API (the writer role), and every change to one is
-- audited in admin_audit beside the key-management actions; a trigger change has no client subject.
GRANT INSERT, UPDATE, DELETE ON data_triggers TO ${writer_role};

ALTER TABLE admin_audit
    DROP CONSTRAINT admin_audit_action_check,
    ADD CONSTRAINT admin_audit_action_check CHECK (action IN ('create', 'revoke', 'erase', 'list', 'export',
                                                              'trigger_create', 'trigger_update', 'trigger_delete')),
    DROP CONSTRAINT admin_audit_subject_check,
    ADD CONSTRAINT admin_audit_subject_check CHECK ((action IN ('list', 'trigger_create', 'trigger_update', 'trigger_delete'))
                                                    = (api_client_id IS NULL));

