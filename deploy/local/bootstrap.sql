-- Cluster bootstrap, run once by a superuser before Flyway: the roles, the database, and the
-- extensions that need a superuser (PostGIS is not a trusted extension). Idempotent.
-- Used by deploy/local/db.sh and by the Testcontainers path of the tests; CloudNativePG does
-- the same through bootstrap.initdb (database, owner, postInit*SQL) and managed roles, and
-- migration V12 revokes TEMPORARY there as here.
-- psql variables: dbname, owner, writer, reader, replicator, <role>_password for each, optionally
-- superuser_password. db.sh sets them with \set on stdin: -v arguments would show them in ps.
\set ON_ERROR_STOP on
-- The passwords below travel as literals: keep this session's statements out of the server log
-- and out of pg_stat_statements (which keeps the text of utility statements).
SET log_statement = 'none';
SET log_min_duration_statement = -1;
SET pg_stat_statements.track_utility = off;

SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY[:'owner', :'writer', :'reader']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
SELECT format('CREATE ROLE %I REPLICATION LOGIN', :'replicator')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'replicator') \gexec

-- The owner owns the schema and is the only role Flyway uses; writer and reader are what the
-- service connects as. None is a superuser or may create roles or databases.
ALTER ROLE :"owner"  LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'owner_password';
ALTER ROLE :"writer" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'writer_password';
ALTER ROLE :"reader" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'reader_password';
ALTER ROLE :"replicator" PASSWORD :'replicator_password';
-- db.sh sets the superuser's too (initdb's was a file); container images set their own.
\if :{?superuser_password}
ALTER ROLE CURRENT_USER PASSWORD :'superuser_password';
\endif

-- Server-side bounds per role, below the service's own timeouts, so a runaway statement or an
-- abandoned transaction ends even when the client is gone.
ALTER ROLE :"writer" SET statement_timeout = '60s';
ALTER ROLE :"writer" SET idle_in_transaction_session_timeout = '60s';
ALTER ROLE :"reader" SET statement_timeout = '30s';
ALTER ROLE :"reader" SET idle_in_transaction_session_timeout = '30s';

-- The admin top-statements endpoint reads pg_stat_statements as the writer (its control pool); without
-- this, other roles' statements (the owner's, the reader's) show as <insufficient privilege>.
-- Read-only statistics, no data. On CloudNativePG: the managed role's inRoles: [pg_read_all_stats].
GRANT pg_read_all_stats TO :"writer";

SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', :'dbname', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'dbname') \gexec
-- Writer and reader connect and nothing more: neither uses temporary tables (only the owner's
-- reference-data migration does, and the owner keeps TEMPORARY). Revoked by name too, for clusters
-- bootstrapped when they were granted it.
REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE :"dbname" FROM :"writer", :"reader";
GRANT CONNECT ON DATABASE :"dbname" TO :"writer", :"reader";

\connect :"dbname"
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
