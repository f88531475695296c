package dev.celestial.correlation;

import java.util.List;

/**
 * The kinds a correlation rule or a sign's matcher may name, each with its table, the text form of its
 * natural key (an event's {@code ref}), the time it is placed at, and its location where it has one.
 * A volcanic eruption's ref is {@code <volcano number>/<eruption start, UTC, to the second>} (as alerts name it), e.g.
 * {@code 211060/2021-09-19T14:10:00Z}; an earthquake's its source id, a solar event's its DONKI id.
 * Unlike triggers, which any kind joins by declaring a {@link dev.celestial.ingest.Watch}, rules are
 * written per kind (a side's thresholds are code: {@link Side}), so a kind joins them here.
 */
public enum EventKind {

    EARTHQUAKE("earthquake", "celestial.earthquakes", "%s.source_id", "%s.occurred_at", "%s.location",
            List.of("source_id")),
    /** Placed at its begin time (the indexed one; DONKI always gives it). */
    SOLAR_EVENT("solar_event", "celestial.solar_events", "%s.event_id", "%s.begin_at", null,
            List.of("event_id")),
    VOLCANIC_ACTIVITY("volcanic_activity", "celestial.volcanic_activity",
            "%1$s.volcano_number || '/' || to_char(%1$s.eruption_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            "%s.eruption_start", "%s.location", List.of("volcano_number", "eruption_start"));

    private final String label;
    private final String table;
    private final String ref;
    private final String time;
    private final String location;
    private final List<String> keyColumns;

    EventKind(String label, String table, String ref, String time, String location, List<String> keyColumns) {
        this.label = label;
        this.table = table;
        this.ref = ref;
        this.time = time;
        this.location = location;
        this.keyColumns = keyColumns;
    }

    /** The name in rules, matchers and {@code event_correlations}, e.g. {@code solar_event}. */
    public String label() {
        return label;
    }

    public String table() {
        return table;
    }

    /** The ref expression over the table aliased {@code alias}. */
    public String ref(String alias) {
        return ref.formatted(alias);
    }

    public String time(String alias) {
        return time.formatted(alias);
    }

    /** The geography expression, or null for a kind without a place on Earth. */
    public String location(String alias) {
        return location == null ? null : location.formatted(alias);
    }

    public boolean located() {
        return location != null;
    }

    /** The ingest columns holding the natural key. */
    List<String> keyColumns() {
        return keyColumns;
    }

    /** The kind named {@code label}, or null. */
    public static EventKind of(String label) {
        for (EventKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        return null;
    }

    public static String labels() {
        return String.join(", ", java.util.Arrays.stream(values()).map(EventKind::label).toList());
    }
}
