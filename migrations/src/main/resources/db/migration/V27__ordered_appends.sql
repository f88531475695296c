-- Radius reads newest first are a UNION ALL of time windows under one LIMIT, with no outer ORDER BY
-- (EarthquakeQueries#newestFirst): their order is that of a plain Append, which runs its branches in turn. A
-- Parallel Append would run them side by side and interleave their rows, so it is off for this database's
-- sessions (primary and replicas alike; a Gather inside one branch is still allowed, and keeps the order).
-- The owner owns the database, so it may set this.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET enable_parallel_append = off', current_database());
END
$$;
