package dev.celestial.alert;

import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.Watch;
import java.util.Map;

/**
 * A kind a trigger can watch, as its kind declares it ({@link IngestKind#watch()}): its label in
 * {@code data_triggers.event_kind} and {@code alerts}, its table, and what triggers may see of it.
 */
record EventKind(String label, String table, Watch<?> watch) {

    static EventKind of(IngestKind<?> kind) {
        return new EventKind(kind.eventKind(), kind.table().name(), kind.watch());
    }

    boolean located() {
        return watch.located();
    }

    Map<String, Watch.Field> fields() {
        return watch.fields();
    }
}
