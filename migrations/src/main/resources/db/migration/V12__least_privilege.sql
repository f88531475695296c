-- Least privilege. The reader serves dashboards: per-client ingestion activity is not theirs to see
-- (it came with the default privileges of V1; a later table holding client activity must revoke it too).
REVOKE SELECT ON ingestion_batches FROM ${reader_role};

-- Temporary tables: nothing the writer or reader runs uses one, so neither, nor PUBLIC, may create
-- them. The owner keeps TEMPORARY, explicitly: R__prophecies_and_celestial_signs stages its rows in
-- temporary tables, and Flyway runs as the owner.
REVOKE TEMPORARY ON DATABASE "${flyway:database}" FROM PUBLIC, ${writer_role}, ${reader_role};
GRANT TEMPORARY ON DATABASE "${flyway:database}" TO CURRENT_USER;
