-- A request whose client went away before the answer is rolled back and logged as 'cancelled'.
ALTER TABLE celestial.ingestion_batches
    DROP CONSTRAINT ingestion_batches_outcome_check,
    ADD CONSTRAINT ingestion_batches_outcome_check
        CHECK (outcome IN ('committed', 'rejected', 'failed', 'cancelled'));
