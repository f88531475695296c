-- API clients (issue 5): who may ingest, read, or manage keys. A key is shown once, at creation, and
-- stored only as its SHA-256 hash; keys are 256 random bits, so a fast hash cannot be brute-forced.
-- Name and contact are the only personal data the service holds.
CREATE TABLE api_clients (
    id           uuid        PRIMARY KEY,  -- UUIDv7, made by the service: time-ordered
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    contact      text        CHECK (length(contact) <= 320),
    scopes       text[]      NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['ingest', 'read', 'admin']),
    key_hash     bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
COMMENT ON COLUMN api_clients.key_hash IS 'SHA-256 of the key; the key itself is never stored';

-- which client sent each batch; erasing a client keeps its batches' counts but not its identity
ALTER TABLE ingestion_batches ADD COLUMN api_client_id uuid REFERENCES api_clients (id) ON DELETE SET NULL;
-- a client's batches, for its export and erasure
CREATE INDEX ingestion_batches_api_client_idx ON ingestion_batches (api_client_id) WHERE api_client_id IS NOT NULL;

-- every export and erasure of a client's personal data; outlives the client, so no foreign key
CREATE TABLE deletion_audit (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    api_client_id uuid        NOT NULL,
    action        text        NOT NULL CHECK (action IN ('export', 'erase')),
    requested_by  uuid,       -- the admin client; null for the bootstrap key
    at            timestamptz NOT NULL DEFAULT now(),
    details       jsonb       NOT NULL DEFAULT '{}'
);

GRANT SELECT, INSERT, UPDATE, DELETE ON api_clients TO ${writer_role};
GRANT SELECT, INSERT ON deletion_audit TO ${writer_role};
GRANT UPDATE (client, api_client_id) ON ingestion_batches TO ${writer_role};
-- the reader role reads domain data only: never key hashes, contacts or the audit
REVOKE ALL ON api_clients, deletion_audit FROM ${reader_role};
