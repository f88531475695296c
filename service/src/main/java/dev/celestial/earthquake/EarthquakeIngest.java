package dev.celestial.earthquake;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.DirectCopy;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.NativeFormat;
import dev.celestial.ingest.Table;
import dev.celestial.ingest.Watch.Field;
import dev.celestial.ingest.Watch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Earthquakes into {@code celestial.earthquakes}: own NDJSON/JSON records and USGS GeoJSON. */
@Component
class EarthquakeIngest extends IngestKind<Earthquake> {

    /** {@code location} is staged as degrees, which trigger conditions and correlation sides read. */
    static final Table<Earthquake> TABLE = Table.<Earthquake>of("celestial.earthquakes")
            .key(Column.text("source_id", Earthquake::sourceId))
            .column(Column.time("occurred_at", Earthquake::time))
            .column(Column.time("source_updated_at", Earthquake::updated))
            .column(Column.float8("magnitude", Earthquake::magnitude))
            .column(Column.text("mag_type", Earthquake::magType))
            .column(Column.float8("depth_km", Earthquake::depthKm))
            .point("location", Column.float8("latitude", Earthquake::latitude), Column.float8("longitude", Earthquake::longitude))
            .column(Column.text("place", Earthquake::place))
            .column(Column.text("status", Earthquake::status))
            .column(Column.bool("tsunami", Earthquake::tsunami))
            .column(Column.int4("significance", Earthquake::sig))
            .column(Column.text("network", Earthquake::net))
            .column(Column.text("code", Earthquake::code))
            .column(Column.text("alert_level", Earthquake::alert))
            .column(Column.int4("felt", Earthquake::felt))
            .column(Column.float8("cdi", Earthquake::cdi))
            .column(Column.float8("mmi", Earthquake::mmi))
            .column(Column.text("url", Earthquake::url))
            .column(Column.text("extras", Earthquake::extras), "coalesce(s.extras::jsonb, '{}')",
                    q -> q.extras() == null ? "{}" : q.extras())
            .skip("""
                     -- an archived event stays in the archive, unchanged: it is never inserted again as live
                     WHERE NOT EXISTS (SELECT FROM celestial.earthquakes_archive_keys a WHERE a.source_id = s.source_id)""")
            .newerBy("source_updated_at")
            .stampsUpdatedAt()
            .build();

    static final Set<String> FIELDS = Set.of("sourceId", "time", "updated", "latitude", "longitude", "magnitude",
            "magType", "depthKm", "place", "status", "tsunami", "sig", "net", "code", "alert", "felt", "cdi", "mmi", "url");

    static final Set<String> ALERT_LEVELS = Set.of("green", "yellow", "orange", "red");

    /** Triggers name an earthquake by its source id; an alert keeps its magnitude, place, time and position. */
    static final Watch<Earthquake> WATCH = new Watch<>("source_id", "source_id = ANY(:k0::text[])",
            "jsonb_build_object('magnitude', magnitude, 'magType', mag_type, 'place', place, 'time', occurred_at,"
                    + " 'latitude', ST_Y(location::geometry), 'longitude', ST_X(location::geometry), 'depthKm', depth_km,"
                    + " 'tsunami', tsunami, 'alert', alert_level)",
            true,
            Map.of("magnitude", Field.number("magnitude"), "depthKm", Field.number("depth_km"),
                    "significance", Field.number("significance"), "felt", Field.number("felt"), "cdi", Field.number("cdi"),
                    "mmi", Field.number("mmi"), "tsunami", Field.bool("tsunami"), "alertLevel", Field.text("alert_level"),
                    "status", Field.text("status"), "magType", Field.text("mag_type")),
            List.of(Earthquake::sourceId));

    EarthquakeIngest() {
        super("earthquakes", "earthquake", TABLE, FIELDS, WATCH);
    }

    @Override
    protected Earthquake record(Fields f) {
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

    /** New earthquakes go in with COPY: the table's columns, {@code location} as EWKT (which {@code geography} reads exactly). */
    @Override
    public DirectCopy<Earthquake> directCopy() {
        // an archived key counts as existing: such a chunk goes through the upsert, which skips it
        return new DirectCopy<>(Earthquake::sourceId, """
                SELECT (SELECT count(*) FROM celestial.earthquakes WHERE source_id = ANY(:keys::text[]))
                     + (SELECT count(*) FROM celestial.earthquakes_archive_keys WHERE source_id = ANY(:keys::text[])) AS existing""",
                TABLE.copied());
    }
}
