package dev.celestial.archive;

/**
 * A live table and its yearly archive, as the SQL the mover runs on them. Each batch is the
 * {@code :batchSize} oldest rows before {@code :cutoff}; the same rows twice in one transaction, since the
 * mover holds the live table's write lock (the one ingestion takes) from before the first statement.
 */
enum ArchivedTable {

    EARTHQUAKES("earthquakes", """
            WITH batch AS (
                SELECT occurred_at FROM celestial.earthquakes WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :batchSize)
            SELECT y AS year, celestial.archive_partition('earthquakes_archive', y) AS created
              FROM (SELECT DISTINCT extract(year FROM occurred_at AT TIME ZONE 'UTC')::int AS y FROM batch) years""", """
            WITH batch AS (
                SELECT id FROM celestial.earthquakes WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :batchSize
            ), moved AS (
                DELETE FROM celestial.earthquakes q USING batch WHERE q.id = batch.id
                RETURNING q.id, q.source_id, q.occurred_at, q.source_updated_at, q.magnitude, q.mag_type, q.depth_km,
                          q.location, q.place, q.status, q.tsunami, q.significance, q.network, q.code, q.alert_level,
                          q.felt, q.cdi, q.mmi, q.url, q.extras, q.ingested_at, q.updated_at
            ), keyed AS (
                INSERT INTO celestial.earthquakes_archive_keys (source_id) SELECT source_id FROM moved RETURNING 1
            ), archived AS (
                INSERT INTO celestial.earthquakes_archive (id, source_id, occurred_at, source_updated_at, magnitude, mag_type,
                       depth_km, location, place, status, tsunami, significance, network, code, alert_level, felt, cdi,
                       mmi, url, extras, ingested_at, updated_at)
                SELECT id, source_id, occurred_at, source_updated_at, magnitude, mag_type, depth_km, location, place,
                       status, tsunami, significance, network, code, alert_level, felt, cdi, mmi, url, extras,
                       ingested_at, updated_at
                  FROM moved
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) AS deleted, (SELECT count(*) FROM archived) AS archived,
                   (SELECT count(*) FROM keyed) AS keyed"""),

    SOLAR_EVENTS("solar_events", """
            WITH batch AS (
                SELECT begin_at FROM celestial.solar_events WHERE begin_at < :cutoff ORDER BY begin_at LIMIT :batchSize)
            SELECT y AS year, celestial.archive_partition('solar_events_archive', y) AS created
              FROM (SELECT DISTINCT extract(year FROM begin_at AT TIME ZONE 'UTC')::int AS y FROM batch) years""", """
            WITH batch AS (
                SELECT id FROM celestial.solar_events WHERE begin_at < :cutoff ORDER BY begin_at LIMIT :batchSize
            ), moved AS (
                DELETE FROM celestial.solar_events e USING batch WHERE e.id = batch.id
                RETURNING e.id, e.kind, e.event_id, e.begin_at, e.peak_at, e.end_at, e.class_type, e.source_location,
                          e.active_region, e.cme_speed_kms, e.cme_half_angle, e.cme_latitude, e.cme_longitude,
                          e.linked_event_ids, e.source_version, e.source_updated_at, e.details, e.ingested_at, e.updated_at
            ), keyed AS (
                INSERT INTO celestial.solar_events_archive_keys (event_id) SELECT event_id FROM moved RETURNING 1
            ), archived AS (
                -- class_letter and class_intensity are generated here as in the live table
                INSERT INTO celestial.solar_events_archive (id, kind, event_id, begin_at, peak_at, end_at, class_type,
                       source_location, active_region, cme_speed_kms, cme_half_angle, cme_latitude, cme_longitude,
                       linked_event_ids, source_version, source_updated_at, details, ingested_at, updated_at)
                SELECT id, kind, event_id, begin_at, peak_at, end_at, class_type, source_location, active_region,
                       cme_speed_kms, cme_half_angle, cme_latitude, cme_longitude, linked_event_ids, source_version,
                       source_updated_at, details, ingested_at, updated_at
                  FROM moved
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) AS deleted, (SELECT count(*) FROM archived) AS archived,
                   (SELECT count(*) FROM keyed) AS keyed"""),

    VOLCANIC_ACTIVITY("volcanic_activity", """
            WITH batch AS (
                SELECT eruption_start FROM celestial.volcanic_activity WHERE eruption_start < :cutoff
                 ORDER BY eruption_start LIMIT :batchSize)
            SELECT y AS year, celestial.archive_partition('volcanic_activity_archive', y) AS created
              FROM (SELECT DISTINCT extract(year FROM eruption_start AT TIME ZONE 'UTC')::int AS y FROM batch) years""", """
            WITH batch AS (
                SELECT id FROM celestial.volcanic_activity WHERE eruption_start < :cutoff
                 ORDER BY eruption_start LIMIT :batchSize
            ), moved AS (
                DELETE FROM celestial.volcanic_activity v USING batch WHERE v.id = batch.id
                RETURNING v.id, v.volcano_number, v.volcano_name, v.location, v.elevation_m, v.eruption_start,
                          v.eruption_end, v.vei, v.alert_level, v.activity_type, v.source_updated_at, v.details,
                          v.ingested_at, v.updated_at
            ), archived AS (
                -- the archive's own unique key (volcano_number, eruption_start) holds the partition key
                INSERT INTO celestial.volcanic_activity_archive (id, volcano_number, volcano_name, location, elevation_m,
                       eruption_start, eruption_end, vei, alert_level, activity_type, source_updated_at, details,
                       ingested_at, updated_at)
                SELECT id, volcano_number, volcano_name, location, elevation_m, eruption_start, eruption_end, vei,
                       alert_level, activity_type, source_updated_at, details, ingested_at, updated_at
                  FROM moved
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) AS deleted, (SELECT count(*) FROM archived) AS archived,
                   (SELECT count(*) FROM archived) AS keyed""");

    final String table;
    final String lock;
    final String partitions;
    final String move;

    ArchivedTable(String table, String partitions, String move) {
        this.table = table;
        // the lock ingestion takes on the same table (IngestService), so a move and an upsert never interleave
        this.lock = "LOCK TABLE celestial." + table + " IN SHARE ROW EXCLUSIVE MODE";
        this.partitions = partitions;
        this.move = move;
    }
}
