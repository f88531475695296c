-- Alert triggers are managed through the admin API (the writer role); every change to one is audited in
-- admin_audit with the trigger as its subject (data_trigger:<id>, the subject column of V25).
GRANT INSERT, UPDATE, DELETE ON data_triggers TO ${writer_role};
