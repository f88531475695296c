-- One row per ingestion request, committed or not, so operators can see what came in.
CREATE TABLE ingestion_batches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client      text,
    kind        text             NOT NULL,
    format      text             NOT NULL,
    received    bigint           NOT NULL DEFAULT 0 CHECK (received >= 0),
    inserted    bigint           NOT NULL DEFAULT 0 CHECK (inserted >= 0),
    updated     bigint           NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged   bigint           NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    started_at  timestamptz      NOT NULL,
    duration_ms double precision NOT NULL CHECK (duration_ms >= 0),
    outcome     text             NOT NULL CHECK (outcome IN ('committed', 'rejected', 'failed')),
    details     jsonb            NOT NULL DEFAULT '{}'
);
-- recent batches first, per kind
CREATE INDEX ingestion_batches_started_at_idx ON ingestion_batches (started_at DESC);

GRANT SELECT, INSERT ON ingestion_batches TO ${writer_role};
