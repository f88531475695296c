package dev.celestial.solar;

import dev.celestial.ingest.Column;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Solar flares and CMEs into {@code celestial.solar_events}: own records, DONKI FLR and CME arrays. */
@Component
class SolarEventIngest extends IngestKind<SolarEvent> {

    static final Table<SolarEvent> TABLE = Table.<SolarEvent>of("celestial.solar_events")
            .column(Column.text("kind", SolarEvent::kind))
            .key(Column.text("event_id", SolarEvent::eventId))
            .column(Column.time("begin_at", SolarEvent::begin))
            .column(Column.time("peak_at", SolarEvent::peak))
            .column(Column.time("end_at", SolarEvent::end))
            .column(Column.text("class_type", SolarEvent::classType))
            .column(Column.text("source_location", SolarEvent::sourceLocation))
            .column(Column.int4("active_region", SolarEvent::activeRegion))
            .column(Column.float8("cme_speed_kms", SolarEvent::speedKms))
            .column(Column.float8("cme_half_angle", SolarEvent::halfAngle))
            .column(Column.float8("cme_latitude", SolarEvent::latitude))
            .column(Column.float8("cme_longitude", SolarEvent::longitude))
            .column(Column.text("linked_event_ids", SolarEvent::linkedEventIds),
                    "ARRAY(SELECT jsonb_array_elements_text(s.linked_event_ids::jsonb))")
            .column(Column.int4("source_version", SolarEvent::version))
            .column(Column.time("source_updated_at", SolarEvent::submitted))
            .column(Column.text("details", SolarEvent::details), "s.details::jsonb")
            .skip("""
                     -- an archived event stays in the archive, unchanged: it is never inserted again as live
                     WHERE NOT EXISTS (SELECT FROM celestial.solar_events_archive_keys a WHERE a.event_id = s.event_id)""")
            // the higher version is newer, then the later submission; a missing one is the oldest
            .newerWhen(List.of("s.source_version DESC NULLS LAST", "s.source_updated_at DESC NULLS LAST"), """
                    (coalesce(EXCLUDED.source_version, -1), coalesce(EXCLUDED.source_updated_at, '-infinity'))
                         > (coalesce(t.source_version, -1), coalesce(t.source_updated_at, '-infinity'))""")
            .stampsUpdatedAt()
            .build();

    /** Most events one event may link to: DONKI links a handful, hundreds are no upstream record. */
    static final int MAX_LINKED = 100;

    static final Set<String> FIELDS = Set.of("kind", "eventId", "beginTime", "peakTime", "endTime", "classType",
            "sourceLocation", "activeRegion", "speedKms", "halfAngle", "latitude", "longitude", "linkedEventIds",
            "version", "submissionTime", "note");

    /** Triggers name a solar event by its DONKI id; {@code minClass} compares a flare's class by intensity. */
    static final Watch<SolarEvent> WATCH = new Watch<>("event_id", "event_id = ANY(:k0::text[])",
            "jsonb_build_object('kind', kind, 'classType', class_type, 'begin', begin_at, 'peak', peak_at,"
                    + " 'speedKms', cme_speed_kms, 'sourceLocation', source_location, 'activeRegion', active_region)",
            false,
            Map.of("kind", Field.text("kind"), "speedKms", Field.number("cme_speed_kms"),
                    "halfAngle", Field.number("cme_half_angle"), "activeRegion", Field.number("active_region"),
                    "minClass", Field.flareClass("class_intensity")),
            List.of(SolarEvent::eventId));

    SolarEventIngest() {
        super("solar-events", "solar_event", TABLE, FIELDS, WATCH);
    }

    @Override
    protected SolarEvent record(Fields f) {
        String kind = f.text("kind", true);
        if (kind != null && !kind.equals("flare") && !kind.equals("cme")) {
            f.error("kind", "must be flare or cme");
        }
        ArrayNode linked = JsonNodeFactory.instance.arrayNode();
        JsonNode ids = f.node().path("linkedEventIds");
        if (ids.isArray() && linkable(f, "linkedEventIds", ids)) {
            for (int i = 0; i < ids.size(); i++) {
                linked.add(eventId(f, "linkedEventIds[" + i + "]", f.text("linkedEventIds[" + i + "]", ids.get(i))));
            }
        } else if (!ids.isArray() && !ids.isMissingNode() && !ids.isNull()) {
            f.error("linkedEventIds", "must be an array of strings");
        }
        String note = f.text("note", false);
        return new SolarEvent(kind, eventId(f, "eventId"), f.time("beginTime", true), f.time("peakTime", false),
                f.time("endTime", false), classType(f, "classType"), location(f, "sourceLocation"),
                f.integer("activeRegion", false, 0, 1_000_000), f.number("speedKms", false, 0, 10_000),
                f.number("halfAngle", false, 0, 180), f.number("latitude", false, -90, 90),
                f.number("longitude", false, -180, 180), linked.toString(), f.integer("version", false, 0, 1_000_000),
                f.revision("submissionTime", false),
                note == null ? "{}" : JsonNodeFactory.instance.objectNode().put("note", note).toString());
    }

    static String eventId(Fields f, String name) {
        return eventId(f, name, f.text(name, true));
    }

    /** {@code id}, read from {@code name}, if it may be an event id. */
    static String eventId(Fields f, String name, String id) {
        if (id != null && (id.isBlank() || id.length() > 128)) {
            f.error(name, "must be 1 to 128 characters");
            return null;
        }
        return id;
    }

    static String classType(Fields f, String name) {
        String value = f.text(name, false);
        // digits bounded: the intensity is computed as a double, which a class such as X999...9 overflows
        if (value != null && !value.matches("[ABCMX][0-9]{1,3}(\\.[0-9]{1,3})?")) {
            f.error(name, "must be a GOES class such as M1.8 or X9.3");
            return null;
        }
        return value;
    }

    static String location(Fields f, String name) {
        String value = f.text(name, false);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The named DONKI fields that are present, as a JSON object for {@code details}; each is held to what
     * jsonb takes and to a size ({@link Fields#json}).
     */
    static ObjectNode pick(Fields f, String... names) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        for (String name : names) {
            JsonNode value = f.node().path(name);
            if (!value.isMissingNode() && !value.isNull() && f.json(name, value) != null) {
                details.set(name, value);
            }
        }
        return details;
    }

    /** The ids of DONKI's linkedEvents[].activityID as a JSON array; events without a text id are skipped. */
    static String linkedIds(Fields f) {
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        JsonNode events = f.node().path("linkedEvents");
        if (events.isArray() && linkable(f, "linkedEvents", events)) {
            for (int i = 0; i < events.size(); i++) {
                JsonNode id = events.get(i).path("activityID");
                if (id.isString()) {
                    String name = "linkedEvents[" + i + "].activityID";
                    ids.add(eventId(f, name, f.text(name, id)));
                }
            }
        }
        return ids.toString();
    }

    private static boolean linkable(Fields f, String name, JsonNode links) {
        if (links.size() > MAX_LINKED) {
            f.error(name, "must link at most " + MAX_LINKED + " events");
            return false;
        }
        return true;
    }

    @Override
    public Map<String, NativeFormat<SolarEvent>> nativeFormats() {
        return Map.of("donki-flr", new DonkiFlares(), "donki-cme", new DonkiCmes());
    }
}
