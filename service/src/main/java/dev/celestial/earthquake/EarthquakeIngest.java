package dev.celestial.earthquake;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.DirectCopy;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.NativeFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Earthquakes into {@code celestial.earthquakes}: own NDJSON/JSON records and USGS GeoJSON. */
@Component
class EarthquakeIngest implements IngestKind<Earthquake> {

    static final Set<String> FIELDS = Set.of("sourceId", "time", "updated", "latitude", "longitude", "magnitude",
            "magType", "depthKm", "place", "status", "tsunami", "sig", "net", "code", "alert", "felt", "cdi", "mmi", "url");

    static final Set<String> ALERT_LEVELS = Set.of("green", "yellow", "orange", "red");

    @Override
    public String name() {
        return "earthquakes";
    }

    @Override
    public String table() {
        return "celestial.earthquakes";
    }

    @Override
    public Earthquake read(Fields f) {
        f.onlyKnown(FIELDS);
        return new Earthquake(sourceId(f, "sourceId"), f.time("time", true), f.revision("updated", false),
                f.number("latitude", true, -90, 90), f.number("longitude", true, -180, 180),
                f.number("magnitude", true, -2, 10), f.text("magType", false), f.number("depthKm", false, -100, 1000),
                f.text("place", false), f.text("status", false), f.bool("tsunami", false),
                f.integer("sig", false, 0, 100_000), f.text("net", false), f.text("code", false), alert(f, "alert"),
                f.integer("felt", false, 0, Integer.MAX_VALUE), f.number("cdi", false, 0, 12), f.number("mmi", false, 0, 12),
                f.text("url", false), null);
    }

    static String sourceId(Fields f, String name) {
        String id = f.text(name, true);
        if (id != null && !id.matches("[A-Za-z0-9_.:-]{1,64}")) {
            f.error(name, "must be 1 to 64 letters, digits or _.:-");
            return null;
        }
        return id;
    }

    static String alert(Fields f, String name) {
        String alert = f.text(name, false);
        if (alert != null && !ALERT_LEVELS.contains(alert)) {
            f.error(name, "must be one of green, yellow, orange, red");
            return null;
        }
        return alert;
    }

    @Override
    public Map<String, NativeFormat<Earthquake>> nativeFormats() {
        return Map.of("usgs-geojson", new UsgsGeoJson());
    }

    @Override
    public List<Column<Earthquake>> columns() {
        return List.of(
                Column.text("source_id", Earthquake::sourceId),
                Column.time("occurred_at", Earthquake::time),
                Column.time("source_updated_at", Earthquake::updated),
                Column.float8("latitude", Earthquake::latitude),
                Column.float8("longitude", Earthquake::longitude),
                Column.float8("magnitude", Earthquake::magnitude),
                Column.text("mag_type", Earthquake::magType),
                Column.float8("depth_km", Earthquake::depthKm),
                Column.text("place", Earthquake::place),
                Column.text("status", Earthquake::status),
                Column.bool("tsunami", Earthquake::tsunami),
                Column.int4("significance", Earthquake::sig),
                Column.text("network", Earthquake::net),
                Column.text("code", Earthquake::code),
                Column.text("alert_level", Earthquake::alert),
                Column.int4("felt", Earthquake::felt),
                Column.float8("cdi", Earthquake::cdi),
                Column.float8("mmi", Earthquake::mmi),
                Column.text("url", Earthquake::url),
                Column.text("extras", Earthquake::extras));
    }

    /** New earthquakes go in with COPY: the same columns, {@code location} as EWKT (which {@code geography} reads exactly). */
    @Override
    public DirectCopy<Earthquake> directCopy() {
        List<Column<Earthquake>> copied = new ArrayList<>();
        for (Column<Earthquake> column : columns()) {
            switch (column.name()) {
                case "latitude" -> copied.add(Column.text("location", q -> "SRID=4326;POINT(" + q.longitude() + " " + q.latitude() + ")"));
                case "longitude" -> { }
                case "extras" -> copied.add(Column.text("extras", q -> q.extras() == null ? "{}" : q.extras()));
                default -> copied.add(column);
            }
        }
        // an archived key counts as existing: such a chunk goes through the upsert, which skips it
        return new DirectCopy<>(Earthquake::sourceId, """
                SELECT (SELECT count(*) FROM celestial.earthquakes WHERE source_id = ANY(:keys::text[]))
                     + (SELECT count(*) FROM celestial.earthquakes_archive_keys WHERE source_id = ANY(:keys::text[])) AS existing""",
                copied);
    }

    @Override
    public String upsert() {
        return """
                    INSERT INTO celestial.earthquakes AS t (source_id, occurred_at, source_updated_at, magnitude, mag_type,
                           depth_km, location, place, status, tsunami, significance, network, code, alert_level, felt,
                           cdi, mmi, url, extras)
                    SELECT DISTINCT ON (s.source_id) s.source_id, s.occurred_at, s.source_updated_at, s.magnitude,
                           s.mag_type, s.depth_km, ST_SetSRID(ST_MakePoint(s.longitude, s.latitude), 4326)::geography,
                           s.place, s.status, s.tsunami, s.significance, s.network, s.code, s.alert_level, s.felt,
                           s.cdi, s.mmi, s.url, coalesce(s.extras::jsonb, '{}')
                      FROM unnest(:ord::int8[], :source_id::text[], :occurred_at::timestamptz[],
                                  :source_updated_at::timestamptz[], :latitude::float8[], :longitude::float8[],
                                  :magnitude::float8[], :mag_type::text[], :depth_km::float8[], :place::text[],
                                  :status::text[], :tsunami::bool[], :significance::int4[], :network::text[],
                                  :code::text[], :alert_level::text[], :felt::int4[], :cdi::float8[], :mmi::float8[],
                                  :url::text[], :extras::text[])
                           AS s(ord, source_id, occurred_at, source_updated_at, latitude, longitude, magnitude, mag_type,
                                depth_km, place, status, tsunami, significance, network, code, alert_level, felt, cdi,
                                mmi, url, extras)
                     -- an archived event stays in the archive, unchanged: it is never inserted again as live
                     WHERE NOT EXISTS (SELECT FROM celestial.earthquakes_archive_keys a WHERE a.source_id = s.source_id)
                     ORDER BY s.source_id, s.source_updated_at DESC NULLS LAST, s.ord DESC
                    ON CONFLICT (source_id) DO UPDATE
                       SET occurred_at = EXCLUDED.occurred_at, source_updated_at = EXCLUDED.source_updated_at,
                           magnitude = EXCLUDED.magnitude, mag_type = EXCLUDED.mag_type, depth_km = EXCLUDED.depth_km,
                           location = EXCLUDED.location, place = EXCLUDED.place, status = EXCLUDED.status,
                           tsunami = EXCLUDED.tsunami, significance = EXCLUDED.significance, network = EXCLUDED.network,
                           code = EXCLUDED.code, alert_level = EXCLUDED.alert_level, felt = EXCLUDED.felt,
                           cdi = EXCLUDED.cdi, mmi = EXCLUDED.mmi, url = EXCLUDED.url, extras = EXCLUDED.extras,
                           updated_at = now()
                     WHERE EXCLUDED.source_updated_at > t.source_updated_at
                        OR (t.source_updated_at IS NULL AND EXCLUDED.source_updated_at IS NOT NULL)
                    RETURNING (xmax = 0) AS inserted""";
    }
}
