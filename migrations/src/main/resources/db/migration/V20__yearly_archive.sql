-- The yearly archive (issue 16): events older than celestial.archive.age move out of the live tables into
-- tables of the same columns partitioned by year, so the live tables and their indexes stay small. A row
-- lives in exactly one place: the mover deletes it from the live table and inserts it here in one
-- statement, holding the live table's write lock (the one ingestion takes), and ingestion skips keys
-- already archived. Partitions are created ahead, by the mover, through archive_partition() below.

CREATE TABLE earthquakes_archive (LIKE earthquakes INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)
    PARTITION BY RANGE (occurred_at);
CREATE TABLE solar_events_archive (LIKE solar_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)
    PARTITION BY RANGE (begin_at);
CREATE TABLE volcanic_activity_archive (LIKE volcanic_activity INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)
    PARTITION BY RANGE (eruption_start);

-- A unique index of a partitioned table must hold the partition key. An eruption's key does; an
-- earthquake's or a solar event's does not (a revision may move the event's time), so their archived keys
-- are also kept unpartitioned, unique, where ingestion probes one index instead of one per year.
ALTER TABLE volcanic_activity_archive ADD UNIQUE (volcano_number, eruption_start);
CREATE TABLE earthquakes_archive_keys (source_id text PRIMARY KEY);
CREATE TABLE solar_events_archive_keys (event_id text PRIMARY KEY);

-- what reads of the archive filter and sort on (includeArchive=true); each partition gets its own
CREATE INDEX earthquakes_archive_location_gix ON earthquakes_archive USING gist (location);
CREATE INDEX earthquakes_archive_location_geom_gix ON earthquakes_archive USING gist ((location::geometry));
CREATE INDEX earthquakes_archive_occurred_at_idx ON earthquakes_archive (occurred_at DESC);
CREATE INDEX earthquakes_archive_source_id_idx ON earthquakes_archive (source_id);
CREATE INDEX solar_events_archive_begin_at_idx ON solar_events_archive (begin_at DESC);
CREATE INDEX solar_events_archive_event_id_idx ON solar_events_archive (event_id);

-- Live and archived earthquakes as one relation. A UNION ALL of plain SELECTs: the planner flattens it,
-- pushes each condition into both sides (their own indexes, the archive's partition pruning) and merges
-- their ordered scans, so keyset pages stay exact across the two.
CREATE VIEW earthquakes_with_archive WITH (security_invoker = true) AS
SELECT source_id, occurred_at, source_updated_at, magnitude, mag_type, depth_km, location, place, status, tsunami,
       significance, network, code, alert_level, felt, cdi, mmi, url, extras
  FROM earthquakes
UNION ALL
SELECT source_id, occurred_at, source_updated_at, magnitude, mag_type, depth_km, location, place, status, tsunami,
       significance, network, code, alert_level, felt, cdi, mmi, url, extras
  FROM earthquakes_archive;

-- Creates the partition of one archive table for one UTC year unless it exists; true when it created it.
-- The writer runs the mover but may not run DDL: this runs as the owner (SECURITY DEFINER), for the three
-- archive tables only, and names what it creates itself. The new table is attached rather than created as
-- a partition: ATTACH takes SHARE UPDATE EXCLUSIVE on the parent, so reads of the archive go on meanwhile
-- (CREATE ... PARTITION OF would take ACCESS EXCLUSIVE).
CREATE FUNCTION archive_partition(parent text, year integer)
    RETURNS boolean
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
DECLARE
    name text := parent || '_y' || lpad(year::text, 4, '0');
    low timestamptz;
    high timestamptz;
BEGIN
    IF parent NOT IN ('earthquakes_archive', 'solar_events_archive', 'volcanic_activity_archive') THEN
        RAISE EXCEPTION 'not an archive table: %', parent USING ERRCODE = '22023';
    END IF;
    IF year NOT BETWEEN 1 AND 9998 THEN
        RAISE EXCEPTION 'year out of range: %', year USING ERRCODE = '22023';
    END IF;
    IF to_regclass('celestial.' || quote_ident(name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    low := make_timestamptz(year, 1, 1, 0, 0, 0, 'UTC');
    high := make_timestamptz(year + 1, 1, 1, 0, 0, 0, 'UTC');
    EXECUTE format('CREATE TABLE celestial.%I (LIKE celestial.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)',
                   name, parent);
    EXECUTE format('ALTER TABLE celestial.%I ATTACH PARTITION celestial.%I FOR VALUES FROM (%L) TO (%L)', parent, name, low, high);
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION archive_partition(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION archive_partition(text, integer) TO ${writer_role};

-- The writer moves rows (INSERT here, DELETE from the live tables it already has) and reads the archive
-- when reads fall back to the primary; the reader reads. Partitions are read through their parent.
GRANT SELECT, INSERT ON earthquakes_archive, solar_events_archive, volcanic_activity_archive,
    earthquakes_archive_keys, solar_events_archive_keys TO ${writer_role};
GRANT SELECT ON earthquakes_with_archive TO ${writer_role};
GRANT SELECT ON earthquakes_archive, solar_events_archive, volcanic_activity_archive, earthquakes_archive_keys,
    solar_events_archive_keys, earthquakes_with_archive TO ${reader_role};
