package dev.celestial.alert;

import dev.celestial.earthquake.Earthquake;
import dev.celestial.meteor.MeteorShower;
import dev.celestial.orbit.OrbitalElements;
import dev.celestial.risk.ImpactRisk;
import dev.celestial.solar.SolarEvent;
import dev.celestial.volcano.Eruption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The kinds a trigger can watch ({@code data_triggers.event_kind}), each with its table, how its natural
 * key is matched and written as {@code alerts.event_ref}, the fields a condition may name (each a fixed
 * column expression: the whitelist), and the values an alert keeps as its context.
 */
enum EventKind {

    EARTHQUAKE("earthquake", "earthquakes", "celestial.earthquakes", "source_id",
            "source_id = ANY(:k0::text[])",
            "jsonb_build_object('magnitude', magnitude, 'magType', mag_type, 'place', place, 'time', occurred_at,"
                    + " 'latitude', ST_Y(location::geometry), 'longitude', ST_X(location::geometry), 'depthKm', depth_km,"
                    + " 'tsunami', tsunami, 'alert', alert_level)",
            true,
            Map.of("magnitude", Field.number("magnitude"), "depthKm", Field.number("depth_km"),
                    "significance", Field.number("significance"), "felt", Field.number("felt"), "cdi", Field.number("cdi"),
                    "mmi", Field.number("mmi"), "tsunami", Field.bool("tsunami"), "alertLevel", Field.text("alert_level"),
                    "status", Field.text("status"), "magType", Field.text("mag_type")),
            List.of(record -> ((Earthquake) record).sourceId())),

    SOLAR_EVENT("solar_event", "solar-events", "celestial.solar_events", "event_id",
            "event_id = ANY(:k0::text[])",
            "jsonb_build_object('kind', kind, 'classType', class_type, 'begin', begin_at, 'peak', peak_at,"
                    + " 'speedKms', cme_speed_kms, 'sourceLocation', source_location, 'activeRegion', active_region)",
            false,
            Map.of("kind", Field.text("kind"), "speedKms", Field.number("cme_speed_kms"),
                    "halfAngle", Field.number("cme_half_angle"), "activeRegion", Field.number("active_region")),
            List.of(record -> ((SolarEvent) record).eventId())),

    IMPACT_RISK("impact_risk", "impact-risks", "celestial.impact_risks", "designation",
            "designation = ANY(:k0::text[])",
            "jsonb_build_object('designation', designation, 'fullName', full_name, 'torinoMax', torino_max,"
                    + " 'palermoCumulative', palermo_cumulative, 'impactProbability', impact_probability, 'diameterKm', diameter_km)",
            false,
            Map.of("torinoMax", Field.number("torino_max"), "palermoCumulative", Field.number("palermo_cumulative"),
                    "palermoMax", Field.number("palermo_max"), "impactProbability", Field.number("impact_probability"),
                    "diameterKm", Field.number("diameter_km"), "impactCount", Field.number("impact_count"),
                    "vInfKms", Field.number("v_inf_kms"), "hMag", Field.number("h_mag")),
            List.of(record -> ((ImpactRisk) record).designation())),

    /** Keyed by volcano and eruption start: the reference is {@code <volcano number>/<start, ISO 8601 UTC to the second>}. */
    VOLCANIC_ACTIVITY("volcanic_activity", "volcanic-activity", "celestial.volcanic_activity",
            "volcano_number || '/' || to_char(eruption_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            "(volcano_number, eruption_start) IN (SELECT n, s::timestamptz FROM unnest(:k0::text[], :k1::text[]) AS k (n, s))",
            "jsonb_build_object('volcanoName', volcano_name, 'volcanoNumber', volcano_number, 'start', eruption_start, 'vei', vei,"
                    + " 'alertLevel', alert_level, 'latitude', ST_Y(location::geometry), 'longitude', ST_X(location::geometry))",
            true,
            Map.of("vei", Field.number("vei"), "elevationM", Field.number("elevation_m"),
                    "alertLevel", Field.text("alert_level"), "activityType", Field.text("activity_type")),
            List.of(record -> ((Eruption) record).volcanoNumber(), record -> String.valueOf(((Eruption) record).start()))),

    /** Keyed by shower and season: the reference is {@code <IAU code>/<season year>}. */
    METEOR_SHOWER("meteor_shower", "meteor-showers", "celestial.meteor_showers", "iau_code || '/' || season_year",
            "(iau_code, season_year) IN (SELECT c, y::int FROM unnest(:k0::text[], :k1::text[]) AS k (c, y))",
            "jsonb_build_object('iauCode', iau_code, 'seasonYear', season_year, 'name', name, 'peak', peak_at, 'zhr', zhr)",
            false,
            Map.of("zhr", Field.number("zhr"), "velocityKms", Field.number("velocity_kms"), "iauCode", Field.text("iau_code")),
            List.of(record -> ((MeteorShower) record).iauCode(), record -> String.valueOf(((MeteorShower) record).seasonYear()))),

    ORBITAL_ELEMENTS("orbital_elements", "orbital-elements", "celestial.orbital_elements", "designation",
            "designation = ANY(:k0::text[])",
            "jsonb_build_object('designation', designation, 'fullName', full_name, 'orbitClass', orbit_class, 'e', e, 'q', q,"
                    + " 'i', i, 'neo', is_neo, 'pha', is_pha)",
            false,
            Map.of("e", Field.number("e"), "a", Field.number("a"), "q", Field.number("q"), "i", Field.number("i"),
                    "neo", Field.bool("is_neo"), "pha", Field.bool("is_pha"), "interstellar", Field.bool("is_interstellar"),
                    "orbitClass", Field.text("orbit_class")),
            List.of(record -> ((OrbitalElements) record).designation()));

    /** A field a condition may name: its column expression and how its value is compared. */
    record Field(String column, Type type) {
        enum Type { NUMBER, BOOLEAN, TEXT }

        static Field number(String column) {
            return new Field(column, Type.NUMBER);
        }

        static Field bool(String column) {
            return new Field(column, Type.BOOLEAN);
        }

        static Field text(String column) {
            return new Field(column, Type.TEXT);
        }
    }

    final String label;
    final String ingestName;
    final String table;
    final String ref;
    final String keyMatch;
    final String context;
    final boolean located;
    final Map<String, Field> fields;
    final List<Function<Object, String>> keyParts;

    EventKind(String label, String ingestName, String table, String ref, String keyMatch, String context, boolean located,
              Map<String, Field> fields, List<Function<Object, String>> keyParts) {
        this.label = label;
        this.ingestName = ingestName;
        this.table = table;
        this.ref = ref;
        this.keyMatch = keyMatch;
        this.context = context;
        this.located = located;
        this.fields = fields;
        this.keyParts = keyParts;
    }

    /** The kind named {@code label} in {@code data_triggers.event_kind}, or null. */
    static EventKind of(String label) {
        for (EventKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        return null;
    }

    /** The kind an ingest kind ({@code IngestKind.name()}) writes, or null when triggers cannot watch it (ephemeris). */
    static EventKind ofIngest(String ingestName) {
        for (EventKind kind : values()) {
            if (kind.ingestName.equals(ingestName)) {
                return kind;
            }
        }
        return null;
    }

    static List<String> labels() {
        return java.util.Arrays.stream(values()).map(kind -> kind.label).toList();
    }
}
